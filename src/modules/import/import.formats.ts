import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import {
  Rating,
  SourceKind,
  StatementKind,
  type AttributionStatus,
  type DatePrecision,
  type RelationKind,
  type RelationStatus,
  type Stance,
} from '../../shared/enums';
import { decodeId } from '../../shared/global-id';
import { lines } from '../../shared/lines';
import type { ExportRecord, ExportSource, ExportSpeaker } from '../export/export.formats';
import { checkMapping, ImportFileError, mappedRows } from './import.mapping';
import { plainSpaces, slugOf, type ImportRecord, type SourceRef, type SpeakerRef } from './import.record';

export const IMPORT_FORMATS = ['ndjson', 'csv', 'claimreview'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One input record: read, or refused with the reason. `line` is where it starts in the file (1 is the first). */
export type InputItem = { line: number; record: ImportRecord } | { line: number; recordId?: string; reason: string };

/** The format a file name suggests. */
export function formatOf(file: string): ImportFormat | undefined {
  if (/\.(ndjson|jsonl)$/i.test(file)) return 'ndjson';
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(json|jsonld)$/i.test(file)) return 'claimreview';
  return undefined;
}

/**
 * The records of `file`, read as they stream in. `bytesRead` reports progress through the file. A file that is
 * not what its format says (a CSV without the mapping's columns, JSON that does not parse) throws ImportFileError
 * before the first record.
 */
export async function readRecords(
  file: string,
  format: ImportFormat,
  options: { mapping?: string; bytesRead?: (bytes: number) => void } = {},
): Promise<AsyncIterable<InputItem>> {
  if (format === 'csv') {
    if (!options.mapping)
      throw new ImportFileError('A CSV file needs a mapping file (--mapping M.json): see examples/mappings/liar2.json.');
    let json: unknown;
    try {
      json = JSON.parse(await readFile(options.mapping, 'utf8'));
    } catch (error) {
      throw new ImportFileError(`The mapping file ${options.mapping} cannot be read: ${(error as Error).message}`);
    }
    return csvRecords(file, checkMapping(json), options.bytesRead);
  }
  if (format === 'claimreview') return claimReviewRecords(file, options.bytesRead);
  return ndjsonRecords(file, options.bytesRead);
}

function fileStream(file: string, bytesRead?: (bytes: number) => void) {
  const stream = createReadStream(file);
  if (bytesRead) stream.on('data', () => bytesRead(stream.bytesRead));
  return stream;
}

