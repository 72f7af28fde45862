import { parse as parseDate, isValid, format as formatDate } from 'date-fns';
import { DatePrecision, Rating, Stance, StatementKind } from '../../shared/enums';
import { plainSpaces, slugOf, withoutInvisible, type ImportRecord } from './import.record';

/**
 * How the columns of someone else's CSV file become statements: which column holds what, how dates and lists are
 * written, how the source's rating labels read on this service's scale, and the values every row shares (the
 * fact-checker who reviewed them all). `examples/mappings/liar2.json` is one; the README documents each field.
 */
export interface Mapping {
  /** The data set's name: with each row's ID, it is what a re-run finds the row's statement by. */
  dataset: string;
  /** The field separator: "," unless given. */
  delimiter?: string;
  columns: {
    id: string;
    text: string;
    date: string;
    speaker: string;
    speakerDescription?: string;
    speakerWikidataId?: string;
    setting?: string;
    topics?: string;
    language?: string;
    sourceUrl?: string;
    sourceTitle?: string;
    rating?: string;
    reviewSummary?: string;
    reviewUrl?: string;
    reviewDate?: string;
  };
  /** How dates are written, as a date-fns pattern ("MMMM d, yyyy" reads "April 16, 2008"); ISO dates unless given. */
  dateFormat?: string;
  /** What separates the entries of a list column (topics): ";" unless given. */
  listSeparator?: string;
  /** Values every row shares. */
  values?: {
    language?: string;
    kind?: StatementKind;
    datePrecision?: DatePrecision;
    stance?: Stance;
    reviewer?: { name: string; wikidataId?: string };
  };
  /** A statement whose text matches this (a regular expression) is a PARAPHRASE: "^Says\\b" for PolitiFact. */
  paraphrasePattern?: string;
  /** A speaker whose name matches this (a regular expression, case-insensitive) is an organisation, not a person. */
  organizationPattern?: string;
  /** "title" writes lower-case names as names ("barack obama" reads "Barack Obama"); as written unless given. */
  speakerNameCase?: 'as-is' | 'title';
  /** The source's rating labels (the rating column's values) and how each reads on this service's scale. */
  ratings?: Record<string, { label: string; rating: Rating }>;
}

/** The mapping file or the input file cannot be used: the import stops before writing anything. */
export class ImportFileError extends Error {}

const fail = (message: string): never => {
  throw new ImportFileError(message);
};

const oneOf = (field: string, value: unknown, allowed: readonly string[]): void => {
  if (value !== undefined && !allowed.includes(value as string))
    fail(`${field} is one of ${allowed.join(', ')}; the mapping says ${JSON.stringify(value)}.`);
};

const regex = (field: string, value: string | undefined, flags = ''): RegExp | undefined => {
  if (value === undefined) return undefined;
  try {
    return new RegExp(value, flags);
  } catch (error) {
    return fail(`${field} is not a regular expression: ${(error as Error).message}`);
  }
};

/** Reads and checks a mapping file's JSON, naming the first field that is wrong. */
export function checkMapping(json: unknown): Mapping {
  const m = json as Mapping;
  if (!m || typeof m !== 'object' || Array.isArray(m)) fail('The mapping file must hold one JSON object.');
  if (typeof m.dataset !== 'string' || !/^[\w.-]{1,100}$/.test(m.dataset))
    fail('dataset must be a short name (letters, digits, . _ -), e.g. "liar2".');
  if (!m.columns || typeof m.columns !== 'object')
    fail('columns must name the columns of the file, e.g. { "id": "id", "text": "statement", ... }.');
  for (const required of ['id', 'text', 'date', 'speaker'] as const) {
    if (typeof m.columns[required] !== 'string') fail(`columns.${required} must name a column of the file.`);
  }
  for (const [field, column] of Object.entries(m.columns)) if (typeof column !== 'string') fail(`columns.${field} must name a column.`);
  if (m.delimiter !== undefined && (typeof m.delimiter !== 'string' || m.delimiter.length !== 1)) fail('delimiter must be one character.');
  if (m.dateFormat !== undefined) {
    const sample = formatDate(new Date(2008, 3, 16), m.dateFormat as string);
    if (!isValid(parseDate(sample, m.dateFormat, new Date()))) fail(`dateFormat ${JSON.stringify(m.dateFormat)} cannot be read back.`);
  }
  oneOf('values.kind', m.values?.kind, Object.values(StatementKind));
  oneOf('values.datePrecision', m.values?.datePrecision, Object.values(DatePrecision));
  oneOf('values.stance', m.values?.stance, Object.values(Stance));
  oneOf('speakerNameCase', m.speakerNameCase, ['as-is', 'title']);
  regex('paraphrasePattern', m.paraphrasePattern);
  regex('organizationPattern', m.organizationPattern, 'i');
  if (m.columns.rating !== undefined) {
    if (!m.ratings || typeof m.ratings !== 'object')
      fail('ratings must list the rating column\'s values, e.g. { "0": { "label": "Pants on Fire", "rating": "FALSE" } }.');
    if (!m.values?.reviewer?.name) fail('values.reviewer.name must name the fact-checker whose ratings these are.');
    for (const [value, r] of Object.entries(m.ratings!)) {
      if (typeof r?.label !== 'string' || !r.label.trim()) fail(`ratings.${value}.label must be the label as the fact-checker prints it.`);
      oneOf(`ratings.${value}.rating`, r.rating, Object.values(Rating));
    }
  }
  return m;
}

