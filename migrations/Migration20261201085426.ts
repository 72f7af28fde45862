import { Migration } from '@mikro-orm/migrations';

export class Migration20261201085426 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "speaker_name_id_idx" on "speaker" ("name", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "speaker_name_id_idx";`);
  }

}
