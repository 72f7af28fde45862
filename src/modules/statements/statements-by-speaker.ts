import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { groupByKey } from '../../shared/loader-utils';
import { applyCursor, toConnection, type Connection, type Page } from '../../shared/pagination';
import { applyStatementFilter, statementSortKeys } from './statement.query';
import { selectStatements } from './statement.sql';
import type { StatementFilter, StatementOrder, StatementRow } from './statement.types';

/**
 * `Speaker.statements` for a whole list of speakers in one SQL statement: a window function numbers each
 * speaker's matching statements and keeps the first page of each. The counts are batched the same way.
 */
export function createStatementsBySpeakerLoader(
  db: Knex,
  filter: StatementFilter | null | undefined,
  order: StatementOrder | null | undefined,
  page: Page,
): DataLoader<string, Connection<StatementRow>> {
  const { keys, descending } = statementSortKeys(order);
  const desc = descending !== page.backward;
  const direction = desc ? 'desc' : 'asc';

  const counts = new DataLoader<string, number>(async (speakerIds) => {
    const rows: { speakerId: string; count: string }[] = await applyStatementFilter(db, db('statement as s'), filter ?? {})
      .select({ speakerId: 's.speaker_id' })
      .count({ count: '*' })
      .whereRaw('s.speaker_id = any(?)', [speakerIds as string[]])
      .groupBy('s.speaker_id');
    const map = new Map(rows.map((r) => [r.speakerId, Number(r.count)]));
    return speakerIds.map((id) => map.get(id) ?? 0);
  });

  return new DataLoader<string, Connection<StatementRow>>(async (speakerIds) => {
    const inner = applyStatementFilter(db, selectStatements(db), filter ?? {})
      .select(
        db.raw(`row_number() over (partition by s.speaker_id order by ${keys.map((k) => `${k.column} ${direction}`).join(', ')}) as rn`),
      )
      .whereRaw('s.speaker_id = any(?)', [speakerIds as string[]]);
    applyCursor(inner, page, keys, desc);
    const rows: (StatementRow & { rn: string })[] = await db
      .select('*')
      .from(inner.as('ranked'))
      .where('rn', '<=', page.limit + 1)
      .orderBy('rn');
    return groupByKey(rows, speakerIds, 'speakerId').map((group, i) =>
      toConnection<StatementRow>(group, page, keys, () => counts.load(speakerIds[i])),
    );
  });
}
