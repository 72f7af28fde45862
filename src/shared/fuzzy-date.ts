import { registerDecorator, type ValidationArguments } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { DatePrecision } from './enums';
import { badInput } from './errors';
import { daysInMonth, shown, yearProblem } from './validation';

/** A date known to a day, a month or a year, and the interval of days it covers. */
export interface FuzzyInterval {
  date: string;
  precision: DatePrecision;
  start: string;
  end: string;
}

const PATTERNS: Record<DatePrecision, RegExp> = {
  [DatePrecision.YEAR]: /^(\d{4})$/,
  [DatePrecision.MONTH]: /^(\d{4})-(\d{2})$/,
  [DatePrecision.DAY]: /^(\d{4})-(\d{2})-(\d{2})$/,
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Reads "2025", "2025-05" or "2025-05-16" into the interval of days it covers, or says what is wrong with it. The
 * precision is read from the shape unless given, in which case the two must agree ("2025-05" with DAY precision is
 * a mistake the editor should hear about). Years run from 0001 to 9999 (see `yearProblem`).
 */
export function readFuzzyDate(date: unknown, precision?: DatePrecision | null): FuzzyInterval | { problem: string } {
  const text = typeof date === 'string' ? date : '';
  const detected = (Object.keys(PATTERNS) as DatePrecision[]).find((p) => PATTERNS[p].test(text));
  if (!detected) return { problem: `${shown(date)} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.` };
  if (precision && precision !== detected) {
    return { problem: `${shown(date)} is written at ${detected} precision but ${precision} was given.` };
  }
  const [, y, m, d] = PATTERNS[detected].exec(text)!;
  const year = Number(y);
  const month = m ? Number(m) : undefined;
  const day = d ? Number(d) : undefined;
  const outOfRange = yearProblem(year);
  if (outOfRange) return { problem: `${shown(date)} ${outOfRange}.` };
  if (month !== undefined && (month < 1 || month > 12)) return { problem: `${shown(date)} has no month ${m}.` };
  if (month !== undefined && day !== undefined && (day < 1 || day > daysInMonth(year, month))) {
    return { problem: `${shown(date)} is not a calendar date.` };
  }
  const yyyy = pad(year, 4);
  if (detected === DatePrecision.YEAR) {
    return { date: text, precision: detected, start: `${yyyy}-01-01`, end: `${yyyy}-12-31` };
  }
  if (detected === DatePrecision.MONTH) {
    const mm = pad(month!);
    return { date: text, precision: detected, start: `${yyyy}-${mm}-01`, end: `${yyyy}-${mm}-${pad(daysInMonth(year, month!))}` };
  }
  return { date: text, precision: detected, start: text, end: text };
}

/** Parses a fuzzy date (see `readFuzzyDate`), or throws BAD_USER_INPUT naming `field`. */
export function parseFuzzyDate(date: string, field: string, precision?: DatePrecision | null): FuzzyInterval {
  const read = readFuzzyDate(date, precision);
  if ('problem' in read) throw badInput(field, `${field}: ${read.problem}`);
  return read;
}

/** Bounds of a fuzzy date, for `NotBefore`: its first and last day. */
export const fuzzyBounds = (v: unknown): [string, string] | undefined => {
  const read = readFuzzyDate(v);
  return 'problem' in read ? undefined : [read.start, read.end];
};

/**
 * A fuzzy date written YYYY, YYYY-MM or YYYY-MM-DD, in the years 0001 to 9999; on an input with a `precision`
 * field, at that precision.
 */
export const FuzzyDateText = () => (target: object, propertyName: string) => {
  let problem: string | undefined;
  registerDecorator({
    name: 'fuzzyDateText',
    target: target.constructor,
    propertyName,
    validator: {
      validate: (value: unknown, args: ValidationArguments) => {
        if (value === undefined || value === null) return true;
        const read = readFuzzyDate(value, (args.object as { precision?: DatePrecision | null }).precision);
        problem = 'problem' in read ? read.problem : undefined;
        return problem === undefined;
      },
      defaultMessage: (args) => `${args?.property}: ${problem}`,
    },
  });
};

/** Writes a stored interval start back at its precision: 2025-05-01 with MONTH is "2025-05". */
export function formatFuzzyDate(start: string, precision: DatePrecision): string {
  if (precision === DatePrecision.YEAR) return start.slice(0, 4);
  if (precision === DatePrecision.MONTH) return start.slice(0, 7);
  return start.slice(0, 10);
}

@ObjectType({
  description:
    'A date that may be known only to the month or the year. "last month" in a June 2025 article is ' +
    '{ date: "2025-05", precision: MONTH }; `start` and `end` give the days it may fall on.',
})
export class FuzzyDate {
  @Field(() => String, { description: 'The date written at its precision: "2025", "2025-05" or "2025-05-16".' })
  date!: string;

  @Field(() => DatePrecision, { description: 'Whether the day, only the month, or only the year is known.' })
  precision!: DatePrecision;

  @Field(() => GraphQLLocalDate, { description: 'The first day the date may fall on.' })
  start!: string;

  @Field(() => GraphQLLocalDate, { description: 'The last day the date may fall on.' })
  end!: string;

  @Field(() => Boolean, {
    description:
      'True when no source gives this date and an editor derived it (an undated remark is dated by the report of it, ' +
      'the latest day it can have been said); false when a source states it, even relatively ("Monday", "last month").',
  })
  inferred!: boolean;
}

@InputType({ description: 'A date known to the day, the month or the year, e.g. { date: "2025-05", precision: MONTH }.' })
export class FuzzyDateInput {
  @Field(() => String, { description: 'YYYY, YYYY-MM or YYYY-MM-DD, in the years 0001 to 9999.' })
  @FuzzyDateText()
  date!: string;

  @Field(() => DatePrecision, { nullable: true, description: 'Optional; must match how `date` is written.' })
  precision?: DatePrecision | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True when no source gives the date and you derived it (e.g. from the date of the report). Default false.',
  })
  inferred?: boolean | null;
}

export const toFuzzyDate = (start: string, end: string, precision: DatePrecision, inferred = false): FuzzyDate => ({
  date: formatFuzzyDate(start, precision),
  precision,
  start,
  end,
  inferred,
});
