import type { Knex } from '@mikro-orm/postgresql';

// How words are matched against a stored search document (Migration20261201190000). The index looks up
// `search_match(q)` (phrases as word pairs), which finds a few documents more than the query; the query itself,
// `search_query(q)`, confirms through `ts_match_vq` (what `@@` calls, as a function, so PostgreSQL does not take it
// to the index, where it would read every document holding a phrase's words).

/**
 * A query as typed (`text`, which names are matched against), and as PostgreSQL reads it, in tsquery text: `match`
 * for the index, `exact` to confirm (when the two differ), rank and highlight.
 */
export interface SearchTerms {
  text: string;
  match: string;
  exact: string;
  /**
   * The share of statements the planner expects `match` to find (`search_share`, from its word statistics): read
   * only for a search that ranks statements, null otherwise.
   */
  share: number | null;
}

/**
 * Reads a query once per request. Written into the SQL as function calls, it was computed again for each of the
 * sixteen places the search statement names it, while PostgreSQL planned it: 13 of the 15 ms of planning.
 */
export async function searchTerms(db: Knex, text: string, withShare: boolean): Promise<SearchTerms> {
  const share = withShare ? 'search_share(search_match(?))' : 'null::float8';
  const [row] = await db.select(
    db.raw(
      `search_match(?)::text as match, search_query(?)::text as exact, ${share} as share`,
      withShare ? [text, text, text] : [text, text],
    ),
  );
  return { text, match: row.match, exact: row.exact, share: row.share };
}

const matches = (document: string, match: string, exact: string): string =>
  `${document} @@ ${match} and ts_match_vq(${document}, ${exact})`;

/** The condition that a search document (`document`, an SQL expression) matches `terms`' query. */
export function wordsMatch(document: string, { match, exact }: SearchTerms): [sql: string, bindings: string[]] {
  return match === exact ? [`${document} @@ ?::tsquery`, [match]] : [matches(document, '?::tsquery', '?::tsquery'), [match, exact]];
}

/** The same condition with the query as typed (one parameter, given twice), for filters read once per statement. */
export const textMatches = (document: string, text: string): [sql: string, bindings: string[]] => [
  matches(document, 'search_match(?)', 'search_query(?)'),
  [text, text],
];
