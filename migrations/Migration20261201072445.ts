import { Migration } from '@mikro-orm/migrations';

export class Migration20261201072445 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_key" ("id" uuid not null, "actor" text not null, "key" text not null, "mutation" text not null, "request_hash" text not null, "response" jsonb null, "created_at" timestamptz not null default now(), constraint "idempotency_key_pkey" primary key ("id"));`);
    this.addSql(`create index "idempotency_key_created_at_index" on "idempotency_key" ("created_at");`);
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_actor_key_mutation_unique" unique ("actor", "key", "mutation");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_key" cascade;`);
  }

}
