import { Migration } from '@mikro-orm/migrations';

// Provenance: archived source texts (one row per version), anchors of citations in them with a drift status,
// republished sources, inferred dates, and what an event was and what came of it. Every added column is nullable
// or has a constant default, so on a large table it is a change of the catalogue, not a rewrite.
export class Migration20261202010526 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "source_text" ("source_id" uuid not null, "content_hash" text not null, "text" text not null, "archived_from" text check ("archived_from" in ('TEXT', 'HTML')) not null, "archived_at" timestamptz not null default now(), constraint "source_text_pkey" primary key ("source_id", "content_hash"));`);

    this.addSql(`alter table "source_text" add constraint "source_text_source_id_foreign" foreign key ("source_id") references "source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "event" add column "description" text null, add column "outcome" text null;`);

    this.addSql(`alter table "source" add column "republishes_id" uuid null, add column "content_hash" text null, add column "archived_at" timestamptz null;`);
    this.addSql(`alter table "source" add constraint "source_republishes_id_foreign" foreign key ("republishes_id") references "source" ("id") on update cascade on delete restrict;`);
    this.addSql(`create index "source_republishes_id_index" on "source" ("republishes_id");`);
    this.addSql(`alter table "source" add constraint "source_republishes_other_check" check ("republishes_id" <> "id");`);

    this.addSql(`alter table "statement" add column "said_on_inferred" boolean not null default false;`);

    this.addSql(`alter table "citation" add column "anchor_status" text check ("anchor_status" in ('VERIFIED', 'MOVED', 'MISSING', 'UNVERIFIED')) not null default 'UNVERIFIED', add column "anchor_exact" text null, add column "anchor_prefix" text null, add column "anchor_suffix" text null, add column "anchor_start" int null, add column "anchor_end" int null;`);
    this.addSql(`create index "citation_anchor_status_idx" on "citation" ("anchor_status", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "source_text" cascade;`);

    this.addSql(`alter table "source" drop constraint "source_republishes_id_foreign";`);

    this.addSql(`drop index "citation_anchor_status_idx";`);
    this.addSql(`alter table "citation" drop column "anchor_status", drop column "anchor_exact", drop column "anchor_prefix", drop column "anchor_suffix", drop column "anchor_start", drop column "anchor_end";`);

    this.addSql(`alter table "event" drop column "description", drop column "outcome";`);

    this.addSql(`drop index "source_republishes_id_index";`);
    this.addSql(`alter table "source" drop column "republishes_id", drop column "content_hash", drop column "archived_at";`);

    this.addSql(`alter table "statement" drop column "said_on_inferred";`);
  }

}
