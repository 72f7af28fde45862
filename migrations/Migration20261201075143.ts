import { Migration } from '@mikro-orm/migrations';

export class Migration20261201075143 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "revision_entity_id_at_id_idx" on "revision" ("entity_id", "at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "revision_entity_id_at_id_idx";`);
  }

}
