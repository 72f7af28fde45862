import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { RelationStatus, type RelationKind } from '../../shared/enums';
import { byKey, isoTimestamp } from '../../shared/loader-utils';
import type { ChildList } from '../../shared/page-per-parent';
import { RelationDirection, type RelationRow } from './statement-relation.types';

export const selectRelations = (db: Knex): Knex.QueryBuilder =>
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
  };
}

/**
 * `Statement.relations`: a statement's links of some kinds and statuses (confirmed ones unless asked), in one
 * direction or both, oldest first.
 */
export function relationsList(
  kinds: RelationKind[] | null | undefined,
  direction: RelationDirection,
  statuses: readonly RelationStatus[] = [RelationStatus.CONFIRMED],
): ChildList {
  const scope = (qb: Knex.QueryBuilder) => {
    if (direction === RelationDirection.OUTGOING) qb.whereRaw('r.from_id = parent.id');
    else if (direction === RelationDirection.INCOMING) qb.whereRaw('r.to_id = parent.id');
    else qb.whereRaw('(r.from_id = parent.id or r.to_id = parent.id)');
    if (kinds?.length) qb.whereRaw('r.kind = any(?)', [kinds]);
    qb.whereRaw('r.status = any(?)', [[...statuses]]);
    return qb;
  };
  return {
    keys: [
      { column: 'r.created_at', property: 'createdAt', type: 'timestamp' },
      { column: 'r.id', property: 'id', type: 'uuid' },
    ],
    descending: false,
    rows: (db) => scope(selectRelations(db)),
    count: (db) => scope(db('statement_relation as r')),
  };
}
