import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import {
  AttributionStatus,
  DatePrecision,
  Rating,
  RelationKind,
  RelationStatus,
  SourceKind,
  Stance,
  StatementKind,
} from '../../shared/enums';
import { readFuzzyDate } from '../../shared/fuzzy-date';
import { MAX_NAME, MAX_NOTE, MAX_TEXT, MAX_TITLE, textProblem, urlProblem, type TextKind } from '../../shared/validation';

// Every import format (the native NDJSON bundle, CSV through a mapping file, schema.org ClaimReview) is read into
// this one shape, checked by one function, and written by one writer (import.service.ts).

/** A speaker as a file names it: by the service's ID (native bundles), a Wikidata ID, or a name. */
export interface SpeakerRef {
  id?: string;
  type: 'Person' | 'Organization';
  name: string;
  wikidataId?: string | null;
  /** Tells apart two people of one name ("mark harris" the pastor and "mark harris" the mayor). */
  description?: string | null;
}

export interface SourceRef {
  id?: string;
  url?: string | null;
  title: string;
  kind?: SourceKind;
  publishedOn?: string | null;
  publisher?: SpeakerRef | null;
}

export interface ReviewRecord {
  reviewer: SpeakerRef;
  ratingLabel: string;
  rating: Rating;
  url?: string | null;
  reviewedOn?: string | null;
  summary?: string | null;
}

export interface ImportRecord {
  /** The data set and the record's ID in it: what makes a re-run find the record again. */
  origin: { dataset: string; recordId: string };
  /** The statement's own ID (a native bundle), else one derived from the origin. */
  id?: string;
  /** Kept as the bundle says (a native bundle restores a database as it was). */
  version?: number;
  createdAt?: string;
  updatedAt?: string;
  text: string;
  kind: StatementKind;
  language?: string | null;
  saidOn: { date: string; precision?: DatePrecision | null; inferred?: boolean | null };
  setting?: string | null;
  attributionStatus?: AttributionStatus;
  attributionNote?: string | null;
  speaker: SpeakerRef;
  onBehalfOf?: SpeakerRef | null;
  event?: {
    id?: string;
    name: string;
    location?: string | null;
    startDate?: string | null;
    endDate?: string | null;
    description?: string | null;
    outcome?: string | null;
  } | null;
  citations: { source: SourceRef; excerpt?: string | null; isPrimary?: boolean }[];
  topics: { slug: string; name: string }[];
  /** The people and organisations it is about. */
  mentions?: SpeakerRef[];
  positions: { stance: Stance; claim: { id?: string; text: string; reviews: ReviewRecord[] } }[];
  /** Its links to other statements, named by their IDs (a native bundle); written once every record is in. */
  links?: LinkRecord[];
}

export interface LinkRecord {
  kind: RelationKind;
  /** The linked statement's ID. */
  to: string;
  status: RelationStatus;
  note?: string | null;
  /** The evidence for the link. */
  source?: SourceRef | null;
}

/** A line of the input that could not be read into a record, with the reason. */
export interface Rejection {
  line: number;
  recordId?: string;
  reason: string;
}

// Fixed namespace: a record without an ID of its own gets the same IDs on every import, so a re-run finds it.
const NAMESPACE = '6f1c2b8e-0d4a-4e57-b7a1-2c9d3e8f5a10';

/** The ID of the `kind` row an imported record stands for (its statement, its claim). */
export const derivedId = (kind: string, ...parts: string[]): string => uuidv5([kind, ...parts].join('\n'), NAMESPACE);

/** The statement ID a record is written under. */
export const statementIdOf = (r: ImportRecord): string => r.id ?? derivedId('statement', r.origin.dataset, r.origin.recordId);

/** What a record says, as a hash: an unchanged line on a re-run is skipped without touching its rows. */
export const contentHash = (r: ImportRecord): string => createHash('sha256').update(JSON.stringify(r)).digest('base64url');

/**
 * A name or a claim on one line: line breaks, no-break and other unusual spaces, and runs of them, become one space;
 * invisible format characters (zero-width spaces, direction marks) go, as names refuse them.
 */
export const plainSpaces = (text: string): string =>
  text
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Text without the invisible characters other people's files carry by accident: zero-width spaces, word joiners,
 * byte-order marks and bidi embeddings (U+202A-U+202E, U+2066-U+2069), which the service refuses in what editors
 * type. The words read the same without them.
 */
