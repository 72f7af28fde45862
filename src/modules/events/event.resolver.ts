import type { Knex } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { readPlanner } from '../../read-plans';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { decodeId } from '../../shared/global-id';
import { escapeLike } from '../../shared/loader-utils';
import { loadByGlobalId, loadOptional } from '../../shared/lookup';
import { childPage, type ChildConnection } from '../../shared/page-per-parent';
import { PageArgs, listPage, type Connection, type SortKey } from '../../shared/pagination';
import { DeleteInput, DeletePayload, Payload } from '../../shared/payload';
import { checkVersion, findByGlobalId, runWrite } from '../../shared/write';
import { Role } from '../auth/role';
import { Event } from './event.entity';
import { CreateEventInput, UpdateEventInput } from './event.inputs';
import { eventChildrenList, selectEvents } from './event.loaders';
import { createEvent, deleteEvent, updateEvent } from './event.service';
import { EventConnection, EventFilter, EventType, type EventRow } from './event.types';

const EventPayload = Payload('EventPayload', 'event', () => EventType, 'The event as written.');

async function parentUuid(em: Context['em'], id: string | null | undefined): Promise<string | null | undefined> {
  if (id === undefined || id === null) return id;
  return (await findByGlobalId(em, Event, id, 'parentId', ['Event'])).id;
}

const EVENT_KEYS: SortKey[] = [
  { column: `coalesce(e.start_date, '0001-01-01')::text`, property: 'sortDate', type: 'date' },
  { column: 'e.id', property: 'id', type: 'uuid' },
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
  event(
    @Arg('id', () => ID, { description: 'The event’s ID.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EventRow> {
    return loadByGlobalId(readPlanner.objectReader(info, ctx.db, 'event', ctx.loaders.event), id, 'id', ['Event']);
  }

  @Query(() => EventConnection, { description: 'Events, most recent first (undated ones last).' })
  async events(
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Which events.' }) filter: EventFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<EventRow>> {
    return listPage<EventRow>(args, {
      read: readPlanner.connectionReader(info, ctx.db, 'event'),
      keys: EVENT_KEYS,
      descending: true,
      rows: () => applyEventFilter(selectEvents(ctx.db), filter),
      count: () => applyEventFilter(ctx.db('event as e'), filter),
    });
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => EventPayload, { description: 'Adds an event. Needs an EDITOR key.' })
  async createEvent(@Arg('input', () => CreateEventInput, { description: 'The event.' }) input: CreateEventInput, @Ctx() ctx: Context) {
    const event = await runWrite(ctx, async (w) =>
      createEvent(w, { ...input, kind: input.kind ?? undefined, parentId: await parentUuid(w.em, input.parentId) }),
    );
    return { event: await ctx.loaders.event.load(event.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => EventPayload, { description: 'Corrects an event. Needs an EDITOR key and the version you read.' })
  async updateEvent(@Arg('input', () => UpdateEventInput, { description: 'The changes.' }) input: UpdateEventInput, @Ctx() ctx: Context) {
    const event = await runWrite(ctx, async (w) => {
      const found = await findByGlobalId(w.em, Event, input.id, 'id', ['Event']);
      checkVersion(found, input.version, 'event');
      return updateEvent(w, found, { ...input, parentId: await parentUuid(w.em, input.parentId) });
    });
    return { event: await ctx.loaders.event.load(event.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, { description: 'Deletes an event with no parts and no statements. Needs an EDITOR key.' })
  async deleteEvent(@Arg('input', () => DeleteInput, { description: 'The event.' }) input: DeleteInput, @Ctx() ctx: Context) {
    await runWrite(ctx, async (w) => deleteEvent(w, await findByGlobalId(w.em, Event, input.id, 'id', ['Event'])));
    return { deletedId: input.id };
  }

  @FieldResolver(() => EventType, { nullable: true, description: 'The series or larger event this one is part of.' })
  parent(@Root() e: EventRow, @Ctx() ctx: Context): Promise<EventRow | null> {
    return loadOptional(ctx.loaders.event, e.parentId);
  }

  @FieldResolver(() => EventConnection, {
    description: 'Its parts, e.g. the rounds of a series of talks, in the order they took place (undated ones last).',
  })
  children(@Root() e: EventRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<EventRow> {
    return childPage(ctx, 'Event.children', e.id, args, eventChildrenList);
  }
}
