import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import type { SortKey } from '../../shared/pagination';
import { nameMatches, nameSimilarity } from '../speakers/speaker.loaders';
import { applyStatementFilter } from '../statements/statement.query';
import { visibleSql, type StatementFilter } from '../statements/statement.types';
import { MAX_NAME, textProblem } from '../../shared/validation';
import { SearchKind, SearchOrder } from './search.types';
import { type SearchTerms, wordsMatch } from './words';

// Search over every kind of record at once. Words (statements, claims, events, sources) match the stored
// `search_document` columns (GIN-indexed, migration Migration20261201143000) as `wordsMatch` says; speakers match by
// their name keys (`nameMatches`). Each kind ranks from 0 to 1, kept as an integer "miss" for the keyset.

/** Best match first, then kind and ID. */
const BY_RELEVANCE: SortKey[] = [
  { column: 'hit.miss', property: 'miss', type: 'integer' },
  { column: 'hit.kind', property: 'kind', type: 'text' },
  { column: 'hit.id', property: 'id', type: 'uuid' },
];

// In date order, undated records (speakers, claims, a source without a date) come after the dated ones either way.
const UNDATED_NEWEST = `coalesce(hit.day, date '0001-01-01')`;
const UNDATED_OLDEST = `coalesce(hit.day, date '9999-12-31')`;

/** Date order: the day (`day` places undated records), then kind and ID. */
const byDay = (day: string, property: string, descending: boolean) => ({
  keys: [
    { column: day, property, type: 'date' as const },
    { column: 'hit.kind', property: 'kind', type: 'text' as const },
    { column: 'hit.id', property: 'id', type: 'uuid' as const },
  ],
  descending,
});

/** The sort keys and direction of each order. */
export const SEARCH_ORDERS: Record<SearchOrder, { keys: SortKey[]; descending: boolean }> = {
  [SearchOrder.RELEVANCE]: { keys: BY_RELEVANCE, descending: false },
  [SearchOrder.NEWEST]: byDay(UNDATED_NEWEST, 'newestDay', true),
  [SearchOrder.OLDEST]: byDay(UNDATED_OLDEST, 'oldestDay', false),
};

/** What is wrong with a search's query as typed, if anything. */
export const searchQueryProblem = (query: string): string | undefined =>
  textProblem(query, MAX_NAME, false) ?? (query.trim() ? undefined : 'must not be blank');

const miss = (rank: string): string => `(1000000 - round(1000000 * ${rank}))::int`;

/**
 * A kind whose words are searched: its table, alias, the day it is dated by, which rows are shown, and which of
 * its matches are the most recent (see RANKED_MATCHES).
 */
const WORDS: Partial<Record<SearchKind, { table: string; alias: string; day: string; shown?: string; recent: string; year?: string }>> = {
  [SearchKind.STATEMENT]: {
    table: 'statement',
    alias: 's',
    day: 's.said_on_start',
    shown: visibleSql('s'),
    recent: 's.said_on_start desc, s.id desc',
    // Indexed with the words (Migration20261202070000), so "these words, said in 2024" is one index lookup.
    year: `date_part('year', s.said_on_start)::int`,
  },
  [SearchKind.CLAIM]: { table: 'claim', alias: 'c', day: 'null::date', recent: 'c.created_at desc, c.id desc' },
  [SearchKind.EVENT]: { table: 'event', alias: 'e', day: 'e.start_date', recent: 'e.start_date desc nulls last, e.id desc' },
  [SearchKind.SOURCE]: { table: 'source', alias: 'so', day: 'so.published_on', recent: 'so.created_at desc, so.id desc' },
};

/**
 * How many matches of one kind are ranked for relevance order, when there are more: the most recent ones. Ranking
 * reads every match, so a word found in a fifth of a million statements would cost 175 ms; the most recent
 * matches come through a date index instead: 4 ms. Counts and date orders still cover every match.
 */
const RANKED_MATCHES = 200;

/**
 * The share of statements from which a query's most recent matches are read along the date index (1 row in 20
 * or more: at most 4,000 rows read for 200 matches) rather than year by year through the word index.
 */
const COMMON_SHARE = 0.05;

/** The kinds a search looks among: those asked for, each once, or every kind. */
export const searchKinds = (kinds: readonly SearchKind[] | null | undefined): SearchKind[] =>
  kinds?.length ? [...new Set(kinds)] : Object.values(SearchKind);

/** Whether a search ranks statements, which is when it needs their share (`SearchTerms.share`). */
export const ranksStatements = (kinds: readonly SearchKind[], order: SearchOrder): boolean =>
  order === SearchOrder.RELEVANCE && kinds.includes(SearchKind.STATEMENT);

/**
 * The hits of `terms` among `kinds`, as a FROM item `hit` (kind, id, miss, and the day it is dated, if any); with
 * `ranked`, at most RANKED_MATCHES per kind; `filter` narrows the statements as `statements(filter:)` does.
 */
