import { Field, InputType, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { DatePrecision } from './enums';
import { badInput } from './errors';

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
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Parses "2025", "2025-05" or "2025-05-16". The precision is read from the shape unless given, in which case the
 * two must agree ("2025-05" with DAY precision is a mistake the editor should hear about).
 */
export function parseFuzzyDate(date: string, field: string, precision?: DatePrecision | null): FuzzyInterval {
  const detected = (Object.keys(PATTERNS) as DatePrecision[]).find((p) => PATTERNS[p].test(date));
  if (!detected) {
    throw badInput(field, `"${date}" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.`);
  }
  if (precision && precision !== detected) {
    throw badInput(field, `"${date}" is written at ${detected} precision but ${precision} was given.`);
  }
  const [, y, m, d] = PATTERNS[detected].exec(date)!;
  const year = Number(y);
  const month = m ? Number(m) : undefined;
  const day = d ? Number(d) : undefined;
  if (year < 1) throw badInput(field, `"${date}" has no valid year.`);
  if (month !== undefined && (month < 1 || month > 12)) throw badInput(field, `"${date}" has no month ${m}.`);
  if (month !== undefined && day !== undefined && (day < 1 || day > daysInMonth(year, month))) {
    throw badInput(field, `"${date}" is not a calendar date.`);
  }
  const yyyy = pad(year, 4);
  if (detected === DatePrecision.YEAR) {
    return { date, precision: detected, start: `${yyyy}-01-01`, end: `${yyyy}-12-31` };
  }
  if (detected === DatePrecision.MONTH) {
    const mm = pad(month!);
    return { date, precision: detected, start: `${yyyy}-${mm}-01`, end: `${yyyy}-${mm}-${pad(daysInMonth(year, month!))}` };
  }
  return { date, precision: detected, start: date, end: date };
}

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
}

@InputType({ description: 'A date known to the day, the month or the year, e.g. { date: "2025-05", precision: MONTH }.' })
export class FuzzyDateInput {
  @Field(() => String, { description: 'YYYY, YYYY-MM or YYYY-MM-DD.' })
  date!: string;

  @Field(() => DatePrecision, { nullable: true, description: 'Optional; must match how `date` is written.' })
  precision?: DatePrecision | null;
}

export const toFuzzyDate = (start: string, end: string, precision: DatePrecision): FuzzyDate => ({
  date: formatFuzzyDate(start, precision),
  precision,
  start,
  end,
});
