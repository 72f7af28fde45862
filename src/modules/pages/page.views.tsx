import type { ComponentChildren, JSX } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { isVisibleByDefault } from '../statements/statement.types';

// The public pages as preact components rendered to a string on the server: every text and attribute is escaped
// by the renderer, so nothing a record holds can become markup. The only markup that is not built from
// components is the JSON-LD block, serialised with `<` escaped (so it cannot close its script element).
// No script runs in the page; it works without JavaScript and loads nothing from other hosts.

export const STYLESHEET = '/pages/style.css';
export const FAVICON = '/favicon.svg';

/** A path for a record's page: its global ID, then optionally a slug of its words, which is ignored. */
export function pagePath(kind: 'claims' | 'statements' | 'speakers' | 'sources', id: string, words?: string): string {
  const whole = (words ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  // At most 60 characters, cut at a word's end.
  const slug = whole.length <= 60 ? whole : whole.slice(0, 61).replace(/-[^-]*$/, '');
  return `/${kind}/${encodeURIComponent(id)}${slug ? `/${slug}` : ''}`;
}

const speakerPath = (s: { id: string; name: string }) => pagePath('speakers', s.id, s.name);

/** Only web addresses become links; anything else is shown as text. */
const webUrl = (url: string | null | undefined): string | undefined => (url && /^https?:\/\//i.test(url) ? url : undefined);

const STANCE_WORDS: Record<string, string> = {
  ASSERTS: 'asserts',
  DENIES: 'denies',
  DEMANDS: 'demands',
  PROPOSES: 'proposes',
  ACCEPTS: 'accepts',
  REJECTS: 'rejects',
  QUESTIONS: 'questions',
};
const STATUS_WORDS: Record<string, string> = {
  VERIFIED: 'Checked against the archived source text',
  MOVED: 'Found in the archived source text, at a new place after the text changed',
  MISSING: 'No longer found in the archived source text',
  UNVERIFIED: 'Not checked: no archived source text',
};

export interface PageMeta {
  title: string;
  description: string;
  /** Absolute URL of the page, for the canonical link and Open Graph. */
  url: string;
  jsonLd: object;
  type?: 'article' | 'profile' | 'website';
}

function Layout({ meta, children }: { meta: PageMeta; children: ComponentChildren }) {
  const jsonLd = JSON.stringify(meta.jsonLd).replace(/</g, '\\u003c');
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${meta.title} — Fact tracker`}</title>
        <meta name="description" content={meta.description} />
        <link rel="canonical" href={meta.url} />
        <link rel="stylesheet" href={STYLESHEET} />
        <link rel="icon" href={FAVICON} type="image/svg+xml" />
        <meta property="og:type" content={meta.type ?? 'article'} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:description" content={meta.description} />
        <meta property="og:url" content={meta.url} />
        <meta property="og:site_name" content="Fact tracker" />
        <meta name="twitter:card" content="summary" />
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
      </head>
      <body>
        <header class="site">
          <a href="/" class="home">
            Fact tracker
          </a>
          <form action="/" method="get" role="search">
            <label for="q" class="visually-hidden">
              Search statements, claims, people and sources
            </label>
            <input id="q" name="q" type="search" placeholder="Search: ceasefire, Zelensky…" />
            <button type="submit">Search</button>
          </form>
        </header>
        <main>{children}</main>
        <footer class="site">
          <p>
            Every quote links to the source it was read in. The data is also open to programs: <a href="/graphql">GraphQL API</a>,{' '}
            <a href="/export/statements.csv">CSV</a>, <a href="/export/statements.ndjson">NDJSON</a>.
          </p>
        </footer>
      </body>
    </html>
  );
}

/** A page as the HTML document sent. */
export const renderPage = (meta: PageMeta, body: JSX.Element): string =>
  `<!doctype html>${renderToString(<Layout meta={meta}>{body}</Layout>)}`;

/** A date at its precision, and whether an editor derived it. */
function SaidOn({ saidOn }: { saidOn: { date: string; precision: string; inferred: boolean } }) {
  const words =
    saidOn.precision === 'YEAR'
      ? `in ${saidOn.date}`
      : saidOn.precision === 'MONTH'
        ? `in ${monthName(saidOn.date)}`
        : `on ${dayName(saidOn.date)}`;
  return (
    <span class="date">
      <time dateTime={saidOn.date}>{words}</time>
      {saidOn.inferred ? <span class="inferred"> (date not given by the source: the day it was reported)</span> : null}
    </span>
  );
}
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthName = (date: string) => `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
const dayName = (date: string) => `${Number(date.slice(8, 10))} ${monthName(date)}`;

export function SpeakerName({ speaker, onBehalfOf }: { speaker: any; onBehalfOf?: any }) {
  return (
    <span class="speaker">
      <a href={speakerPath(speaker)}>{speaker.name}</a>
      {onBehalfOf ? (
        <>
          {' for '}
          <a href={speakerPath(onBehalfOf)}>{onBehalfOf.name}</a>
        </>
      ) : null}
    </span>
  );
}

function SourceLink({ source }: { source: any }) {
  const url = webUrl(source.url);
  return (
    <span class="source">
      <a href={pagePath('sources', source.id, source.title)}>{source.title}</a>
      {source.publisher ? `, ${source.publisher.name}` : ''}
      {source.publishedOn ? `, ${dayName(source.publishedOn)}` : ''}
      {url ? (
        <>
          {' ('}
          <a href={url} rel="nofollow noopener">
            original
          </a>
          {')'}
        </>
      ) : null}
      {source.republishes ? (
        <span class="republished">
          {', republishing '}
          <a href={pagePath('sources', source.republishes.id, source.republishes.title)}>{source.republishes.title}</a>
          {source.republishes.publisher ? ` (${source.republishes.publisher.name})` : ''}
        </span>
      ) : null}
    </span>
  );
}

function Citation({ citation }: { citation: any }) {
  const context = citation.context;
  return (
    <figure class="citation">
      <blockquote cite={webUrl(citation.source.url)}>
        {context ? (
          <p>
            <span class="context">…{context.before}</span>
            <mark>{context.exact}</mark>
            <span class="context">{context.after}…</span>
          </p>
        ) : (
          <p>{citation.excerpt ?? '(no excerpt recorded)'}</p>
        )}
      </blockquote>
      <figcaption>
        <SourceLink source={citation.source} />.{' '}
        <span class={`status status-${citation.status.toLowerCase()}`}>{STATUS_WORDS[citation.status]}</span>.
      </figcaption>
    </figure>
  );
}

/** A statement as a reader meets it: who, when, the words (or why they are withheld), and where they were read. */
export function Statement({ statement, citations, heading }: { statement: any; citations?: any[]; heading?: boolean }) {
  const hidden = !isVisibleByDefault(statement);
  const Words = heading ? 'h1' : 'p';
  return (
    <article class={`statement${hidden ? ' hidden' : ''}`}>
      <p class="byline">
        <SpeakerName speaker={statement.speaker} onBehalfOf={statement.onBehalfOf} />{' '}
        {statement.kind === 'QUOTE' ? 'said' : 'said, in substance,'} <SaidOn saidOn={statement.saidOn} />
        {statement.event ? <>, at {statement.event.name}</> : statement.setting ? <>, in {statement.setting}</> : null}:
      </p>
      {hidden ? (
        <p class="withheld">
          <strong>{statement.attributionStatus === 'RETRACTED' ? 'Retracted by its source' : 'Misattributed'}:</strong>{' '}
          {statement.attributionNote} The words are kept on record but not shown as a quote.
        </p>
      ) : (
        <Words class={statement.kind === 'QUOTE' ? 'quote' : 'paraphrase'}>
          {statement.kind === 'QUOTE' ? `“${statement.text}”` : statement.text}
        </Words>
      )}
      {heading ? null : (
        <p class="more">
          <a href={pagePath('statements', statement.id, statement.text)}>The statement, its sources and what contradicts it</a>
        </p>
      )}
      {(citations ?? []).map((c) => (
        <Citation citation={c} />
      ))}
    </article>
  );
}

const principal = (p: any) => p.onBehalfOf ?? p.speaker;

/** `path`: the page's own address (for the links to other pages of statements); `continued`: not the first page. */
export function ClaimBody({ claim, path, continued }: { claim: any; path: string; continued: boolean }) {
  const positions = claim.positions.edges.map((e: any) => e.node);
  const side = (name: string, label: string, connection: any) => (
    <section class={`side side-${name}`} aria-labelledby={`side-${name}`}>
      <h2 id={`side-${name}`}>{label}</h2>
      {connection.edges.length ? (
        <ul>
          {connection.edges.map(({ node }: any) => {
            const theirs = positions.filter((p: any) => principal(p).id === node.id);
            const spokes = [...new Set(theirs.filter((p: any) => p.onBehalfOf).map((p: any) => p.speaker.name))];
            return (
              <li>
                <a href={speakerPath(node)}>{node.name}</a>
                {spokes.length ? ` (through ${spokes.join(', ')})` : ''}
                {theirs.length ? ` — ${[...new Set(theirs.map((p: any) => STANCE_WORDS[p.stance]))].join(', ')}` : ''}
              </li>
            );
          })}
        </ul>
      ) : (
        <p>No one on record.</p>
      )}
    </section>
  );
  return (
    <>
      <p class="kind">Claim</p>
      <h1>{claim.text}</h1>
      {claim.topics.length ? <p class="topics">About {claim.topics.map((t: any) => t.name).join(', ')}.</p> : null}
      <div class="sides">
        {side('for', 'For it', claim.supporters)}
        {side('against', 'Against it', claim.opponents)}
      </div>
      <section aria-labelledby="verdicts">
        <h2 id="verdicts">Fact checks</h2>
        {claim.reviews.edges.length ? (
          <ul class="verdicts">
            {claim.reviews.edges.map(({ node }: any) => (
              <li>
                <strong>{node.ratingLabel}</strong> ({node.rating.replace(/_/g, ' ').toLowerCase()}) by {node.reviewer.name}
                {node.reviewedOn ? `, ${dayName(node.reviewedOn)}` : ''}
                {node.summary ? `: ${node.summary}` : ''}
                {webUrl(node.url) ? (
                  <>
                    {' '}
                    <a href={webUrl(node.url)} rel="nofollow noopener">
                      Read the fact check
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>No fact-checker has rated this claim in the record.</p>
        )}
      </section>
      <section aria-labelledby="timeline">
        <h2 id="timeline">Who said what, in date order</h2>
        <ol class="timeline">
          {positions.map((p: any) => (
            <li>
              <p class="stance">
                {p.side === 'FOR' ? 'For' : p.side === 'AGAINST' ? 'Against' : 'Neither'}: {principal(p).name} {STANCE_WORDS[p.stance]} it
              </p>
              <Statement statement={p.statement} citations={p.statement.citations} />
            </li>
          ))}
        </ol>
        <nav class="pages" aria-label="More statements">
          <p>
            {continued ? <a href={path}>From the first statement</a> : null}
            {continued && claim.positions.pageInfo.hasNextPage ? ' · ' : null}
            {claim.positions.pageInfo.hasNextPage ? (
              <a href={`${path}?after=${encodeURIComponent(claim.positions.pageInfo.endCursor)}`} rel="next">
                Later statements
              </a>
            ) : null}
          </p>
        </nav>
      </section>
    </>
  );
}

export function StatementBody({ statement }: { statement: any }) {
  const others = statement.relations.edges.map(({ node }: any) => ({
    ...node,
    other: node.from.id === statement.id ? node.to : node.from,
    outgoing: node.from.id === statement.id,
  }));
  return (
    <>
      <p class="kind">{statement.kind === 'QUOTE' ? 'Quote' : 'Paraphrase'}</p>
      <Statement statement={statement} heading citations={statement.citations} />
      {statement.positions.edges.length ? (
        <section aria-labelledby="claims">
          <h2 id="claims">Claims it takes a side on</h2>
          <ul>
            {statement.positions.edges.map(({ node }: any) => (
              <li>
                {STANCE_WORDS[node.stance]}: <a href={pagePath('claims', node.claim.id, node.claim.text)}>{node.claim.text}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {statement.counterClaims.edges.length ? (
        <section aria-labelledby="counter">
          <h2 id="counter">Who said the opposite</h2>
          {statement.counterClaims.edges.map(({ node }: any) => (
            <Statement statement={node} />
          ))}
        </section>
      ) : null}
      {others.length ? (
        <section aria-labelledby="links">
          <h2 id="links">Linked statements</h2>
          <ul>
            {others.map((r: any) => (
              <li>
                {r.outgoing ? `It ${r.kind.toLowerCase().replace(/_/g, ' ')}: ` : ''}
                <a href={pagePath('statements', r.other.id, r.other.text)}>{r.other.text}</a> ({r.other.speaker.name})
                {r.outgoing ? '' : ` ${r.kind.toLowerCase().replace(/_/g, ' ')} it`}
                {r.status === 'SUGGESTED' ? ' — suggested by the machine, not confirmed' : ''}
                {r.note ? `. ${r.note}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export function SpeakerBody({ speaker }: { speaker: any }) {
  const aliases = speaker.aliases.edges.map((e: any) => e.node);
  return (
    <>
      <p class="kind">{speaker.__typename === 'Person' ? 'Person' : 'Organisation'}</p>
      <h1>{speaker.name}</h1>
      {speaker.description ? <p class="description">{speaker.description}</p> : null}
      {aliases.length ? <p>Also written: {aliases.join(', ')}.</p> : null}
      {speaker.affiliations?.edges.length ? (
        <ul class="affiliations">
          {speaker.affiliations.edges.map(({ node }: any) => (
            <li>
              {node.title}, <a href={speakerPath(node.organization)}>{node.organization.name}</a>
              {node.startDate ? ` (since ${dayName(node.startDate)})` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {speaker.wikidataId ? (
        <p>
          <a href={`https://www.wikidata.org/wiki/${encodeURIComponent(speaker.wikidataId)}`} rel="nofollow noopener">
            Wikidata {speaker.wikidataId}
          </a>
        </p>
      ) : null}
      {speaker.claims.edges.length ? (
        <section aria-labelledby="sides">
          <h2 id="sides">Sides taken, by them or by those speaking for them</h2>
          <ul>
            {speaker.claims.edges.map(({ node }: any) => (
              <li>
                {STANCE_WORDS[node.stance]}: <a href={pagePath('claims', node.claim.id, node.claim.text)}>{node.claim.text}</a>
                {node.speaker.id !== speaker.id ? ` (through ${node.speaker.name})` : ''}, <SaidOn saidOn={node.statement.saidOn} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="said">
        <h2 id="said">What they said ({speaker.statements.totalCount})</h2>
        {speaker.statements.edges.map(({ node }: any) => (
          <Statement statement={node} citations={node.citations} />
        ))}
      </section>
    </>
  );
}

export function SourceBody({ source, citations }: { source: any; citations: any }) {
  const counts = source.citationCounts;
  return (
    <>
      <p class="kind">Source</p>
      <h1>{source.title}</h1>
      <p>
        <SourceLink source={source} />.
      </p>
      {source.republishedBy.edges.length ? (
        <p>
          Republished by:{' '}
          {source.republishedBy.edges.map(({ node }: any, i: number) => (
            <>
              {i ? ', ' : ''}
              <a href={pagePath('sources', node.id, node.title)}>{node.title}</a>
            </>
          ))}
          .
        </p>
      ) : null}
      <p class="archive">
        {source.contentHash
          ? `Its text was archived on ${dayName(new Date(source.archivedAt).toISOString().slice(0, 10))}. Of ${counts.total} quotes from it, ${counts.verified + counts.moved} are found in that text` +
            (counts.missing ? `, and ${counts.missing} no longer are.` : '.')
          : `No text of it is archived, so its ${counts.total} quotes are not checked against it.`}
      </p>
      <section aria-labelledby="quoted">
        <h2 id="quoted">Statements read in it ({citations.totalCount})</h2>
        {citations.edges.map(({ node }: any) => (
          <Statement statement={node.statement} citations={[{ ...node, source }]} />
        ))}
      </section>
    </>
  );
}

function Highlight({ text }: { text: string }) {
  // The search's snippet marks matches with <mark>; everything else in it is text.
  return <>{text.split(/(<mark>.*?<\/mark>)/g).map((part) => (part.startsWith('<mark>') ? <mark>{part.slice(6, -7)}</mark> : part))}</>;
}

const hitPath = (node: any): string | undefined =>
  node.__typename === 'Statement'
    ? pagePath('statements', node.id, node.text)
    : node.__typename === 'Claim'
      ? pagePath('claims', node.id, node.text)
      : node.__typename === 'Person' || node.__typename === 'Organization'
        ? pagePath('speakers', node.id, node.name)
        : node.__typename === 'Source'
          ? pagePath('sources', node.id, node.title)
          : undefined;

export function HomeBody({ q, search, disputes }: { q: string; search?: any; disputes: any }) {
  return (
    <>
      <h1>Who said what, when, and who said the opposite</h1>
      {search ? (
        <section aria-labelledby="results">
          <h2 id="results">{search.edges.length ? `Best matches for “${q}”` : `Nothing matches “${q}”`}</h2>
          <ol class="results">
            {search.edges.map(({ node: hit }: any) => {
              const path = hitPath(hit.node);
              const label = hit.node.text ?? hit.node.name ?? hit.node.title;
              return (
                <li>
                  <span class="kind">{hit.kind.toLowerCase()}</span> {path ? <a href={path}>{label}</a> : label}
                  {hit.highlight && hit.highlight !== label ? (
                    <p class="snippet">
                      <Highlight text={hit.highlight} />
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
      <section aria-labelledby="disputes">
        <h2 id="disputes">Latest disputes</h2>
        <ul class="disputes">
          {disputes.edges.map(({ node }: any) => (
            <li>
              <a href={pagePath('claims', node.id, node.text)}>{node.text}</a>
              <p>
                For: {node.supporters.edges.map((e: any) => e.node.name).join(', ')}. Against:{' '}
                {node.opponents.edges.map((e: any) => e.node.name).join(', ')}.
              </p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function ErrorBody({ status, message }: { status: number; message: string }) {
  return (
    <>
      <h1>{status === 404 ? 'Not in the record' : status === 400 ? 'Not an address of this site' : 'Something went wrong'}</h1>
      <p>{message}</p>
      <p>
        <a href="/">Search the record</a>
      </p>
    </>
  );
}
