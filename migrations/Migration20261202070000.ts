import { Migration } from '@mikro-orm/migrations';

// Statements' words and the year they were said, in one GIN index (btree_gin lets an integer sit beside a
// tsvector): "these words, said in 2024" is then one index lookup, which is how search finds the most recent
// matches of a word that is neither rare nor common without reading every match (src/modules/search/search.query.ts).
// Queries on the words alone use the same index.
//
// `search_share(q)`: the share of statements PostgreSQL's planner expects to match a word query (from its
// statistics of the words, as it plans the query: a word in its list of common ones, a phrase, a NOT...), which
// tells search whether a query's matches are common enough to be found along the date index. (Volatile: PostgreSQL
// allows EXPLAIN only there.)
export class Migration20261202070000 extends Migration {
  override async up(): Promise<void> {
    // Building the index reads every statement: 40 s at 1,000,000 here, longer than a request may take, and
    // faster with more memory to sort in. Both settings last until the migrations' transaction ends.
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`set local maintenance_work_mem = '256MB';`);
    this.addSql(`create extension if not exists btree_gin;`);
    this.addSql(`drop index "statement_search_idx";`);
    this.addSql(
      `create index "statement_search_idx" on "statement" using gin ("search_document", (date_part('year', "said_on_start")::int));`,
    );
    this.addSql(`
      create function search_share(q tsquery) returns float8 language plpgsql as $$
      declare
        plan json;
      begin
        execute format('explain (format json) select from statement where search_document @@ %L::tsquery', q::text) into plan;
        -- reltuples is -1 before the table's first ANALYZE.
        return (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8 / greatest((select reltuples from pg_class where oid = 'statement'::regclass), 1);
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function search_share(tsquery);`);
    this.addSql(`drop index "statement_search_idx";`);
    this.addSql(`create index "statement_search_idx" on "statement" using gin ("search_document");`);
  }
}
