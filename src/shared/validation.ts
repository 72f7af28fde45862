import { ValidateIf, registerDecorator, type ValidationOptions } from 'class-validator';

// Input rules shared by every mutation. class-validator runs them before any resolver (type-graphql's
// `validate`), so a bad input never reaches the database; format-error turns a failure into BAD_USER_INPUT
// naming the field.

export const MAX_TEXT = 10_000;
export const MAX_NAME = 300;
export const MAX_TITLE = 1_000;
export const MAX_NOTE = 2_000;
export const MAX_URL = 2_048;

// Control characters (NUL included) other than tab and line breaks, which PostgreSQL rejects or readers cannot see.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_INLINE = /[\u0000-\u001F\u007F]/;
// A surrogate half without its partner: not valid Unicode, and PostgreSQL refuses it in UTF-8 text.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a piece of text is unacceptable, or undefined when it is fine. */
export function textProblem(value: unknown, max: number, multiline: boolean): string | undefined {
  if (typeof value !== 'string') return 'must be text';
  if (!value.trim()) return 'must not be empty or blank';
  if (LONE_SURROGATE.test(value)) return 'contains a broken character (an unpaired UTF-16 surrogate)';
  if ((multiline ? CONTROL : CONTROL_INLINE).test(value)) return 'contains a control character (such as NUL)';
  if ([...value].length > max) return `must be at most ${max} characters long`;
  return undefined;
}

function rule(name: string, check: (value: unknown) => string | undefined, options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    let problem: string | undefined;
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => {
          // Absent optional fields are not checked; `null` clears a field where the type allows it.
          if (value === undefined || value === null) return true;
          problem = check(value);
          return problem === undefined;
        },
        defaultMessage: (args) => `${args?.property} ${problem}.`,
      },
    });
  };
}

/** Non-blank text of at most `max` characters, with no control characters or broken Unicode. */
export const CleanText = (max: number, options: { multiline?: boolean } = {}) =>
  rule('cleanText', (v) => textProblem(v, max, options.multiline ?? false));

/** A list of clean, short texts (aliases). */
export const CleanTextList = (max: number, maxItems: number) =>
  rule('cleanTextList', (v) => {
    if (!Array.isArray(v)) return 'must be a list';
    if (v.length > maxItems) return `must have at most ${maxItems} entries`;
    for (const item of v) {
      const problem = textProblem(item, max, false);
      if (problem) return `entry "${String(item).slice(0, 40)}" ${problem}`;
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

/** An absolute http(s) URL. */
export const HttpUrl = () =>
  rule('httpUrl', (v) => {
    const problem = textProblem(v, MAX_URL, false);
    if (problem) return problem;
    try {
      const url = new URL(String(v));
      return ['http:', 'https:'].includes(url.protocol) ? undefined : 'must be an http or https address';
    } catch {
      return 'must be a full web address, e.g. https://www.bbc.com/news/...';
    }
  });

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

export const Slug = () =>
  rule('slug', (v) =>
    typeof v === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v) && v.length <= 100
      ? undefined
      : 'must be lower-case letters and digits joined by dashes, e.g. "prisoner-exchange"',
  );

/** A real calendar day, YYYY-MM-DD. */
export const CalendarDate = () =>
  rule('calendarDate', (v) => {
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'must be a date written YYYY-MM-DD';
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v ? undefined : 'is not a calendar date';
  });
