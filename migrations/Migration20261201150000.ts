import { Migration } from '@mikro-orm/migrations';

// `search_query` reads a query only the ways that can differ: as Russian only when it holds Cyrillic letters, as a
// joined compound only when it is two words. A smaller query is cheaper to rank for every match.
/** `search_query(text)` as this migration defines it (later migrations restore it on the way down). */
export const SEARCH_QUERY = `create or replace function search_query(q text) returns tsquery
      language sql immutable parallel safe
      return (
        select case
          when joined <> u and u ~* '[а-яёіїєґ]' then english || russian || simple || websearch_to_tsquery('english', joined)
          when joined <> u then english || simple || websearch_to_tsquery('english', joined)
          when u ~* '[а-яёіїєґ]' then english || russian || simple
          else english || simple end
        from (
          select u, regexp_replace(u, '^\\s*(\\w+)(?:-|\\s+)(\\w+)\\s*$', '\\1\\2') as joined,
            websearch_to_tsquery('english', u) as english, websearch_to_tsquery('russian', u) as russian,
            websearch_to_tsquery('simple', u) as simple
          from (select public.unaccent('public.unaccent'::regdictionary, coalesce(q, '')) as u) as x
        ) as readings
      );`;

export class Migration20261201150000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(SEARCH_QUERY);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function search_query(q text) returns tsquery
      language sql immutable parallel safe
      return (
        select websearch_to_tsquery('english', u) || websearch_to_tsquery('russian', u) || websearch_to_tsquery('simple', u)
          || websearch_to_tsquery('english', regexp_replace(u, '^\\s*(\\w+)(?:-|\\s+)(\\w+)\\s*$', '\\1\\2'))
        from (select public.unaccent('public.unaccent'::regdictionary, coalesce(q, '')) as u) as x
      );`);
  }
}