async function* csvRecords(
  file: string,
  mapping: ReturnType<typeof checkMapping>,
  bytesRead?: (bytes: number) => void,
): AsyncIterable<InputItem> {
  const rows = mappedRows(mapping);
  // A record too broken to read is refused, and the parser goes on with the next one. One too large to read means
  // the quoting is broken from there on (csv-parse cannot find the next record after it): the import stops.
  const skipped: InputItem[] = [];
  let tooLarge: { lines?: number } | undefined;
  const stopIfTooLarge = () => {
    if (tooLarge) {
      throw new ImportFileError(
        `Line ${tooLarge.lines}: a record longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters, so the file's quoting is ` +
          'broken from there (an unclosed quote?). The records before it were imported; fix the file and run the import again.',
      );
    }
  };
  const parser = fileStream(file, bytesRead).pipe(
    parse({
      bom: true,
      delimiter: mapping.delimiter ?? ',',
      relax_column_count: true,
      info: true,
      max_record_size: MAX_RECORD_CHARS,
      skip_records_with_error: true,
      on_skip: (error) => {
        const at = error as (Error & { code?: string; lines?: number }) | undefined;
        if (at?.code === 'CSV_MAX_RECORD_SIZE') tooLarge = at;
        else skipped.push({ line: at?.lines ?? 0, reason: `The record cannot be read: ${at?.message}.` });
      },
      columns: (header: string[]) => {
        rows.checkColumns(header);
        return header;
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number; records: number };
  }>) {
    yield* skipped.splice(0);
    stopIfTooLarge();
    // info.lines is where the record ends; a quoted field can span lines.
    const line = info.lines;
    try {
      yield { line, record: rows.record(record) };
    } catch (error) {
      yield { line, recordId: record[mapping.columns.id], reason: `${(error as Error).message}.` };
    }
  }
  yield* skipped.splice(0);
  stopIfTooLarge();
}

/** The most one CSV record or NDJSON line may take: far more than a statement with 50 citations needs. */
const MAX_RECORD_CHARS = 1_000_000;
const MAX_RECORD_BYTES = 4 * MAX_RECORD_CHARS;
/** A ClaimReview document is parsed whole: larger ones should come as several files (or as NDJSON). */
const MAX_DOCUMENT_BYTES = 256_000_000;

async function* ndjsonRecords(file: string, bytesRead?: (bytes: number) => void): AsyncIterable<InputItem> {
  for await (const { line, text } of lines(fileStream(file, bytesRead), MAX_RECORD_BYTES)) {
    if (text === undefined) {
      yield { line, reason: `The line is longer than ${MAX_RECORD_BYTES / 1_000_000} MB, the most a record may take.` };
      continue;
    }
    if (!text.trim()) continue;
    let json: ExportRecord;
    try {
      json = JSON.parse(text) as ExportRecord;
    } catch (error) {
      if (line === 1)
        throw new ImportFileError(`${file} is not NDJSON (one JSON record per line): line 1 does not parse: ${(error as Error).message}`);
      yield { line, reason: `The line is not JSON: ${(error as Error).message}.` };
      continue;
    }
    try {
      yield { line, record: fromNative(json) };
    } catch (error) {
      yield { line, recordId: typeof json?.id === 'string' ? json.id : undefined, reason: (error as Error).message };
    }
  }
}

const uuidOf = (globalId: string, field: string, types: string[]): string => decodeId(globalId, field, types).id;
const nativeSpeaker = (s: ExportSpeaker | null, field: string): SpeakerRef | null =>
  s && {
    id: uuidOf(s.id, `${field}.id`, ['Person', 'Organization']),
    type: s.type === 'Organization' ? 'Organization' : 'Person',
    name: s.name,
    wikidataId: s.wikidataId ?? null,
  };

const nativeSource = (s: ExportSource, field: string): SourceRef => ({
  ...s,
  id: uuidOf(s.id, `${field}.id`, ['Source']),
  title: s.title ?? '',
  kind: s.kind as SourceKind,
  publisher: nativeSpeaker(s.publisher, `${field}.publisher`),
});

/** A record as `GET /export/statements.ndjson` writes it, with the service's IDs decoded: the bundle's rows are recreated under the same IDs. */
function fromNative(r: ExportRecord): ImportRecord {
  if (!r || typeof r !== 'object' || typeof r.id !== 'string' || !r.speaker)
    throw new Error('The line is not an exported statement (no id or speaker).');
  return {
    origin: { dataset: 'native', recordId: r.id },
    id: uuidOf(r.id, 'id', ['Statement']),
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    text: r.text,
    // Enum values are read as the file has them; recordProblem refuses the ones this service does not know.
    kind: r.kind as StatementKind,
    language: r.language,
    saidOn: { date: r.saidOn?.date, precision: r.saidOn?.precision as DatePrecision, inferred: r.saidOn?.inferred === true },
    setting: r.setting,
    attributionStatus: r.attributionStatus as AttributionStatus,
    attributionNote: r.attributionNote,
    speaker: nativeSpeaker(r.speaker, 'speaker')!,
    onBehalfOf: nativeSpeaker(r.onBehalfOf, 'onBehalfOf'),
    event: r.event && { ...r.event, id: uuidOf(r.event.id, 'event.id', ['Event']) },
    citations: (r.citations ?? []).map((c, i) => ({
      source: nativeSource(c.source, `citations.${i}.source`),
      excerpt: c.excerpt,
      isPrimary: c.isPrimary,
    })),
    topics: r.topics ?? [],
    mentions: (r.mentions ?? []).map((m, i) => nativeSpeaker(m, `mentions.${i}`)!),
    links: (r.links ?? []).map((l, i) => ({
      kind: l.kind as RelationKind,
      to: uuidOf(l.to, `links.${i}.to`, ['Statement']),
      status: l.status as RelationStatus,
      note: l.note,
      source: l.source && nativeSource(l.source, `links.${i}.source`),
    })),
    positions: (r.positions ?? []).map((p, i) => ({
      stance: p.stance as Stance,
      claim: {
        id: uuidOf(p.claim.id, `positions.${i}.claim.id`, ['Claim']),
        text: p.claim.text,
        reviews: (p.claim.reviews ?? []).map((review, j) => ({
          ...review,
          rating: review.rating as Rating,
          reviewer: nativeSpeaker(review.reviewer, `positions.${i}.claim.reviews.${j}.reviewer`)!,
        })),
      },
    })),
  };
}

// schema.org ClaimReview: https://schema.org/ClaimReview, as fact-checkers publish it for search engines.

type Thing = Record<string, unknown>;
const first = (value: unknown): Thing | undefined => (Array.isArray(value) ? value[0] : value) as Thing | undefined;
const all = (value: unknown): Thing[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]) as Thing[];
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : undefined;
const isoDay = (value: unknown): string | undefined =>
  str(value)
    ?.slice(0, 10)
    .match(/^\d{4}-\d{2}-\d{2}$/)?.[0];
