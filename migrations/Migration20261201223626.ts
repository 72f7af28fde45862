import { Migration } from '@mikro-orm/migrations';

// Where imported statements came from (RecordOrigin): a re-run of an import finds each record by its data set and
// record ID, and skips it when its content hash is unchanged.
export class Migration20261201223626 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "record_origin" ("statement_id" uuid not null, "dataset" text not null, "record_id" text not null, "content_hash" text not null, "imported_at" timestamptz not null default now(), constraint "record_origin_pkey" primary key ("statement_id"));`);
    this.addSql(`alter table "record_origin" add constraint "record_origin_dataset_record_id_unique" unique ("dataset", "record_id");`);

    this.addSql(`alter table "record_origin" add constraint "record_origin_statement_id_foreign" foreign key ("statement_id") references "statement" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "record_origin" cascade;`);
  }

}
