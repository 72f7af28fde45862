import { Migration } from '@mikro-orm/migrations';

export class Migration20261201131535 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "statement_principal_idx" on "statement" (coalesce("on_behalf_of_id", "speaker_id"), "said_on_start", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "statement_principal_idx";`);
  }

}
