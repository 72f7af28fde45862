// The pages' one stylesheet, served from this server (the pages' Content-Security-Policy allows no other): system
// fonts, readable measure, large enough touch targets on a phone, contrast above WCAG AA, and a print style
// that writes out where links lead.
/** The site's icon: a speech bubble with a tick. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="2" y="3" width="28" height="21" rx="5" fill="#0b5394"/><path d="M9 24l-3 6 9-6z" fill="#0b5394"/><path d="M10 14l4 4 8-9" stroke="#fff" stroke-width="3" fill="none"/></svg>`;

export const PAGE_CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --line: #d6d6d6; --accent: #0b5394; --mark: #fff3b0; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header.site, main, footer.site { max-width: 46rem; margin: 0 auto; padding: 0.75rem 1rem; }
header.site { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; border-bottom: 1px solid var(--line); }
header.site .home { font-weight: 700; color: var(--ink); text-decoration: none; }
form[role=search] { display: flex; gap: 0.5rem; flex: 1 1 16rem; }
form[role=search] input { flex: 1; min-width: 0; font: inherit; padding: 0.45rem 0.6rem; border: 1px solid #767676; border-radius: 4px; }
form[role=search] button { font: inherit; padding: 0.45rem 0.9rem; border: 0; border-radius: 4px; background: var(--accent); color: #fff; }
a { color: var(--accent); }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.3rem 0 0.8rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.25rem; }
.kind { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8rem; color: var(--muted); margin: 0; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0 1.5rem; }
.statement { border-left: 3px solid var(--line); padding: 0.1rem 0 0.1rem 0.9rem; margin: 1rem 0; }
.statement.hidden { border-left-color: #b00020; }
.statement .quote, .statement .paraphrase { font-size: 1.1rem; margin: 0.3rem 0; }
.statement h1.quote, .statement h1.paraphrase { font-size: 1.45rem; }
.byline, .more, figcaption, .inferred, .topics { color: var(--muted); font-size: 0.95rem; }
.withheld { background: #fdecee; padding: 0.5rem 0.7rem; border-radius: 4px; }
figure.citation { margin: 0.6rem 0; }
blockquote { margin: 0; padding: 0.5rem 0.8rem; background: #f6f6f6; border-radius: 4px; }
blockquote p { margin: 0; }
.context { color: var(--muted); }
mark { background: var(--mark); color: inherit; padding: 0 0.1em; }
.status-missing { color: #b00020; font-weight: 600; }
.timeline { list-style: none; padding: 0; }
.timeline > li { margin: 0 0 1.5rem; }
.stance { font-weight: 600; margin: 0; }
.results li, .disputes li { margin: 0 0 0.9rem; }
.snippet { margin: 0.2rem 0 0; color: var(--muted); }
footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.9rem; margin-top: 2rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media print {
  header.site form, footer.site { display: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; word-break: break-all; }
  blockquote { background: none; border-left: 2px solid #999; }
}
`;
