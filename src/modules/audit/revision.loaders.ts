import type { Knex } from '@mikro-orm/postgresql';
import { isoTimestamp } from '../../shared/loader-utils';
import type { ChildList } from '../../shared/page-per-parent';
import type { SortKey } from '../../shared/pagination';

export const selectRevisions = (db: Knex): Knex.QueryBuilder =>
  db('revision as rv').select({
    id: 'rv.id',
    entityType: 'rv.entity_type',
    entityId: 'rv.entity_id',
    action: 'rv.action',
    before: 'rv.before',
    after: 'rv.after',
    actor: 'rv.actor',
    requestId: 'rv.request_id',
    at: db.raw(isoTimestamp('rv.at')),
  });

// A speaker's history includes the records merged into it.
const ENTITY_OR_MERGED = 'rv.entity_id in (select parent.id union all select r.from_id from speaker_redirect r where r.to_id = parent.id)';

export const REVISION_KEYS: SortKey[] = [
  { column: 'rv.at', property: 'at', type: 'timestamp' },
  { column: 'rv.id', property: 'id', type: 'uuid' },
];

/** The `revisions` field of any record: every change to it, newest first. */
export const historyList: ChildList = {
  keys: REVISION_KEYS,
  descending: true,
  rows: (db) => selectRevisions(db).whereRaw(ENTITY_OR_MERGED),
  count: (db) => db('revision as rv').whereRaw(ENTITY_OR_MERGED),
};

/** None yet: histories are read a page per record through `historyList`. Kept so the context's list stays whole. */
export function createRevisionLoaders(_db: Knex) {
  return {};
}
