import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey, isoTimestamp } from '../../shared/loader-utils';
import type { RecordOriginRow } from './record-origin.types';

/** Origins by their statement's ID (`id`). */
export const selectOrigins = (db: Knex): Knex.QueryBuilder =>
  db('record_origin as ro').select({
    id: 'ro.statement_id',
    dataset: 'ro.dataset',
    recordId: 'ro.record_id',
    importedAt: db.raw(isoTimestamp('ro.imported_at')),
  });

export function createOriginLoaders(db: Knex) {
  return {
    originOfStatement: new DataLoader<string, RecordOriginRow | undefined>(async (ids) =>
      byKey<RecordOriginRow>(await selectOrigins(db).whereRaw('ro.statement_id = any(?)', [ids as string[]]), ids),
    ),
  };
}