/** Lower-case names written as names: taken from the description when it spells the name, else capitalised. */
function nameCase(name: string, description: string | undefined, cache: Map<string, string>): string {
  const key = `${name}\n${description ?? ''}`;
  let cased = cache.get(key);
  if (cased === undefined) {
    cased = spellName(name, description);
    // A speaker's rows repeat the same name and description: each pair is worked out once.
    if (cache.size < 100_000) cache.set(key, cased);
  }
  return cased;
}

function spellName(name: string, description: string | undefined): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const spelled = description && new RegExp(`(?<![\\p{L}])${escaped}(?![\\p{L}])`, 'iu').exec(description)?.[0];
  if (spelled && spelled !== spelled.toLowerCase()) return spelled;
  return name.replace(/(^|[\s'’.-])(\p{Ll})/gu, (_all, before: string, letter: string) => before + letter.toUpperCase());
}

/**
 * Turns CSV rows into records with `mapping`: `checkColumns` first, once, with the file's header, so a mapping
 * that names a missing column stops the import before any row.
 */
export function mappedRows(mapping: Mapping) {
  const m = mapping;
  const paraphrase = regex('paraphrasePattern', m.paraphrasePattern);
  const organization = regex('organizationPattern', m.organizationPattern, 'i');
  const separator = m.listSeparator ?? ';';
  const precision = m.values?.datePrecision ?? DatePrecision.DAY;
  const shape = { [DatePrecision.DAY]: 'yyyy-MM-dd', [DatePrecision.MONTH]: 'yyyy-MM', [DatePrecision.YEAR]: 'yyyy' }[precision];
  const reference = new Date(2000, 0, 1);
  const names = new Map<string, string>();

  const date = (value: string, field: string): string => {
    const text = value.trim();
    if (!m.dateFormat) return text;
    const parsed = parseDate(text, m.dateFormat, reference);
    if (!isValid(parsed)) throw new Error(`${field} ${JSON.stringify(text)} is not a date written as ${JSON.stringify(m.dateFormat)}`);
    return formatDate(parsed, 'yyyy-MM-dd');
  };

  return {
    checkColumns(header: string[]): void {
      const missing = Object.entries(m.columns).filter(([, column]) => !header.includes(column));
      if (missing.length) {
        fail(
          `The file has no column ${missing.map(([field, column]) => `"${column}" (columns.${field})`).join(', ')}; its columns are ${header.join(', ')}.`,
        );
      }
    },

    /** One row as a record; throws with the reason when a value cannot be read. */
    record(row: Record<string, string>): ImportRecord {
      const cell = (field: keyof Mapping['columns']): string | undefined => {
        const column = m.columns[field];
        const value = column === undefined ? undefined : withoutInvisible(row[column] ?? '').trim();
        return value ? value : undefined;
      };
      const text = cell('text') ?? '';
      const rawName = plainSpaces(cell('speaker') ?? '');
      const description = cell('speakerDescription');
      const topics = (cell('topics') ?? '')
        .split(separator)
        .map((t) => plainSpaces(t))
        .filter(Boolean);
      const saidOn = date(cell('date') ?? '', m.columns.date);
      const reviewer = m.values?.reviewer;
      const ratingValue = cell('rating');
      const rating = ratingValue === undefined ? undefined : m.ratings?.[ratingValue];
      if (ratingValue !== undefined && !rating) {
        throw new Error(
          `${m.columns.rating} ${JSON.stringify(ratingValue)} is not in the mapping's ratings (${Object.keys(m.ratings ?? {}).join(', ')})`,
        );
      }
      const url = cell('sourceUrl');
      return {
        origin: { dataset: m.dataset, recordId: cell('id') ?? '' },
        text,
        kind: paraphrase?.test(text) ? StatementKind.PARAPHRASE : (m.values?.kind ?? StatementKind.QUOTE),
        language: cell('language') ?? m.values?.language ?? null,
        saidOn: { date: precision === DatePrecision.DAY ? saidOn : saidOn.slice(0, shape.length), precision },
        setting: cell('setting') ? plainSpaces(cell('setting')!) : null,
        speaker: {
          type: organization?.test(rawName) ? 'Organization' : 'Person',
          name: m.speakerNameCase === 'title' ? nameCase(rawName, description, names) : rawName,
          description: description ?? null,
          wikidataId: cell('speakerWikidataId') ?? null,
        },
        citations: url ? [{ source: { url, title: plainSpaces(cell('sourceTitle') ?? url) }, isPrimary: true }] : [],
        topics: topics.map((name) => ({ slug: slugOf(name), name: name.charAt(0).toUpperCase() + name.slice(1) })),
        positions:
          rating && reviewer
            ? [
                {
                  stance: m.values?.stance ?? Stance.ASSERTS,
                  claim: {
                    text: plainSpaces(text),
                    reviews: [
                      {
                        reviewer: { type: 'Organization', name: reviewer.name, wikidataId: reviewer.wikidataId ?? null },
                        ratingLabel: rating.label,
                        rating: rating.rating,
                        url: cell('reviewUrl') ?? null,
                        reviewedOn: cell('reviewDate') ? date(cell('reviewDate')!, m.columns.reviewDate!) : null,
                        summary: cell('reviewSummary') ?? null,
                      },
                    ],
                  },
                },
              ]
            : [],
      };
    },
  };
}
