import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import type { RelationKind, RelationStatus } from '../../shared/enums';
import { byKey, isoTimestamp } from '../../shared/loader-utils';
import { listPerVariant } from '../../shared/page-per-parent';
import { distinctStatuses, statusIn } from '../statements/statement.sql';
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

/** Which of a statement's links `Statement.relations` lists: kinds (null for all), direction, statuses (`distinctStatuses`). */
export interface RelationsVariant {
  kinds: RelationKind[] | null;
  direction: RelationDirection;
  statuses: RelationStatus[];
}

/** A `relations` field's arguments as one value per variant: kinds and statuses each once, sorted. */
export const relationsVariant = (
  kinds: readonly RelationKind[] | null | undefined,
  direction: RelationDirection,
  statuses: readonly RelationStatus[],
): RelationsVariant => ({ kinds: kinds?.length ? [...new Set(kinds)].sort() : null, direction, statuses: distinctStatuses(statuses) });

/** `Statement.relations`: a statement's links of some kinds and statuses, in one direction or both, oldest first. */
export const relationsList = listPerVariant<RelationsVariant>(
  ({ kinds, direction, statuses }) => `${kinds?.join(',')}:${direction}:${statuses.join(',')}`,
  ({ kinds, direction, statuses }) => {
    const scope = (qb: Knex.QueryBuilder) => {
      if (direction === RelationDirection.OUTGOING) qb.whereRaw('r.from_id = parent.id');
      else if (direction === RelationDirection.INCOMING) qb.whereRaw('r.to_id = parent.id');
      else qb.whereRaw('(r.from_id = parent.id or r.to_id = parent.id)');
      if (kinds?.length) qb.whereRaw('r.kind = any(?)', [kinds]);
      return qb.whereRaw(statusIn('r.status', statuses));
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
  },
);
