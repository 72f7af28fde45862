import { Migration } from '@mikro-orm/migrations';

// Statement.similar and suggestRelations: trigram likeness of statements' wording (pg_trgm, created by
// Migration20261201133000).
export class Migration20261201140000 extends Migration {
  override async up(): Promise<void> {
    // Rewriting or indexing every statement can outlast the service's statement timeout on a large database.
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`create index "statement_text_trgm_idx" on "statement" using gin ("text" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "statement_text_trgm_idx";`);
  }
}
