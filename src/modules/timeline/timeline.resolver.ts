import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { badInput } from '../../shared/errors';
import { FuzzyDate, toFuzzyDate } from '../../shared/fuzzy-date';
import { loadOptional } from '../../shared/lookup';
import { PageArgs, listPage, parsePage, type Connection } from '../../shared/pagination';
import { EventType, type EventRow } from '../events/event.types';
import { checkStatementFilter } from '../statements/statement.query';
import { StatementType, type StatementRow } from '../statements/statement.types';
import { TIMELINE_KEYS, timelineCount, timelineRows } from './timeline.query';
import { TimelineConnection, TimelineEntryType, TimelineFilter, type TimelineRow } from './timeline.types';

@Resolver(() => TimelineEntryType)
export class TimelineResolver {
  @Query(() => TimelineConnection, {
    description:
      'Who said what, in date order, on a claim, a topic or an event, or by a set of speakers; with `eventIds`, ' +
      'the days the events began and ended too. Oldest first; dates known only to the month or year sit at their ' +
      'first day and read at their precision.',
  })
  async timeline(
    @Arg('filter', () => TimelineFilter, { description: 'Whose or what timeline.' }) filter: TimelineFilter,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<TimelineRow>> {
    if (![filter.claimIds, filter.topics, filter.eventIds, filter.speakerIds].some((list) => list?.length)) {
      throw badInput('filter', 'A timeline needs at least one of claimIds, topics, eventIds or speakerIds.');
    }
    // Unknown slugs and IDs are refused, as in a statement filter.
    await checkStatementFilter(ctx, filter);
    return listPage<TimelineRow>(args, {
      keys: TIMELINE_KEYS,
      descending: false,
      rows: () => timelineRows(ctx.db, filter, parsePage(args)),
      count: () => timelineCount(ctx.db, filter),
    });
  }

  @FieldResolver(() => FuzzyDate, {
    description: 'When, as precisely as known: a statement’s date, or the day an event began or ended.',
  })
  date(@Root() entry: TimelineRow): FuzzyDate {
    return toFuzzyDate(entry.startDay, entry.endDay, entry.precision, entry.inferred);
  }

  @FieldResolver(() => StatementType, { nullable: true, description: 'What was said (for a STATEMENT entry).' })
  statement(@Root() entry: TimelineRow, @Ctx() ctx: Context): Promise<StatementRow | null> {
    return loadOptional(ctx.loaders.statement, entry.statementId);
  }

  @FieldResolver(() => EventType, {
    nullable: true,
    description: 'The event that begins or ends, or where the statement was said (when known).',
  })
  event(@Root() entry: TimelineRow, @Ctx() ctx: Context): Promise<EventRow | null> {
    return loadOptional(ctx.loaders.event, entry.eventId);
  }
}
