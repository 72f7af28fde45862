import type { ChildList } from '../../shared/page-per-parent';
import { applyStatementFilter, statementSortKeys } from './statement.query';
import { selectStatements, STATEMENT_TIMESTAMPS } from './statement.sql';
import type { StatementFilter, StatementOrder } from './statement.types';

/**
 * `Speaker.statements`: a speaker's statements matching a filter. Paged per speaker with a LATERAL join, so a
 * list of speakers costs one SQL statement, each speaker's page one range scan of `statement_speaker_said_on_idx`.
 */
export function statementsBySpeakerList(filter: StatementFilter | null | undefined, order: StatementOrder | null | undefined): ChildList {
  const { keys, descending } = statementSortKeys(order);
  return {
    keys,
    descending,
    rows: (db) => applyStatementFilter(db, selectStatements(db, 's', true), filter ?? {}).whereRaw('s.speaker_id = parent.id'),
    count: (db) => applyStatementFilter(db, db('statement as s'), filter ?? {}).whereRaw('s.speaker_id = parent.id'),
    timestamps: STATEMENT_TIMESTAMPS,
  };
}
