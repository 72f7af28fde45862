import type { Knex } from '@mikro-orm/postgresql';
import { searchRows } from './search.query';
import { SearchKind, SearchOrder } from './search.types';

// A new database connection loads the text-search dictionaries (English and Russian stemmers, the unaccent rules)
// and the catalog entries and statistics of the searched tables the first time it serves a search: 14 ms and 7 ms
// more for that search at a million statements, paid again on every connection the pool opens. The service opens
// its pool's connections as it starts and warms each one (it reads a query's words and plans, does not run, a
// search); a connection opened later warms itself as it opens, and the pool keeps connections five minutes idle.

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
  const terms = { text, match: "'cease'", exact: "'cease'" };
  const search = searchRows(db, terms, Object.values(SearchKind), SearchOrder.RELEVANCE).toSQL().toNative();
  return {
    statements: [
      { sql: 'select search_match($1), search_query($1)', bindings: [text] },
      { sql: `explain ${search.sql}`, bindings: search.bindings },
    ],
  };
}

/** Runs the warm-up on a new connection; before the schema exists (the first start) there is nothing to warm. */
export async function runWarmUp(conn: WarmUpConnection, warmUp: WarmUp | undefined): Promise<void> {
  for (const { sql, bindings } of warmUp?.statements ?? []) await conn.query(sql, bindings).catch(() => undefined);
}

/** Opens (up to) `size` connections at once and warms each; connections the pool already had are warmed too. */
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
