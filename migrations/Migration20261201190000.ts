import { Migration } from '@mikro-orm/migrations';
import { SEARCH_QUERY } from './Migration20261201150000';
import { SEARCH_DOCUMENT_SQL, STATEMENT_SEARCH_DOCUMENT_SQL } from './Migration20261201160000';

// Phrases and contradictions at scale. The GIN index knows which words a document holds, not where: a phrase of
// common words ("peace talks") had PostgreSQL read every document holding both words to check their positions.
// - Every search document also holds its word pairs: each two lexemes at neighbouring positions, as one lexeme
//   "peac talk" (lexemes never hold a space), without positions (Elasticsearch's `index_phrases` does the same).
// - `search_match(text)` is what the index looks up: each reading of the query (`search_readings`, the readings
//   `search_query` ORs, Migration20261201150000) that is a plain conjunction with phrases, as the pairs of its
//   phrases and its other words, which the index finds directly. It finds a few more documents than the query
//   (the pairs of "peace talks now" are also in "peace talks, talks now"), so a match is confirmed with the query
//   itself, which no longer needs the index: `search_document @@ search_match(q) and ts_match_vq(search_document,
//   search_query(q))`. A reading that requires a word it also excludes ("sanctions -sanctions") can match nothing
//   and is dropped, rather than read every document holding the word.
// - `search_query(text)` is the query itself: it confirms, ranks and highlights.
// Every search document is written again: on a million statements this takes minutes, then VACUUM ANALYZE.
/**
 * Every search document written again. Generated columns are computed again only when their row is written; the
 * statement trigger writes a document set to null again (Migration20261201160000). Each index is built afresh
 * afterwards: on a million statements that is faster than keeping it current row by row.
 */
const REWRITE_DOCUMENTS = [
  ['claim', 'update "claim" set text = text;'],
  ['event', 'update "event" set name = name;'],
  ['source', 'update "source" set title = title;'],
  ['statement', 'update "statement" set search_document = null;'],
].flatMap(([table, update]) => [
  `drop index "${table}_search_idx";`,
  update,
  `create index "${table}_search_idx" on "${table}" using gin ("search_document");`,
]);

/** `search_document` as this migration defines it (a later one restores it on the way down). */
export const SEARCH_DOCUMENT_WITH_PAIRS_SQL = `create or replace function search_document(language text, body text) returns tsvector
      language plpgsql immutable parallel safe as $$
      declare
        config regconfig := search_config(language);
        t text := public.unaccent('public.unaccent'::regdictionary, coalesce(body, ''));
        words tsvector := setweight(to_tsvector(config, t), 'A') || setweight(to_tsvector('simple', t), 'B');
      begin
        if t ~ '\\w-\\w' then
          words := words || setweight(to_tsvector(config, (select string_agg(replace(m[1], '-', ''), ' ')
            from regexp_matches(t, '(\\w+(?:-\\w+)+)', 'g') as m)), 'A');
        end if;
        words := words || setweight(to_tsvector(config, irregular_singulars(t)), 'A');
        return words || search_word_pairs(words);
      end $$;`;

