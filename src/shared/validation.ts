import { ValidateIf, registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { decodeId } from './global-id';

// Input rules shared by every mutation and filter. class-validator runs them before any resolver (type-graphql's
// `validate`), so a bad input never reaches the database; format-error turns a failure into BAD_USER_INPUT
// naming the field. Checks that need stored rows (references, stored dates) live in the services.

export const MAX_TEXT = 10_000;
export const MAX_NAME = 300;
export const MAX_TITLE = 1_000;
export const MAX_NOTE = 2_000;
export const MAX_URL = 2_048;
/** The largest archived source text, in characters: a long report or transcript, not a book. */
export const MAX_SOURCE_TEXT = 1_000_000;

// Control characters (NUL included) other than tab and line breaks, which PostgreSQL rejects or readers cannot
// see; C1 controls (U+0080-U+009F) too. Single-line fields also refuse tabs, line breaks and U+2028/U+2029.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_INLINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// A surrogate half without its partner: not valid Unicode, and PostgreSQL refuses it in UTF-8 text.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Characters that take no room on screen: every Unicode format character (category Cf: zero-width space,
// non-joiner and joiner, word joiner, BOM, soft hyphen, bidi marks, embeddings, overrides and isolates...), the
// combining grapheme joiner, Hangul fillers, the blank braille pattern and variation selectors.
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2800\u3164\uFE00-\uFE0F\uFFA0\u{E0100}-\u{E01EF}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');
// Bidi embeddings, overrides and isolates reorder what follows them: "\u202Eevil" displays backwards. Free text
// refuses them; the marks (U+200E, U+200F, U+061C) stay allowed there, as mixed-script text needs them.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
// Spaces other than the ordinary one, which make look-alike names ("Vladimir\u00A0Medinsky").
const UNUSUAL_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/;

/**
 * How strict a text field is. `name`: anything used to identify or match a record (names, aliases, titles,
 * claim wording, labels), which refuses invisible characters and unusual spaces so look-alikes cannot be made.
 * `text`: free text (statements, excerpts, notes), which keeps joiners (emoji sequences) but refuses bidi
 * embeddings, overrides and isolates.
 */
export type TextKind = 'name' | 'text';

const codePoint = (char: string): string => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** A client value quoted for an error message: short, with invisible characters spelled out. */
export function shown(value: unknown, max = 40): string {
  const text = String(value);
  const cut = [...text].slice(0, max).join('') + ([...text].length > max ? '…' : '');
  return JSON.stringify(cut).replace(INVISIBLE_ALL, (c) => `<${codePoint(c)}>`);
}

/** True when nothing would be seen: only whitespace and invisible characters. */
export const isBlank = (value: string): boolean => !value.replace(INVISIBLE_ALL, '').trim();

/** Why a piece of text is unacceptable, or undefined when it is fine. */
export function textProblem(value: unknown, max: number, multiline: boolean, kind: TextKind = 'text'): string | undefined {
  if (typeof value !== 'string') return 'must be text';
  if (LONE_SURROGATE.test(value)) return 'contains a broken character (an unpaired UTF-16 surrogate)';
  if ((multiline ? CONTROL : CONTROL_INLINE).test(value)) {
    return multiline ? 'contains a control character (such as NUL)' : 'contains a control character (such as NUL or a line break)';
  }
  if (isBlank(value)) return 'must not be empty or blank (invisible characters do not count)';
  if ([...value].length > max) return `must be at most ${max} characters long`;
  const bidi = BIDI_CONTROL.exec(value);
  if (bidi) return `contains a bidirectional control (${codePoint(bidi[0])}) that can disguise the text`;
  if (kind === 'name') {
    const invisible = INVISIBLE.exec(value);
    if (invisible) return `contains an invisible character (${codePoint(invisible[0])}), which would make a look-alike name`;
    const space = UNUSUAL_SPACE.exec(value);
    if (space) return `contains an unusual space (${codePoint(space[0])}); use ordinary spaces`;
  }
  return undefined;
}

function rule(name: string, check: (value: unknown, args: ValidationArguments) => string | undefined, options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    let problem: string | undefined;
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          // Absent optional fields are not checked; `null` clears a field where the type allows it.
          if (value === undefined || value === null) return true;
          problem = check(value, args);
          return problem === undefined;
        },
        defaultMessage: (args) => `${args?.property} ${problem}.`,
      },
    });
  };
}

/** Free text of at most `max` characters: not blank, no control characters, broken Unicode or bidi controls. */
export const CleanText = (max: number, options: { multiline?: boolean } = {}) =>
  rule('cleanText', (v) => textProblem(v, max, options.multiline ?? false));

/** A name, title or label that identifies a record: clean text, and no invisible characters or unusual spaces. */
export const CleanName = (max: number) => rule('cleanName', (v) => textProblem(v, max, false, 'name'));

