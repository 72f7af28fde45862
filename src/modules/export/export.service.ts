import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from '@mikro-orm/postgresql';
import QueryStream from 'pg-query-stream';
import type { StatementFilter } from '../statements/statement.types';
import { exportRows } from './export.query';
import { formatStreams, type ExportFormat } from './export.formats';

/** What the pool hands out: a `pg` client. */
interface PgConnection {
  query(sql: string): Promise<unknown>;
  query<T extends NodeJS.ReadableStream>(stream: T): T;
  end(): Promise<void>;
}

/** Rows fetched from PostgreSQL at a time: a few megabytes of records, however large the export. */
const BATCH = 1000;

/**
 * Streams the statements `filter` selects to `out` as `format`, and resolves with how many were written. They are
 * read through a cursor in one read-only transaction at REPEATABLE READ: one snapshot, so writes that land while a
 * million rows stream out are not in it, and none is half in it. Memory stays flat: the cursor fetches BATCH rows
 * at a time, and waits while `out` (a slow client) is not reading. The transaction has no statement timeout; it
 * ends with the export, or when the client goes away.
 */
export async function exportStatements(
  db: Knex,
  filter: StatementFilter,
  format: ExportFormat,
  out: Writable,
  options: { bom?: boolean } = {},
): Promise<number> {
  const { sql, bindings } = exportRows(db, filter);
  const client = db.client as { acquireConnection(): Promise<PgConnection>; releaseConnection(conn: PgConnection): unknown };
  const conn = await client.acquireConnection();
  let written = 0;
  const counted = new Transform({
    objectMode: true,
    transform(row: { record: string }, _encoding, done) {
      written++;
      done(null, row.record);
    },
  });
  try {
    await conn.query('begin isolation level repeatable read read only');
    await conn.query('set local statement_timeout = 0');
    const rows = conn.query(new QueryStream(sql, [...bindings], { batchSize: BATCH }));
    await pipeline(rows, counted, ...formatStreams(format, options), out);
    await conn.query('commit');
    client.releaseConnection(conn);
    return written;
  } catch (error) {
    // A connection left inside a cursor or transaction is closed rather than handed to another request (the pool
    // discards a connection that has ended).
    await conn.end().catch(() => undefined);
    client.releaseConnection(conn);
    throw error;
  }
}
