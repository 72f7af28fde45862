import { Readability } from '@mozilla/readability';
import { convert } from 'html-to-text';
import { JSDOM, VirtualConsole } from 'jsdom';

// An HTML page reduced to the text a reader reads: Mozilla's Readability (Firefox's reader view) picks the
// article out of menus, sharing buttons and comments, and html-to-text writes it as paragraphs. The page is
// parsed inertly: jsdom runs no script and loads nothing (its defaults), and its console is silenced.

/** Readability gives up on pages with more elements than this rather than spend seconds on them. */
const MAX_ELEMENTS = 50_000;

const AS_TEXT = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'table', format: 'dataTable' },
  ],
};

/**
 * The readable text of an HTML page: its title, then its article's paragraphs separated by blank lines. A page
 * Readability finds no article in (a bare fragment, a post) is written whole, without scripts and styles.
 * `html` as bytes lets jsdom find the encoding (BOM, `<meta charset>`), as a browser would.
 */
export function readableText(html: string | Uint8Array, url?: string): string {
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  try {
    const document = dom.window.document;
    const title = document.title.trim();
    const article = new Readability(document.cloneNode(true) as Document, { maxElemsToParse: MAX_ELEMENTS }).parse();
    const body = article?.content
      ? convert(article.content, AS_TEXT)
      : convert(document.body?.innerHTML ?? '', {
          ...AS_TEXT,
          selectors: [...AS_TEXT.selectors, ...['script', 'style', 'noscript'].map((selector) => ({ selector, format: 'skip' }))],
        });
    const text = body.trim();
    return title && !text.startsWith(title) ? `${title}\n\n${text}` : text;
  } finally {
    dom.window.close();
  }
}