/** A list of names (aliases): each one a clean name. Repeats are folded into one by the service. */
export const CleanNameList = (max: number, maxItems: number) =>
  rule('cleanNameList', (v) => {
    if (!Array.isArray(v)) return 'must be a list';
    if (v.length > maxItems) return `must have at most ${maxItems} entries`;
    for (const [i, item] of v.entries()) {
      const problem = textProblem(item, max, false, 'name');
      if (problem) return `entry ${i} (${shown(item)}) ${problem}`;
    }
    return undefined;
  });

/** Runs a field's other rules only when the client sent the field (null included). */
export const WhenGiven = () => ValidateIf((_object, value) => value !== undefined);

/** For update fields that can be left out but not cleared (a statement without text, a review without a rating). */
export const NoNull = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'noNull',
    target: target.constructor,
    propertyName,
    validator: {
      validate: (value: unknown) => value !== null,
      defaultMessage: (args) => `${args?.property} cannot be cleared; leave it out to keep it.`,
    },
  });

/** Free text in a filter: may be short, must still be clean (PostgreSQL rejects NUL and broken Unicode). */
export const FilterText = () => rule('filterText', (v) => textProblem(v, MAX_NAME, false));

/**
 * Why a URL is unacceptable: it must be an absolute http(s) address with a host, written without spaces or
 * invisible characters, and without credentials (`https://user:secret@host`), which would publish a password.
 */
