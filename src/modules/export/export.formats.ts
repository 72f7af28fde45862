import { Transform } from 'node:stream';
import { stringify } from 'csv-stringify';

// The export formats, as streams from export records (export.query.ts, as JSON text) to the file's text. Each writes as records arrive, so
// memory stays flat whatever the size, and every format is valid once the stream ends.

export interface ExportSpeaker {
  id: string;
  type: string;
  name: string;
  wikidataId: string | null;
}
interface Review {
  reviewer: ExportSpeaker | null;
  ratingLabel: string;
  rating: string | null;
  url: string | null;
  reviewedOn: string | null;
  summary: string | null;
}
export interface ExportSource {
  id: string;
  url: string | null;
  title: string | null;
  kind: string;
  publishedOn: string | null;
  publisher: ExportSpeaker | null;
}
/** One statement as `exportRows` writes it. */
export interface ExportRecord {
  id: string;
  text: string;
  kind: string;
  language: string | null;
  saidOn: { date: string; precision: string; inferred: boolean };
  setting: string | null;
  attributionStatus: string;
  attributionNote: string | null;
  speaker: ExportSpeaker;
  onBehalfOf: ExportSpeaker | null;
  event: {
    id: string;
    name: string;
    location: string | null;
    startDate: string | null;
    endDate: string | null;
    description: string | null;
    outcome: string | null;
  } | null;
  citations: { source: ExportSource; excerpt: string | null; isPrimary: boolean }[];
  topics: { slug: string; name: string }[];
  mentions: ExportSpeaker[];
  positions: { stance: string; claim: { id: string; text: string; reviews: Review[] } }[];
  /** Its links to other statements (RESPONDS_TO, CONTRADICTS...), from this one to `to`. */
  links: { kind: string; to: string; status: string; note: string | null; source: ExportSource | null }[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type ExportFormat = 'csv' | 'ndjson' | 'jsonld';

export const EXPORT_FORMATS: Record<ExportFormat, { contentType: string }> = {
  csv: { contentType: 'text/csv; charset=utf-8' },
  ndjson: { contentType: 'application/x-ndjson; charset=utf-8' },
  jsonld: { contentType: 'application/ld+json; charset=utf-8' },
};

/** Several values in one cell. */
const LIST = ' | ';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or carriage return first, after any
 * spaces) gets a leading apostrophe, which spreadsheets show as text (OWASP's advice on CSV injection).
 */
export const neutralised = (cell: string): string => (/^\s*[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** The CSV columns, in order, and how each reads a record. The README's column dictionary describes them. */
export const CSV_COLUMNS: [string, (r: ExportRecord) => string | number | null][] = [
  ['id', (r) => r.id],
  ['text', (r) => r.text],
  ['kind', (r) => r.kind],
  ['language', (r) => r.language],
  ['said_on', (r) => r.saidOn.date],
  ['said_on_precision', (r) => r.saidOn.precision],
  ['said_on_inferred', (r) => String(r.saidOn.inferred)],
  ['speaker_id', (r) => r.speaker.id],
  ['speaker_name', (r) => r.speaker.name],
  ['speaker_type', (r) => r.speaker.type],
  ['on_behalf_of_id', (r) => r.onBehalfOf?.id ?? null],
  ['on_behalf_of_name', (r) => r.onBehalfOf?.name ?? null],
  ['event_id', (r) => r.event?.id ?? null],
  ['event_name', (r) => r.event?.name ?? null],
  ['setting', (r) => r.setting],
  ['attribution_status', (r) => r.attributionStatus],
  ['source_urls', (r) => r.citations.map((c) => c.source.url ?? '').join(LIST)],
  ['source_titles', (r) => r.citations.map((c) => c.source.title ?? '').join(LIST)],
  ['publishers', (r) => r.citations.map((c) => c.source.publisher?.name ?? '').join(LIST)],
  ['excerpts', (r) => r.citations.map((c) => c.excerpt ?? '').join(LIST)],
  ['topics', (r) => r.topics.map((t) => t.slug).join(LIST)],
  ['mentions', (r) => r.mentions.map((m) => m.name).join(LIST)],
  ['links', (r) => r.links.map((l) => `${l.kind} ${l.to}`).join(LIST)],
  ['claim_ids', (r) => r.positions.map((p) => p.claim.id).join(LIST)],
  ['positions', (r) => r.positions.map((p) => `${p.stance}: ${p.claim.text}`).join(LIST)],
  [
    'verdicts',
    (r) =>
      r.positions
        .flatMap((p) => p.claim.reviews.map((v) => `${v.reviewer?.name ?? 'unknown'}: ${v.ratingLabel} (${p.claim.text})`))
        .join(LIST),
  ],
  ['version', (r) => r.version],
  ['created_at', (r) => r.createdAt],
  ['updated_at', (r) => r.updatedAt],
];

/** RFC 4180 CSV with a header row; `bom` starts it with a UTF-8 byte order mark, which Excel needs to read UTF-8. */
function csvFormat(bom: boolean): Transform[] {
  const cells = new Transform({
    objectMode: true,
    transform(json: string, _encoding, done) {
      const record = JSON.parse(json) as ExportRecord;
      done(
        null,
        CSV_COLUMNS.map(([, read]) => {
          const value = read(record);
          return typeof value === 'string' ? neutralised(value) : value;
        }),
      );
    },
  });
  return [cells, stringify({ header: true, columns: CSV_COLUMNS.map(([name]) => name), bom, record_delimiter: 'windows' })];
}

/** One JSON record per line: the native format, which `npm run import` reads back. */
function ndjsonFormat(): Transform {
  return new Transform({
    writableObjectMode: true,
    transform(json: string, _encoding, done) {
      done(null, `${json}\n`);
    },
  });
}

const wikidata = (id: string | null) => (id ? `https://www.wikidata.org/wiki/${id}` : undefined);
const agent = (s: ExportSpeaker | null) =>
  s && { '@type': s.type === 'Person' ? 'Person' : 'Organization', identifier: s.id, name: s.name, sameAs: wikidata(s.wikidataId) };

/** A record as schema.org: a Quotation by its speaker, citing its sources, about the claims it takes a side on. */
export function jsonLdOf(r: ExportRecord): Record<string, unknown> {
  return {
    '@type': 'Quotation',
    identifier: r.id,
    text: r.text,
    inLanguage: r.language ?? undefined,
    dateCreated: r.saidOn.date,
    creator: agent(r.speaker),
    sourceOrganization: agent(r.onBehalfOf) ?? undefined,
    locationCreated: r.event
      ? { '@type': 'Event', identifier: r.event.id, name: r.event.name, location: r.event.location ?? undefined }
      : undefined,
    keywords: r.topics.length ? r.topics.map((t) => t.name).join(', ') : undefined,
    mentions: r.mentions.length ? r.mentions.map(agent) : undefined,
    citation: r.citations.map((c) => ({
      '@type': 'CreativeWork',
      identifier: c.source.id,
      url: c.source.url ?? undefined,
      name: c.source.title ?? undefined,
      datePublished: c.source.publishedOn ?? undefined,
      publisher: agent(c.source.publisher) ?? undefined,
      text: c.excerpt ?? undefined,
    })),
    about: r.positions.map((p) => ({
      '@type': 'Claim',
      identifier: p.claim.id,
      text: p.claim.text,
      review: p.claim.reviews.map((v) => ({
        '@type': 'ClaimReview',
        author: agent(v.reviewer) ?? undefined,
        url: v.url ?? undefined,
        datePublished: v.reviewedOn ?? undefined,
        reviewBody: v.summary ?? undefined,
        reviewRating: { '@type': 'Rating', alternateName: v.ratingLabel, ratingExplanation: v.rating ?? undefined },
      })),
    })),
    // The stance has no schema.org property of its own.
    additionalProperty: r.positions.map((p) => ({ '@type': 'PropertyValue', name: 'stance', value: p.stance, valueReference: p.claim.id })),
  };
}

/** A JSON-LD document with `@context` whose `@graph` lists the records: valid JSON once the stream ends. */
function jsonLdFormat(): Transform {
  let first = true;
  return new Transform({
    writableObjectMode: true,
    transform(json: string, _encoding, done) {
      const record = JSON.parse(json) as ExportRecord;
      const head = first ? '{"@context":"https://schema.org","@graph":[\n' : ',\n';
      first = false;
      done(null, head + JSON.stringify(jsonLdOf(record)));
    },
    flush(done) {
      done(null, first ? '{"@context":"https://schema.org","@graph":[]}\n' : '\n]}\n');
    },
  });
}

/** The streams that turn export records into `format`'s text, in order. */
export function formatStreams(format: ExportFormat, options: { bom?: boolean } = {}): Transform[] {
  if (format === 'csv') return csvFormat(options.bom ?? false);
  return [format === 'ndjson' ? ndjsonFormat() : jsonLdFormat()];
}
