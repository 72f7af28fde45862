import type { Knex } from '@mikro-orm/postgresql';
import { searchRows } from './search.query';
import { SearchKind, SearchOrder } from './search.types';

// A new PostgreSQL connection is slow for its first searches. It loads the text-search dictionaries (English and
// Russian stemmers, the unaccent rules) and the catalog entries and statistics of the searched tables: 14 ms and 7 ms
// more for its first search at a million statements. And on Linux without huge pages, its process takes a page
// fault for each 4 KB of shared buffers it first touches: on the machine of the README's figures, 12,000 faults and
// 0.35 s for a first phrase search that then takes 25 ms. So the pool keeps its connections open (app.ts), opens
// them all as the service starts, and warms each one (it reads a query's words and plans, without running, a
// search); a connection opened later, after one was lost, warms itself as it opens. The page faults are left to
// the first queries: only huge pages on the database host avoid them (README: Scaling out).

export interface WarmUp {
  statements: { sql: string; bindings: readonly unknown[] }[];
}

/** What the pool hands to `afterCreate`: a `pg` client. */
export interface WarmUpConnection {
  on(event: 'error', listener: (error: Error) => void): void;
  query(sql: string, values: readonly unknown[]): Promise<unknown>;
}

/** The warm-up statements, built from the service's own search SQL. */
export function connectionWarmUp(db: Knex): WarmUp {
  // A hyphen and Cyrillic letters: the compound reading and the Russian dictionary load too.
  const text = 'cease-fire Зеленский';
  // Share 0: the statements' year-by-year plan, the larger one to plan.
  const terms = { text, match: "'cease'", exact: "'cease'", share: 0 };
  const search = searchRows(db, terms, Object.values(SearchKind), SearchOrder.RELEVANCE).toSQL().toNative();
  return {
    statements: [
      { sql: 'select search_match($1), search_query($1), search_share(search_match($1))', bindings: [text] },
      { sql: `explain ${search.sql}`, bindings: search.bindings },
    ],
  };
}

/** The connections warmed already: one opened by `warmPool` warms itself as it opens, and is not warmed twice. */
const warmed = new WeakSet<WarmUpConnection>();

/** Runs the warm-up on a new connection; before the schema exists (the first start) there is nothing to warm. */
export async function runWarmUp(conn: WarmUpConnection, warmUp: WarmUp | undefined): Promise<void> {
  if (!warmUp || warmed.has(conn)) return;
  warmed.add(conn);
  for (const { sql, bindings } of warmUp.statements) await conn.query(sql, bindings).catch(() => undefined);
}

/** Opens (up to) `size` connections at once; those the pool had before the warm-up was known are warmed here. */
export async function warmPool(db: Knex, size: number, warmUp: WarmUp): Promise<void> {
  const client = db.client as { acquireConnection(): Promise<WarmUpConnection>; releaseConnection(conn: WarmUpConnection): unknown };
  const opened = await Promise.allSettled(Array.from({ length: size }, () => client.acquireConnection()));
  const connections = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    await Promise.all(connections.map((conn) => runWarmUp(conn, warmUp)));
  } finally {
    for (const conn of connections) client.releaseConnection(conn);
  }
}
