import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey, isoTimestamp } from '../../shared/loader-utils';
import type { RelationRow } from './statement-relation.types';

const selectRelations = (db: Knex): Knex.QueryBuilder =>
  db('statement_relation as r').select({
    id: 'r.id',
    fromId: 'r.from_id',
    toId: 'r.to_id',
    kind: 'r.kind',
    note: 'r.note',
    sourceId: 'r.source_id',
    status: 'r.status',
    createdAt: db.raw(isoTimestamp('r.created_at')),
  });

export function createRelationLoaders(db: Knex) {
  return {
    relation: new DataLoader<string, RelationRow | undefined>(async (ids) =>
      byKey<RelationRow>(await selectRelations(db).whereRaw('r.id = any(?)', [ids as string[]]), ids),
    ),
    /** Every link touching each statement, in either direction; resolvers pick kinds and directions. */
    relationsByStatement: new DataLoader<string, RelationRow[]>(async (ids) => {
      const rows: RelationRow[] = await selectRelations(db)
        .whereRaw('r.from_id = any(?) or r.to_id = any(?)', [ids as string[], ids as string[]])
        .orderBy('r.created_at');
      const groups = new Map<string, RelationRow[]>(ids.map((id) => [id, []]));
      for (const row of rows) {
        groups.get(row.fromId)?.push(row);
        if (row.toId !== row.fromId) groups.get(row.toId)?.push(row);
      }
      return ids.map((id) => groups.get(id)!);
    }),
  };
}
