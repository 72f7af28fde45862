import { Migration } from '@mikro-orm/migrations';

// Full-text search across statements, claims, events and sources (speakers are found by their name keys).
// - `search_config(language)`: the PostgreSQL text-search configuration for an ISO 639-1 code, `simple` when
//   PostgreSQL has no stemmer for it.
// - `search_document(language, body)`: what a record is found by: its words stemmed in its language (weight A), the
//   same words unstemmed (B), and hyphenated compounds also as one word ("cease-fire" as "ceasefire"); accents
//   dropped. Stored in a generated column per table, so PostgreSQL keeps it current, GIN-indexed.
// - `search_query(text)`: web-search syntax ("quoted phrases", -exclusions, OR) read as English, as Russian, as typed
//   (simple) and with two-word compounds joined ("cease fire" as "ceasefire"): any reading may match.
export class Migration20261201143000 extends Migration {
  override async up(): Promise<void> {
    // Rewriting or indexing every statement can outlast the service's statement timeout on a large database.
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`create or replace function search_config(language text) returns regconfig
      language sql immutable parallel safe
      return case lower(split_part(coalesce(language, 'en'), '-', 1))
        when 'en' then 'english' when 'ru' then 'russian' when 'de' then 'german' when 'fr' then 'french'
        when 'es' then 'spanish' when 'it' then 'italian' when 'pt' then 'portuguese' when 'nl' then 'dutch'
        when 'sv' then 'swedish' when 'no' then 'norwegian' when 'nb' then 'norwegian' when 'da' then 'danish'
        when 'fi' then 'finnish' when 'hu' then 'hungarian' when 'ro' then 'romanian' when 'tr' then 'turkish'
        else 'simple' end::regconfig;`);
    this.addSql(`create or replace function search_document(language text, body text) returns tsvector
      language sql immutable parallel safe
      return (
        select setweight(to_tsvector(search_config(language), t), 'A')
          || setweight(to_tsvector('simple', t), 'B')
          || setweight(to_tsvector(search_config(language), coalesce(
               (select string_agg(replace(m[1], '-', ''), ' ') from regexp_matches(t, '(\\w+(?:-\\w+)+)', 'g') as m), '')), 'A')
        from (select public.unaccent('public.unaccent'::regdictionary, coalesce(body, '')) as t) as x
      );`);
    this.addSql(`create or replace function search_query(q text) returns tsquery
      language sql immutable parallel safe
      return (
        select websearch_to_tsquery('english', u) || websearch_to_tsquery('russian', u) || websearch_to_tsquery('simple', u)
          || websearch_to_tsquery('english', regexp_replace(u, '^\\s*(\\w+)(?:-|\\s+)(\\w+)\\s*$', '\\1\\2'))
        from (select public.unaccent('public.unaccent'::regdictionary, coalesce(q, '')) as u) as x
      );`);
    this.addSql(`alter table "statement" add column "search_document" tsvector generated always as (search_document(language, text)) stored;`);
    this.addSql(`create index "statement_search_idx" on "statement" using gin ("search_document");`);
    // StatementFilter.text now matches search_document too.
    this.addSql(`drop index "statement_text_search_idx";`);
    this.addSql(`alter table "claim" add column "search_document" tsvector generated always as (search_document('en', text)) stored;`);
    this.addSql(`create index "claim_search_idx" on "claim" using gin ("search_document");`);
    this.addSql(
      `alter table "event" add column "search_document" tsvector generated always as (search_document('en', name || ' ' || coalesce(location, ''))) stored;`,
    );
    this.addSql(`create index "event_search_idx" on "event" using gin ("search_document");`);
    this.addSql(`alter table "source" add column "search_document" tsvector generated always as (search_document(language, title)) stored;`);
    this.addSql(`create index "source_search_idx" on "source" using gin ("search_document");`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "statement_text_search_idx" on "statement" using gin (to_tsvector('english', "text"));`);
    for (const table of ['statement', 'claim', 'event', 'source']) {
      this.addSql(`drop index "${table}_search_idx";`);
      this.addSql(`alter table "${table}" drop column "search_document";`);
    }
    this.addSql(`drop function search_query(text);`);
    this.addSql(`drop function search_document(text, text);`);
    this.addSql(`drop function search_config(text);`);
  }
}
