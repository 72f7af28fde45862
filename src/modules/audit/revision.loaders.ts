import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { groupByKey, isoTimestamp } from '../../shared/loader-utils';
import type { RevisionRow } from './revision.types';

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

export function createRevisionLoaders(db: Knex) {
  return {
    /** Each record's history, newest first (a speaker's includes the records merged into it). */
    revisionsByEntity: new DataLoader<string, RevisionRow[]>(async (ids) =>
      groupByKey<RevisionRow & { key: string }>(
        await selectRevisions(db)
          .select(db.raw('keys.key'))
          .join(
            db.raw(
              `(select id as key, id as entity_id from unnest(?::uuid[]) as id
                union select r.to_id, r.from_id from speaker_redirect r where r.to_id = any(?)) as keys`,
              [ids as string[], ids as string[]],
            ),
            'keys.entity_id',
            'rv.entity_id',
          )
          .orderByRaw('rv.at desc, rv.id desc'),
        ids,
        'key',
      ),
    ),
  };
}