export class Migration20261201190000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`set local maintenance_work_mem = '256MB';`);
    // Two lexemes longer together than a lexeme may be (2047 bytes: two long URLs) make no pair; a query, at most
    // 300 characters, could not ask for it.
    this.addSql(`create function search_word_pairs(document tsvector) returns tsvector
      language sql immutable parallel safe
      return (
        select coalesce(array_to_tsvector(array_agg(distinct a.lexeme || ' ' || b.lexeme)), ''::tsvector)
        from (select u.lexeme, p from unnest(document) as u, unnest(u.positions) as p) as a
        join (select u.lexeme, p from unnest(document) as u, unnest(u.positions) as p) as b on b.p = a.p + 1
        where octet_length(a.lexeme) + octet_length(b.lexeme) < 2047
      );`);
    // The same words as before (Migration20261201160000), and their pairs. In PL/pgSQL, so the words are computed
    // once (a SQL function would compute them again for the pairs), and the compound reading only runs on a text
    // with a hyphen: faster than before on a short statement, pairs included.
    this.addSql(SEARCH_DOCUMENT_WITH_PAIRS_SQL);

    // A statement's document is its words and its surroundings: a phrase may run from one into the other, as the
    // positions say, so their pairs are taken over the whole.
    this.addSql(`create or replace function statement_search_document() returns trigger language plpgsql as $$
      declare
        document tsvector := search_document(new.language, new.text)
          || statement_surroundings(new.id, new.speaker_id, new.on_behalf_of_id, new.event_id);
      begin
        new.search_document := document || search_word_pairs(document);
        return new;
      end $$;`);

    this.addSql(`create function search_readings(q text) returns tsquery[]
      language sql immutable parallel safe
      return (
        select array_remove(array[english, case when u ~* '[а-яёіїєґ]' then russian end, simple,
            case when joined <> u then websearch_to_tsquery('english', joined) end], null)
        from (
          select u, regexp_replace(u, '^\\s*(\\w+)(?:-|\\s+)(\\w+)\\s*$', '\\1\\2') as joined,
            websearch_to_tsquery('english', u) as english, websearch_to_tsquery('russian', u) as russian,
            websearch_to_tsquery('simple', u) as simple
          from (select public.unaccent('public.unaccent'::regdictionary, coalesce(q, '')) as u) as x
        ) as readings
      );`);
    // Any of several queries (an OR over rows); a null (a reading dropped) is skipped.
    this.addSql(`create aggregate search_any(tsquery) (sfunc = tsquery_or, stype = tsquery);`);
    this.addSql(`create or replace function search_query(q text) returns tsquery
      language sql immutable parallel safe
      return (select search_any(r) from unnest(search_readings(q)) as r);`);
    // A reading in its text form, token by token ('word', <->, <2>, &, |, !, parentheses); a phrase reads
    // 'last' <-> 'peac'. Only a plain conjunction is narrowed: under an OR or a negated group a pair is not required.
    // Its phrases give way to their pairs, and exclusions are left to the check: the index then reads only the
    // pairs and the other words asked for (given 'peac talk', it would read every 'peac' and 'talk' to confirm
    // what the pair already says, 90 of the 95 ms of a phrase of two common words).
    this.addSql(`create function search_narrowed(reading tsquery) returns tsquery
      language sql immutable parallel safe
      return (
        with token as (
          select m[1] as t, lag(m[1]) over w as prev, lead(m[1]) over w as next, lead(m[1], 2) over w as after_next
          from regexp_matches(reading::text, $$('(?:[^']|'')*'(?::[*A-D]+)?|<[^>]*>|[()&|!])$$, 'g') with ordinality as x(m, n)
          window w as (order by n)
        )
        select case
          when exists (select from token where t = '|' or (t = '!' and (prev ~ '^<' or next !~ '^''' or after_next ~ '^<')))
            then reading
          when exists (select from token as kept join token as excluded on excluded.t = kept.t
                       where kept.t ~ '^''' and kept.prev is distinct from '!' and excluded.prev = '!')
            then null
          else coalesce((
            select string_agg(term, ' & ')::tsquery
            from (
              select '''' || substr(t, 2, length(t) - 2) || ' ' || substr(after_next, 2, length(after_next) - 2) || '''' as term
              from token where t ~ '^''.*''$' and next = '<->' and after_next ~ '^''.*''$'
              union all
              select t from token
              where t ~ '^''' and prev is distinct from '!' and coalesce(prev, '') !~ '^<' and coalesce(next, '') !~ '^<'
            ) as required
            having bool_or(term ~ ' ')), reading)
        end
      );`);
    this.addSql(`create function search_match(q text) returns tsquery
      language sql immutable parallel safe
      return coalesce((select search_any(search_narrowed(r)) from unnest(search_readings(q)) as r), ''::tsquery);`);

    for (const sql of REWRITE_DOCUMENTS) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`set local maintenance_work_mem = '256MB';`);
    this.addSql(`drop function search_match(text);`);
    this.addSql(`drop function search_narrowed(tsquery);`);
    this.addSql(SEARCH_QUERY);
    this.addSql(`drop aggregate search_any(tsquery);`);
    this.addSql(`drop function search_readings(text);`);
    this.addSql(SEARCH_DOCUMENT_SQL);
    this.addSql(STATEMENT_SEARCH_DOCUMENT_SQL);
    this.addSql(`drop function search_word_pairs(tsvector);`);
    for (const sql of REWRITE_DOCUMENTS) this.addSql(sql);
  }
}