function hits(db: Knex, terms: SearchTerms, kinds: readonly SearchKind[], ranked: boolean, filter?: StatementFilter | null): Knex.Raw {
  const parts: string[] = [];
  const bindings: unknown[] = [];
  for (const kind of kinds) {
    const words = WORDS[kind];
    if (words) {
      const { table, alias, day, shown, recent, year } = words;
      // A constant, so the GIN index serves the match, and the planner knows how common the words are. Only the
      // columns a hit reads: the most recent of thousands of matches are sorted whole rows otherwise (2 ms more for
      // a phrase of common words at 1,000,000 statements).
      const found = db(`${table} as ${alias}`)
        .select(`${alias}.id`, `${alias}.search_document`, ...(day === 'null::date' ? [] : [day]))
        .whereRaw(...wordsMatch(`${alias}.search_document`, terms));
      if (shown) found.whereRaw(shown);
      if (kind === SearchKind.STATEMENT && filter) applyStatementFilter(db, found, filter);
      const matches = found.toSQL();
      const hit = `select '${kind}' as kind, ${alias}.id, ${miss(`ts_rank(${alias}.search_document, ?::tsquery, 32)`)} as miss, ${day} as day`;
      if (!ranked) {
        parts.push(`${hit} from (${matches.sql}) as ${alias}`);
        bindings.push(terms.exact, ...matches.bindings);
      } else {
        // A few matches (read through the word index) are all ranked; more, and only the most recent are. Which
        // branch runs is decided once, on a count; deciding by the planner's estimate of how common a word is
        // read a million rows for a rare one. Without a statement filter the count is of the word index's matches,
        // which PostgreSQL reads without visiting the table (a phrase's index matches are a few more than its
        // matches; either branch ranks every match when there are no more than RANKED_MATCHES).
        const counted = `count_${alias}`;
        const count =
          kind === SearchKind.STATEMENT && filter
            ? { sql: `select ${alias}.id from (${matches.sql}) as ${alias}`, bindings: matches.bindings }
            : { sql: `select from ${table} as ${alias} where ${alias}.search_document @@ ?::tsquery`, bindings: [terms.match] };
        const few = `(select n from ${counted}) <= ${RANKED_MATCHES}`;
        // (The LIMIT changes nothing there but the planner's estimate: unbounded, a common word's would exceed
        // PostgreSQL's threshold for compiling the statement to machine code, 0.7 s.)
        const all = `${hit} from (${matches.sql} limit ${RANKED_MATCHES + 1}) as ${alias} where ${few}`;
        const withCount = `${counted} as (select count(*) as n from (${count.sql} limit ${RANKED_MATCHES + 1}) as c)`;
        if (!year || (terms.share ?? 1) >= COMMON_SHARE) {
          parts.push(
            `(with ${withCount} ${all} ` +
              `union all ${hit} from (${matches.sql} order by ${recent} limit ${RANKED_MATCHES}) as ${alias} where not ${few})`,
          );
          bindings.push(...count.bindings, terms.exact, ...matches.bindings, terms.exact, ...matches.bindings);
        } else {
          // Statements matched by less than COMMON_SHARE: walking the date index would read thousands of rows for
          // the 200 most recent matches, and sorting every match by date reads them all, scattered over the table.
          // So the years are walked back from the latest, counting each one's matches through the index of words
          // and years, until 200 are found; only those years' matches are read and sorted. 35 ms down to 6 for a
          // phrase of common words at 1,000,000 statements whose rows are not in PostgreSQL's cache.
          const years = `years_${alias}`;
          const inYear = (y: string) => found.clone().whereRaw(`${year} = ${y}`).toSQL();
          const yearCount = inYear(`${years}.y - 1`);
          const walked = inYear(`${years}.y`);
          parts.push(
            `(with recursive ${withCount}, ` +
              `${years}(y, n) as (select date_part('year', max(${alias}.said_on_start))::int + 1, 0::bigint from ${table} as ${alias} where not ${few} ` +
              `union all select y - 1, n + (select count(*) from (${yearCount.sql} limit ${RANKED_MATCHES}) as c) from ${years} ` +
              `where n < ${RANKED_MATCHES} and y > (select date_part('year', min(${alias}.said_on_start))::int from ${table} as ${alias})) ` +
              `${all} union all ${hit} from (select ${alias}.* from ${years} cross join lateral (${walked.sql}) as ${alias} ` +
              `order by ${recent} limit ${RANKED_MATCHES}) as ${alias} where not ${few})`,
          );
          bindings.push(...count.bindings, ...yearCount.bindings, terms.exact, ...matches.bindings, terms.exact, ...walked.bindings);
        }
      }
    } else {
      // Speakers match as in `speakers(filter: { name })`.
      const match = nameMatches(db, 'sp', terms.text).toSQL();
      parts.push(
        `select '${kind}' as kind, sp.id, ${miss(nameSimilarity('sp'))} as miss, null::date as day ` +
          `from speaker as sp where ${match.sql}`,
      );
      bindings.push(terms.text, ...match.bindings);
    }
  }
  return db.raw(`(${parts.join(' union all ')}) as hit`, bindings as Knex.RawBinding[]);
}