export function urlProblem(value: unknown): string | undefined {
  const problem = textProblem(value, MAX_URL, false);
  if (problem) return problem;
  const text = String(value).trim();
  if (/[\s\p{Cf}]/u.test(text)) return 'must not contain spaces or invisible characters';
  // Checked on the text as written: the WHATWG parser would quietly repair "http:///host" or "https:\\host".
  const written = /^(https?):\/\/([^/?#\\]*)/i.exec(text);
  if (!written) return 'must be a full http or https address, e.g. https://www.bbc.com/news/...';
  if (written[2].includes('@')) return 'must not contain a user name or password (user:secret@host)';
  if (!written[2] || written[2].startsWith(':')) return 'must name a host, e.g. https://www.bbc.com/';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a full web address, e.g. https://www.bbc.com/news/...';
  }
  if (!['http:', 'https:'].includes(url.protocol)) return 'must be an http or https address';
  if (url.username || url.password) return 'must not contain a user name or password (user:secret@host)';
  if (!/[\p{L}\p{N}]/u.test(url.hostname)) return 'must name a host, e.g. https://www.bbc.com/';
  return undefined;
}

/** An absolute http(s) URL with a host and no credentials. */
export const HttpUrl = () => rule('httpUrl', urlProblem);

export const WikidataId = () =>
  rule('wikidataId', (v) =>
    typeof v === 'string' && /^Q[1-9]\d{0,11}$/.test(v) ? undefined : 'must be a Wikidata item ID such as "Q7747"',
  );

export const CountryCode = () =>
  rule('countryCode', (v) =>
    typeof v === 'string' && /^[A-Za-z]{2}$/.test(v) ? undefined : 'must be a two-letter ISO 3166 country code such as "UA"',
  );

export const LanguageCode = () =>
  rule('languageCode', (v) =>
    typeof v === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(v) ? undefined : 'must be a language code such as "en" or "uk"',
  );

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const slugProblem = (v: unknown): string | undefined =>
  typeof v === 'string' && SLUG.test(v) && v.length <= 100
    ? undefined
    : 'must be lower-case letters and digits joined by dashes, e.g. "prisoner-exchange"';

export const Slug = () => rule('slug', slugProblem);

/**
 * A list of topic slugs. In a write each topic is named once (`distinct`): a repeat is refused rather than
 * quietly dropped. In a filter a list matches any of its values, so a repeat is harmless and allowed.
 */
export const SlugList = (maxItems: number, options: { distinct?: boolean } = {}) =>
  rule('slugList', (v) => {
    if (!Array.isArray(v)) return 'must be a list';
    if (v.length > maxItems) return `must have at most ${maxItems} entries`;
    for (const [i, item] of v.entries()) {
      const problem = slugProblem(item);
      if (problem) return `entry ${i} (${shown(item)}) ${problem}`;
      const first = v.indexOf(item);
      if (options.distinct && first !== i) return `entry ${i} repeats entry ${first} (${shown(item)}); name each topic once`;
    }
    return undefined;
  });

// ---------------------------------------------------------------------------------------------------------------
// Dates. Every date a client sends (plain dates, fuzzy dates, filter bounds) must fall in the years 0001 to 9999:
// PostgreSQL's `date` reaches 4713 BC to 5874897 AD, but it has no year 0000 (it writes 1 BC), and ISO 8601
// strings, JS dates and readers expect four-digit years of our era. This is the one place that range is set.

export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

/** Why a year is out of range, or undefined. */
export const yearProblem = (year: number): string | undefined =>
  Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR
    ? undefined
    : `has year ${year}, outside the years 0001 to 9999 this service accepts (there is no year 0000)`;

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days in a month of the proleptic Gregorian calendar (month 1-12). */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** Why a YYYY-MM-DD string is not an acceptable day, or undefined. */
export function calendarDateProblem(v: unknown): string | undefined {
  const match = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
  if (!match) return `must be a date written YYYY-MM-DD, not ${shown(v)}`;
  const [year, month, day] = match.slice(1).map(Number);
  const outOfRange = yearProblem(year);
  if (outOfRange) return outOfRange;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return `is not a calendar date (${shown(v)})`;
  return undefined;
}

/** A real calendar day, YYYY-MM-DD, in the years 0001 to 9999. */
export const CalendarDate = () => rule('calendarDate', calendarDateProblem);

/** A moment (a DateTime filter bound) in the years 0001 to 9999, UTC. */
export const DateTimeInRange = () =>
  rule('dateTimeInRange', (v) => {
    if (!(v instanceof Date) || Number.isNaN(v.getTime())) return 'must be a date and time such as "2025-05-16T09:00:00Z"';
    return yearProblem(v.getUTCFullYear());
  });

/**
 * The end of a range must not come before its start (`endDate` before `startDate`, `saidTo` before `saidFrom`).
 * `bounds` gives the first and last instant a value may stand for (a fuzzy "2025-05" runs from the 1st to the 31st),
 * or undefined for a value the field's own rules refuse. Checked only when both ends are sent; services compare
 * with stored values on update.
 */
export const NotBefore = <T extends string | number>(startProperty: string, bounds: (value: unknown) => [first: T, last: T] | undefined) =>
  rule('notBefore', (end, args) => {
    const start = (args.object as Record<string, unknown>)[startProperty];
    if (start === undefined || start === null) return undefined;
    const [startFirst] = bounds(start) ?? [];
    const [, endLast] = bounds(end) ?? [];
    if (startFirst === undefined || endLast === undefined || endLast >= startFirst) return undefined;
    return `(${shown(end instanceof Date ? end.toISOString() : end)}) comes before ${startProperty} (${shown(start instanceof Date ? start.toISOString() : start)})`;
  });

/** Bounds of a plain YYYY-MM-DD date, for NotBefore. */
export const dayBounds = (v: unknown): [string, string] | undefined =>
  calendarDateProblem(v) === undefined ? [v as string, v as string] : undefined;

/** Bounds of a DateTime, for NotBefore. */
export const momentBounds = (v: unknown): [number, number] | undefined =>
  v instanceof Date && !Number.isNaN(v.getTime()) ? [v.getTime(), v.getTime()] : undefined;

// ---------------------------------------------------------------------------------------------------------------
// Repeats in lists. A write names each record once: the same claim twice in `positions` (say ASSERTS and DENIES)
// or the same speaker twice in `mentionIds` is a contradiction or a slip, refused rather than silently resolved.

/** The record an ID stands for, so two spellings of one ID count as a repeat; the raw text when malformed. */
const idKey = (id: unknown): string => {
  try {
    const { type, id: uuid } = decodeId(String(id), '');
    return `${type}:${uuid}`;
  } catch {
    return String(id);
  }
};

/** A list of IDs naming each record once. */
export const DistinctIds = () =>
  rule('distinctIds', (v) => {
    if (!Array.isArray(v)) return 'must be a list';
    const keys = v.map(idKey);
    const repeat = keys.findIndex((key, i) => keys.indexOf(key) !== i);
    return repeat < 0 ? undefined : `entry ${repeat} repeats entry ${keys.indexOf(keys[repeat])} (${shown(v[repeat])}); name each once`;
  });

const REPEATS = Symbol('repeats');
interface Repeat {
  list: string;
  index: number;
}

/**
 * On a list of inputs: marks each entry whose `idField` names the same record as an earlier entry, so that
 * `@NotRepeated()` on that field fails with its full path (`positions.1.claimId`). class-validator runs a
 * property's own rules before validating the entries nested in it, which is what makes the marks visible there.
 */
export const DistinctEntries = (idField: string) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'distinctEntries',
    target: target.constructor,
    propertyName,
    validator: {
      validate: (value: unknown) => {
        if (!Array.isArray(value)) return true;
        const seen = new Map<string, number>();
        value.forEach((entry: Record<string | symbol, unknown> | null, index) => {
          if (!entry || typeof entry !== 'object' || entry[idField] === undefined) return;
          const key = idKey(entry[idField]);
          const first = seen.get(key);
          if (first === undefined) seen.set(key, index);
          else Object.defineProperty(entry, REPEATS, { value: { list: propertyName, index: first } satisfies Repeat, configurable: true });
        });
        return true;
      },
    },
  });

/** Fails on an entry that `@DistinctEntries` marked as repeating an earlier one. */
export const NotRepeated = (what: string) =>
  rule('notRepeated', (_v, args) => {
    const repeat = (args.object as { [REPEATS]?: Repeat })[REPEATS];
    return repeat ? `names the same ${what} as ${repeat.list}.${repeat.index}; give each ${what} once` : undefined;
  });