const typeOf = (thing: Thing): string[] => all(thing['@type']).map(String);

/** A Wikidata item named by a `sameAs` link (https://www.wikidata.org/wiki/Q123). */
const wikidataOf = (thing: Thing): string | null =>
  all(thing.sameAs)
    .map((link) => /wikidata\.org\/(?:wiki|entity)\/(Q[1-9]\d*)$/.exec(String(link))?.[1])
    .find(Boolean) ?? null;

const agent = (thing: Thing | undefined, defaultType: 'Person' | 'Organization'): SpeakerRef | undefined => {
  const name = thing && str(thing.name);
  if (!thing || !name) return undefined;
  const types = typeOf(thing);
  const type =
    types.includes('Organization') || types.some((t) => /Organization$/.test(t))
      ? 'Organization'
      : types.includes('Person')
        ? 'Person'
        : defaultType;
  return {
    type,
    name: plainSpaces(name),
    wikidataId: wikidataOf(thing),
    description: str(thing.description) ?? str(thing.jobTitle) ?? null,
  };
};

// Labels fact-checkers print, read on this service's scale; anything else is read from the numeric rating.
const LABELS: [RegExp, Rating][] = [
  [/^(pants on fire|false|fake|incorrect|wrong|four pinocchios)\b/i, Rating.FALSE],
  [/^(mostly false|barely true|largely false|three pinocchios)\b/i, Rating.MOSTLY_FALSE],
  [/^(half[- ]true|mixed|mixture|partly (true|false)|half[- ]truth|two pinocchios)\b/i, Rating.MIXED],
  [/^(mostly true|largely true|mostly correct|one pinocchio)\b/i, Rating.MOSTLY_TRUE],
  [/^(true|correct|accurate|geppetto checkmark)\b/i, Rating.TRUE],
  [/^(misleading|missing context|out of context|distorts the facts|spins the facts)\b/i, Rating.MISLEADING],
  [/^(unproven|unverified|unsupported|no evidence|not the whole story|research in progress)\b/i, Rating.UNPROVEN],
];

function ratingOf(rating: Thing): { label: string; rating: Rating } | undefined {
  const label = str(rating.alternateName) ?? str(rating.name);
  const byLabel = label && LABELS.find(([pattern]) => pattern.test(label))?.[1];
  if (label && byLabel) return { label, rating: byLabel };
  const value = Number(rating.ratingValue);
  const best = Number(rating.bestRating ?? 5);
  const worst = Number(rating.worstRating ?? 1);
  if (!Number.isFinite(value) || !Number.isFinite(best) || !Number.isFinite(worst) || best === worst) return undefined;
  const share = (value - worst) / (best - worst);
  const scaled =
    share >= 0.9
      ? Rating.TRUE
      : share >= 0.65
        ? Rating.MOSTLY_TRUE
        : share >= 0.35
          ? Rating.MIXED
          : share >= 0.15
            ? Rating.MOSTLY_FALSE
            : Rating.FALSE;
  return { label: label ?? `${value} of ${best}`, rating: scaled };
}

