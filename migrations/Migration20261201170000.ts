import { Migration } from '@mikro-orm/migrations';

// Search, best match first, ranks only the most recent matches of each kind (RANKED_MATCHES): claims and sources
// are read newest first through these indexes when a word is common, as statements are through their date index.
export class Migration20261201170000 extends Migration {
  override async up(): Promise<void> {
    // Indexing every claim and source can outlast the service's statement timeout on a large database.
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`create index "claim_created_at_idx" on "claim" ("created_at", "id");`);
    this.addSql(`create index "source_created_at_idx" on "source" ("created_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "source_created_at_idx";`);
    this.addSql(`drop index "claim_created_at_idx";`);
  }
}
