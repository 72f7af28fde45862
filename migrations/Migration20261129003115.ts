import { Migration } from '@mikro-orm/migrations';

export class Migration20261129003115 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_key" ("id" uuid not null, "name" text not null, "role" text check ("role" in ('READER', 'EDITOR', 'ADMIN')) not null, "key_hash" text not null, "prefix" text not null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_name_unique" unique ("name");`);
    this.addSql(`alter table "api_key" add constraint "api_key_key_hash_unique" unique ("key_hash");`);

    this.addSql(`create table "speaker_redirect" ("from_id" uuid not null, "to_id" uuid not null, constraint "speaker_redirect_pkey" primary key ("from_id"));`);
    this.addSql(`create index "speaker_redirect_to_id_index" on "speaker_redirect" ("to_id");`);

    this.addSql(`alter table "speaker_redirect" add constraint "speaker_redirect_to_id_foreign" foreign key ("to_id") references "speaker" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_key" cascade;`);

    this.addSql(`drop table if exists "speaker_redirect" cascade;`);
  }

}
