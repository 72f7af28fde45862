import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import type { Writer } from '../modules/audit/audit.service';

/** The writer's transaction, or the pool when it has none. */
export const writerDb = (writer: Writer): Knex => writer.em.getTransactionContext<Knex.Transaction>() ?? writer.em.getKnex();

/** The columns every record has (`BaseEntity`), typed for `insertRows`. */
export const RECORD_COLUMNS = { id: 'uuid', created_at: 'timestamptz', updated_at: 'timestamptz', version: 'int' };

/** A new record's own columns: its ID (a new one unless given), made at `at`, version 1. */
export const newRecord = (at: string, id: string = randomUUID()) => ({ id, created_at: at, updated_at: at, version: 1 });

/**
 * Inserts rows into a table with one statement, in the writer's transaction. The rows travel as one JSON array,
 * read back by `jsonb_to_recordset` with the column types given: one parameter however many rows, where a
 * multi-row VALUES would need one per cell (PostgreSQL takes at most 65,535) and MikroORM's unit of work spends
 * more time tracking each row than PostgreSQL spends writing it.
 */
export async function insertRows(writer: Writer, table: string, columns: Record<string, string>, rows: object[]): Promise<void> {
  if (!rows.length) return;
  const names = Object.keys(columns)
    .map((c) => `"${c}"`)
    .join(', ');
  const types = Object.entries(columns)
    .map(([c, type]) => `"${c}" ${type}`)
    .join(', ');
  try {
    await writerDb(writer).raw(`insert into "${table}" (${names}) select ${names} from jsonb_to_recordset(?::jsonb) as r(${types})`, [
      JSON.stringify(rows),
    ]);
  } catch (error) {
    // As MikroORM's own writes fail: a unique or foreign key violation is then reported as one.
    throw error instanceof Error ? writer.em.getDriver().convertException(error) : error;
  }
}