/** One ClaimReview as a record: the claim's author said it, where it appeared; the review rates its claim. */
function fromClaimReview(review: Thing): ImportRecord {
  const claimText = str(review.claimReviewed);
  if (!claimText) throw new Error('claimReviewed (the claim as worded by the fact-checker) is missing.');
  const item = first(review.itemReviewed) ?? {};
  const speaker = agent(first(item.author), 'Person');
  if (!speaker) throw new Error('itemReviewed.author (who made the claim) is missing: a statement needs a speaker.');
  const reviewer = agent(first(review.author), 'Organization');
  if (!reviewer) throw new Error('author (the fact-checker) is missing.');
  reviewer.type = 'Organization';
  const rated = ratingOf(first(review.reviewRating) ?? {});
  if (!rated) throw new Error('reviewRating has neither a known alternateName nor a ratingValue between worstRating and bestRating.');
  const appearances = [...all(item.firstAppearance), ...all(item.appearance)].filter((a) => str(a.url) ?? str(a['@id']));
  const saidOn = isoDay(item.datePublished) ?? appearances.map((a) => isoDay(a.datePublished)).find(Boolean);
  if (!saidOn) throw new Error('itemReviewed.datePublished (when the claim was made) is missing, and no appearance is dated.');
  const url = str(review.url);
  const seen = new Set<string>();
  return {
    origin: { dataset: 'claimreview', recordId: url ?? str(review['@id']) ?? `${reviewer.name}\n${claimText}` },
    text: plainSpaces(claimText),
    kind: StatementKind.PARAPHRASE,
    language: str(review.inLanguage)?.toLowerCase() ?? null,
    saidOn: { date: saidOn },
    speaker,
    citations: appearances
      .filter((a) => {
        const key = (str(a.url) ?? str(a['@id']))!;
        return !seen.has(key) && seen.add(key);
      })
      .slice(0, 50)
      .map((a, i) => {
        const link = (str(a.url) ?? str(a['@id']))!;
        return {
          source: {
            url: link,
            title: plainSpaces(str(a.headline) ?? str(a.name) ?? link),
            kind: SourceKind.OTHER,
            publishedOn: isoDay(a.datePublished) ?? null,
            publisher: agent(first(a.publisher) ?? first(a.author), 'Organization') ?? null,
          },
          isPrimary: i === 0 && all(item.firstAppearance).length > 0,
        };
      }),
    topics: all(review.keywords)
      .flatMap((k) => String(k).split(','))
      .map((k) => plainSpaces(k))
      .filter((k) => slugOf(k))
      .slice(0, 20)
      .map((name) => ({ slug: slugOf(name), name })),
    positions: [
      {
        stance: 'ASSERTS' as Stance,
        claim: {
          text: plainSpaces(claimText),
          reviews: [
            {
              reviewer,
              ratingLabel: rated.label,
              rating: rated.rating,
              url: url ?? null,
              reviewedOn: isoDay(review.datePublished) ?? null,
              summary: null,
            },
          ],
        },
      },
    ],
  };
}

async function* claimReviewRecords(file: string, bytesRead?: (bytes: number) => void): AsyncIterable<InputItem> {
  let json: unknown;
  if ((await stat(file)).size > MAX_DOCUMENT_BYTES) {
    throw new ImportFileError(`${file} is larger than ${MAX_DOCUMENT_BYTES / 1_000_000} MB: split it into several files.`);
  }
  try {
    const text = await readFile(file, 'utf8');
    bytesRead?.(Buffer.byteLength(text));
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportFileError(`${file} is not a JSON document: ${(error as Error).message}`);
  }
  // One ClaimReview, an array of them, or a JSON-LD document with a @graph (or a ClaimReview feed's dataFeedElement).
  const top = all(json)
    .flatMap((thing) => all(thing['@graph'] ?? thing.dataFeedElement ?? thing))
    .flatMap((thing) => all(thing.item ?? thing));
  const reviews = top.filter((thing) => typeOf(thing).includes('ClaimReview'));
  if (!reviews.length) throw new ImportFileError(`${file} holds no schema.org ClaimReview ("@type": "ClaimReview").`);
  for (const [i, review] of reviews.entries()) {
    try {
      yield { line: i + 1, record: fromClaimReview(review) };
    } catch (error) {
      yield { line: i + 1, recordId: str(review.url), reason: (error as Error).message };
    }
  }
}
