import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DatePrecision } from '../../shared/enums';
import { ConnectionType } from '../../shared/pagination';
import { SlugList } from '../../shared/validation';

export enum TimelineEntryKind {
  EVENT_BEGINS = 'EVENT_BEGINS',
  STATEMENT = 'STATEMENT',
  EVENT_ENDS = 'EVENT_ENDS',
}
registerEnumType(TimelineEntryKind, {
  name: 'TimelineEntryKind',
  description: 'What a timeline entry marks.',
  valuesConfig: {
    EVENT_BEGINS: { description: 'An event begins (or takes place, when it lasts a day): a round of talks, a summit.' },
    STATEMENT: { description: 'Something was said.' },
    EVENT_ENDS: { description: 'An event that lasted several days ends.' },
  },
});

/** One row of a timeline (`timelineRows`): the sort keys, and what the entry is about. */
export interface TimelineRow {
  id: string;
  kind: TimelineEntryKind;
  /** 0 for an event's beginning, 1 for a statement, 2 for an event's end: the order within one day. */
  rank: number;
  statementId: string | null;
  eventId: string | null;
  /** The first and last day the entry may fall on (YYYY-MM-DD). */
  startDay: string;
  endDay: string;
  precision: DatePrecision;
  inferred: boolean;
}

@InputType({
  description:
    'Whose or what timeline: statements on any of these claims, topics or events, or by any of these speakers. ' +
    'At least one list must be given; with several, an entry must match each. Statements marked MISATTRIBUTED ' +
    'or RETRACTED are left out.',
})
export class TimelineFilter {
  @Field(() => [ID], { nullable: true, description: 'Statements taking a side on any of these claims.' })
  claimIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Statements about any of these topics, by slug; sub-topics count.' })
  @SlugList(50)
  topics?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Statements made at any of these events or their parts, and the days the events began and ended.',
  })
  eventIds?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Statements by any of these speakers, or made on their behalf (a spokesperson’s count for her principal).',
  })
  speakerIds?: string[] | null;
}

@ObjectType('TimelineEntry', {
  description:
    'One moment of a timeline: something said, or an event beginning or ending. Entries come in date order; a ' +
    'date known only to the month or year is placed at its first day and shown at its precision ("2025-05" reads ' +
    '"May 2025" and comes before "2025-06-02").',
})
export class TimelineEntryType {
  @Field(() => TimelineEntryKind, { description: 'A statement, or an event beginning or ending.' })
  kind!: TimelineEntryKind;
}

export const TimelineConnection = ConnectionType('TimelineEntry', () => TimelineEntryType, 'A page of a timeline, oldest first.');
