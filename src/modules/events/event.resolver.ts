import type { Knex } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { decodeId } from '../../shared/global-id';
import { escapeLike } from '../../shared/loader-utils';
import { loadByGlobalId, loadOptional } from '../../shared/lookup';
import { PageArgs, applyKeyset, parsePage, toConnection, type Connection, type SortKey } from '../../shared/pagination';
import { selectEvents } from './event.loaders';
import { EventConnection, EventFilter, EventType, type EventRow } from './event.types';

const EVENT_KEYS: SortKey[] = [
  { column: `coalesce(e.start_date, '0001-01-01')::text`, property: 'sortDate' },
  { column: 'e.id', property: 'id' },
];

function applyEventFilter(qb: Knex.QueryBuilder, filter: EventFilter | null): Knex.QueryBuilder {
  if (filter?.name?.trim()) qb.whereILike('e.name', `%${escapeLike(filter.name.trim())}%`);
  if (filter?.kind) qb.where('e.kind', filter.kind);
  if (filter?.parentId) qb.where('e.parent_id', decodeId(filter.parentId, 'filter.parentId', ['Event']).id);
  return qb;
}

@Resolver(() => EventType)
export class EventResolver {
  @Query(() => EventType, { description: 'One event by ID.' })
  event(@Arg('id', () => ID, { description: 'The event’s ID.' }) id: string, @Ctx() ctx: Context): Promise<EventRow> {
    return loadByGlobalId(ctx.loaders.event, id, 'id', ['Event']);
  }

  @Query(() => EventConnection, { description: 'Events, most recent first.' })
  async events(
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Which events.' }) filter: EventFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<EventRow>> {
    const page = parsePage(args);
    const rows = await applyKeyset(applyEventFilter(selectEvents(ctx.db), filter), page, EVENT_KEYS, true);
    return toConnection<EventRow>(rows, page, EVENT_KEYS, async () => {
      const [{ count }] = await applyEventFilter(ctx.db('event as e'), filter).count({ count: '*' });
      return Number(count);
    });
  }

  @FieldResolver(() => EventType, { nullable: true, description: 'The series or larger event this one is part of.' })
  parent(@Root() e: EventRow, @Ctx() ctx: Context): Promise<EventRow | null> {
    return loadOptional(ctx.loaders.event, e.parentId);
  }

  @FieldResolver(() => [EventType], { description: 'Its parts, e.g. the rounds of a series of talks.' })
  children(@Root() e: EventRow, @Ctx() ctx: Context): Promise<EventRow[]> {
    return ctx.loaders.eventChildren.load(e.id);
  }
}