/**
 * A search's hits in `order`; with `highlighted`, each with its `headline` too. PostgreSQL computes an expensive
 * column such as that one after the sort and the page's LIMIT, so only for the hits on the page: one statement in
 * all, where the highlight loader sends one per kind on the page.
 */
export function searchRows(
  db: Knex,
  terms: SearchTerms,
  kinds: readonly SearchKind[],
  order: SearchOrder,
  filter?: StatementFilter | null,
  highlighted = false,
): Knex.QueryBuilder {
  const qb = db
    .queryBuilder()
    .select(
      'hit.kind',
      'hit.id',
      'hit.miss',
      db.raw(`${UNDATED_NEWEST}::text as "newestDay"`),
      db.raw(`${UNDATED_OLDEST}::text as "oldestDay"`),
    )
    .from(hits(db, terms, kinds, order === SearchOrder.RELEVANCE, filter));
  if (!highlighted) return qb;
  const cases = kinds.map((kind) => {
    const { table } = HIGHLIGHTED[kind];
    return `when '${kind}' then (select ${headline(kind)} from ${table} as t where t.id = hit.id)`;
  });
  const bindings = kinds.filter((kind) => HIGHLIGHTED[kind].config).map(() => terms.exact);
  return qb.select(db.raw(`case hit.kind ${cases.join(' ')} end as headline`, bindings));
}

export const searchCount = (
  db: Knex,
  terms: SearchTerms,
  kinds: readonly SearchKind[],
  filter?: StatementFilter | null,
): Knex.QueryBuilder => db.queryBuilder().from(hits(db, terms, kinds, false, filter));

// Highlights: the matched words wrapped in <mark>, in text that is HTML-escaped first, so a client can show the
// snippet as HTML without letting a record's text inject markup.
const escaped = (sql: string): string => `replace(replace(replace(${sql}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;
const HEADLINE_OPTIONS = `'StartSel=<mark>, StopSel=</mark>, MinWords=12, MaxWords=30, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'`;
const HIGHLIGHTED: Record<SearchKind, { table: string; config: string; text: string }> = {
  [SearchKind.STATEMENT]: { table: 'statement', config: 'search_config(t.language)', text: 't.text' },
  [SearchKind.CLAIM]: { table: 'claim', config: 'search_config(null)', text: 't.text' },
  [SearchKind.EVENT]: { table: 'event', config: 'search_config(null)', text: `t.name || coalesce(' (' || t.location || ')', '')` },
  [SearchKind.SOURCE]: { table: 'source', config: 'search_config(t.language)', text: 't.title' },
  [SearchKind.SPEAKER]: { table: 'speaker', config: '', text: 't.name' },
};

/** The SQL of a record's highlight (a row `t` of its table; `query`, the query's words, unless a speaker's). */
function headline(kind: SearchKind, query = '?::tsquery'): string {
  const { config, text } = HIGHLIGHTED[kind];
  // A speaker is found by name, not by words: its highlight is the whole name, marked.
  return config ? `ts_headline(${config}, ${escaped(text)}, ${query}, ${HEADLINE_OPTIONS})` : `'<mark>' || ${escaped(text)} || '</mark>'`;
}

/**
 * A hit's highlight for the whole-response compiler, from the hit row's `kind`, `id` and `exact` (the query's
 * words in tsquery text, a column of the compiled search's rows): computed only for the hits on the page.
 */
export const highlightSql = (col: (property: string) => string): string =>
  `case ${col('kind')} ${Object.values(SearchKind)
    .map(
      (kind) =>
        `when '${kind}' then (select ${headline(kind, `${col('exact')}::tsquery`)} from ${HIGHLIGHTED[kind].table} as t where t.id = ${col('id')})`,
    )
    .join(' ')} end`;

/** A page's highlights for one search, when the page did not read them: one SQL statement per kind. Keys are `KIND:uuid`. */
export function highlightLoader(db: Knex, terms: SearchTerms): DataLoader<string, string | null> {
  return new DataLoader(async (keys) => {
    const byKind = new Map<SearchKind, string[]>();
    for (const key of keys) {
      const [kind, id] = key.split(':') as [SearchKind, string];
      byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
    }
    const found = new Map<string, string>();
    // One statement per kind, sent together rather than one after another.
    await Promise.all(
      [...byKind].map(async ([kind, ids]) => {
        const { table, config } = HIGHLIGHTED[kind];
        const rows: { id: string; headline: string }[] = await db
          .select({ id: 't.id', headline: db.raw(headline(kind), config ? [terms.exact] : []) })
          .from(`${table} as t`)
          .whereRaw('t.id = any(?)', [ids]);
        for (const row of rows) found.set(`${kind}:${row.id}`, row.headline);
      }),
    );
    return keys.map((key) => found.get(key) ?? null);
  });
}
