import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey, groupByKey } from '../../shared/loader-utils';
import type { EventRow } from './event.types';

export const selectEvents = (db: Knex): Knex.QueryBuilder =>
  db('event as e').select({
    id: 'e.id',
    name: 'e.name',
    kind: 'e.kind',
    location: 'e.location',
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
    eventChildren: new DataLoader<string, EventRow[]>(async (ids) =>
      groupByKey<EventRow>(
        await selectEvents(db)
          .whereRaw('e.parent_id = any(?)', [ids as string[]])
          .orderBy('e.start_date'),
        ids,
        'parentId',
      ),
    ),
  };
}
