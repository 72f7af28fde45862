import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey } from '../../shared/loader-utils';
import type { ChildList } from '../../shared/page-per-parent';
import type { EventRow } from './event.types';

export const selectEvents = (db: Knex): Knex.QueryBuilder =>
  db('event as e').select({
    id: 'e.id',
    name: 'e.name',
    kind: 'e.kind',
    location: 'e.location',
    description: 'e.description',
    outcome: 'e.outcome',
    startDate: 'e.start_date',
    endDate: 'e.end_date',
    parentId: 'e.parent_id',
    version: 'e.version',
    sortDate: db.raw(`coalesce(e.start_date, '0001-01-01')::text`),
  });

/** SQL for the ids of these events and all their sub-events. */
export const eventAndDescendantIds = `with recursive tree as (
    select id from event where id = any(?)
    union select child.id from event child join tree on child.parent_id = tree.id
  ) select id from tree`;

export function createEventLoaders(db: Knex) {
  return {
    event: new DataLoader<string, EventRow | undefined>(async (ids) =>
      byKey<EventRow>(await selectEvents(db).whereRaw('e.id = any(?)', [ids as string[]]), ids),
    ),
  };
}

/** `Event.children`: the parts of an event in the order they took place, undated ones last. */
export const eventChildrenList: ChildList = {
  keys: [
    { column: `coalesce(e.start_date, date '9999-12-31')`, property: 'partOrder', type: 'date' },
    { column: 'e.id', property: 'id', type: 'uuid' },
  ],
  descending: false,
  rows: (db) =>
    selectEvents(db).select(db.raw(`coalesce(e.start_date, date '9999-12-31')::text as "partOrder"`)).whereRaw('e.parent_id = parent.id'),
  count: (db) => db('event as e').whereRaw('e.parent_id = parent.id'),
};