export const withoutInvisible = (text: string): string => text.replace(/[\u200B\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/g, '');

/** A topic's slug from its name: "Health care" reads health-care. */
export const slugOf = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');

const WIKIDATA = /^Q[1-9]\d{0,11}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Why a record cannot be imported, or undefined: the rules the GraphQL inputs apply (clean text, lengths, dates,
 * URLs), so an import writes nothing an editor could not.
 */
export function recordProblem(r: ImportRecord): string | undefined {
  const problems: string[] = [];
  const text = (field: string, value: string | null | undefined, max: number, kind: TextKind = 'text', multiline = false) => {
    if (value === undefined || value === null) return;
    const problem = textProblem(value, max, multiline, kind);
    if (problem) problems.push(`${field} ${problem}`);
  };
  const url = (field: string, value: string | null | undefined) => {
    if (!value) return;
    const problem = urlProblem(value);
    if (problem) problems.push(`${field} ${problem}`);
  };
  const date = (field: string, value: string | null | undefined) => {
    if (value && !ISO_DATE.test(value)) problems.push(`${field} must be a date written YYYY-MM-DD`);
  };
  const speaker = (field: string, s: SpeakerRef | null | undefined) => {
    if (!s) return;
    text(`${field}.name`, s.name, MAX_NAME, 'name');
    text(`${field}.description`, s.description, MAX_NOTE, 'text', true);
    if (s.wikidataId && !WIKIDATA.test(s.wikidataId)) problems.push(`${field}.wikidataId must be a Wikidata item ID such as "Q7747"`);
  };

  if (r.origin.recordId === '') problems.push('the record ID is empty');
  text('text', r.text, MAX_TEXT, 'text', true);
  if (!Object.values(StatementKind).includes(r.kind)) problems.push(`kind must be one of ${Object.values(StatementKind).join(', ')}`);
  if (r.language && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(r.language)) problems.push('language must be a code such as "en"');
  const saidOn = readFuzzyDate(r.saidOn?.date, r.saidOn?.precision);
  if ('problem' in saidOn) problems.push(`saidOn ${saidOn.problem}`);
  text('setting', r.setting, MAX_NAME, 'name');
  text('attributionNote', r.attributionNote, MAX_NOTE, 'text', true);
  if (r.attributionStatus && !Object.values(AttributionStatus).includes(r.attributionStatus)) {
    problems.push(`attributionStatus must be one of ${Object.values(AttributionStatus).join(', ')}`);
  }
  if (!r.speaker) problems.push('the speaker is missing');
  speaker('speaker', r.speaker);
  speaker('onBehalfOf', r.onBehalfOf);
  if (r.event) {
    text('event.name', r.event.name, MAX_NAME, 'name');
    date('event.startDate', r.event.startDate);
    date('event.endDate', r.event.endDate);
    text('event.description', r.event.description, MAX_NOTE, 'text', true);
    text('event.outcome', r.event.outcome, MAX_NOTE, 'text', true);
  }
  if (r.citations.length > 50) problems.push('a statement has at most 50 citations');
  for (const [i, c] of r.citations.entries()) {
    text(`citations.${i}.source.title`, c.source.title, MAX_TITLE, 'name');
    url(`citations.${i}.source.url`, c.source.url);
    date(`citations.${i}.source.publishedOn`, c.source.publishedOn);
    text(`citations.${i}.excerpt`, c.excerpt, MAX_TEXT, 'text', true);
    speaker(`citations.${i}.source.publisher`, c.source.publisher);
  }
  if (r.topics.length > 20) problems.push('a statement has at most 20 topics');
  if ((r.mentions?.length ?? 0) > 50) problems.push('a statement mentions at most 50 speakers');
  for (const [i, m] of (r.mentions ?? []).entries()) speaker(`mentions.${i}`, m);
  for (const [i, t] of r.topics.entries()) {
    if (!t.slug) problems.push(`topics.${i} has no letters or digits to make a slug of`);
    text(`topics.${i}`, t.name, MAX_NAME, 'name');
  }
  for (const [i, p] of r.positions.entries()) {
    if (!Object.values(Stance).includes(p.stance))
      problems.push(`positions.${i}.stance must be one of ${Object.values(Stance).join(', ')}`);
    text(`positions.${i}.claim.text`, p.claim.text, MAX_NOTE, 'name');
    for (const [j, review] of p.claim.reviews.entries()) {
      const at = `positions.${i}.claim.reviews.${j}`;
      speaker(`${at}.reviewer`, review.reviewer);
      if (review.reviewer?.type !== 'Organization') problems.push(`${at}.reviewer must be an organisation`);
      text(`${at}.ratingLabel`, review.ratingLabel, MAX_NAME, 'name');
      if (!Object.values(Rating).includes(review.rating)) problems.push(`${at}.rating must be one of ${Object.values(Rating).join(', ')}`);
      url(`${at}.url`, review.url);
      date(`${at}.reviewedOn`, review.reviewedOn);
      text(`${at}.summary`, review.summary, MAX_TEXT, 'text', true);
    }
  }
  for (const [i, link] of (r.links ?? []).entries()) {
    if (!Object.values(RelationKind).includes(link.kind))
      problems.push(`links.${i}.kind must be one of ${Object.values(RelationKind).join(', ')}`);
    if (!Object.values(RelationStatus).includes(link.status))
      problems.push(`links.${i}.status must be one of ${Object.values(RelationStatus).join(', ')}`);
    if (r.id && link.to === r.id) problems.push(`links.${i} links the statement to itself`);
    text(`links.${i}.note`, link.note, MAX_NOTE, 'text', true);
    if (link.source) {
      text(`links.${i}.source.title`, link.source.title, MAX_TITLE, 'name');
      url(`links.${i}.source.url`, link.source.url);
    }
  }
  return problems.length ? `${problems.join('; ')}.` : undefined;
}
