import { Migration } from '@mikro-orm/migrations';

// A name lookup (`nameMatches`: `name_keys like '%key%' or key <% name_keys`) took longer to plan than to run: to
// guess how many speakers a trigram match keeps, PostgreSQL applied it to each of the hundred values of the
// column's histogram (2 ms per lookup on 10,000 speakers, against 0.4 ms to run it). With no statistics on the
// column it assumes 1%, and chooses the same trigram index. The generated column is added again, so that none of
// its old statistics are left, and PostgreSQL is told to collect none.
export class Migration20261201191000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "speaker_name_keys_idx";`);
    this.addSql(`alter table "speaker" drop column "name_keys";`);
    this.addSql(`alter table "speaker" add column "name_keys" text generated always as (speaker_name_keys(name, aliases)) stored;`);
    this.addSql(`alter table "speaker" alter column "name_keys" set statistics 0;`);
    this.addSql(`create index "speaker_name_keys_idx" on "speaker" using gin ("name_keys" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "speaker" alter column "name_keys" set statistics -1;`);
  }
}
