import { Migration } from '@mikro-orm/migrations';

export class Migration20261129001804 extends Migration {

  override async up(): Promise<void> {
    // Speaker names are matched regardless of accents (Zelenskyy, Zelenskyi...).
    this.addSql(`create extension if not exists unaccent;`);

    this.addSql(`create table "claim" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "text" text not null, constraint "claim_pkey" primary key ("id"));`);

    this.addSql(`create table "event" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "name" text not null, "kind" text check ("kind" in ('NEGOTIATION', 'NEGOTIATION_ROUND', 'SUMMIT', 'BRIEFING', 'PRESS_CONFERENCE', 'INTERVIEW', 'SPEECH', 'DEBATE', 'SOCIAL_MEDIA', 'OTHER')) not null default 'OTHER', "location" text null, "start_date" date null, "end_date" date null, "parent_id" uuid null, constraint "event_pkey" primary key ("id"));`);
    this.addSql(`create index "event_parent_id_index" on "event" ("parent_id");`);

    this.addSql(`create table "revision" ("id" uuid not null, "entity_type" text not null, "entity_id" uuid not null, "action" text check ("action" in ('CREATE', 'UPDATE', 'DELETE', 'MERGE')) not null, "before" jsonb null, "after" jsonb null, "actor" text not null, "request_id" text null, "at" timestamptz not null default now(), constraint "revision_pkey" primary key ("id"));`);
    this.addSql(`create index "revision_at_index" on "revision" ("at");`);
    this.addSql(`create index "revision_entity_type_entity_id_index" on "revision" ("entity_type", "entity_id");`);

    this.addSql(`create table "speaker" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "kind" text check ("kind" in ('PERSON', 'ORGANIZATION')) not null, "name" text not null, "aliases" text[] not null default '{}', "description" text null, "wikidata_id" text null, "country" text null, constraint "speaker_pkey" primary key ("id"));`);
    this.addSql(`create index "speaker_kind_index" on "speaker" ("kind");`);
    this.addSql(`alter table "speaker" add constraint "speaker_wikidata_id_unique" unique ("wikidata_id");`);

    this.addSql(`create table "source" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "url" text null, "title" text not null, "publisher_id" uuid null, "published_on" date null, "kind" text check ("kind" in ('ARTICLE', 'SOCIAL_POST', 'TRANSCRIPT', 'VIDEO', 'PRESS_RELEASE', 'OFFICIAL_DOCUMENT', 'OTHER')) not null default 'ARTICLE', "language" text null, "archived_url" text null, constraint "source_pkey" primary key ("id"));`);
    this.addSql(`alter table "source" add constraint "source_url_unique" unique ("url");`);
    this.addSql(`create index "source_publisher_id_index" on "source" ("publisher_id");`);

    this.addSql(`create table "claim_review" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "claim_id" uuid not null, "reviewer_id" uuid not null, "rating_label" text not null, "rating" text check ("rating" in ('TRUE', 'MOSTLY_TRUE', 'MIXED', 'MOSTLY_FALSE', 'FALSE', 'MISLEADING', 'UNPROVEN')) not null, "url" text null, "reviewed_on" date null, "summary" text null, constraint "claim_review_pkey" primary key ("id"));`);
    this.addSql(`create index "claim_review_claim_id_index" on "claim_review" ("claim_id");`);
    this.addSql(`create index "claim_review_reviewer_id_index" on "claim_review" ("reviewer_id");`);

    this.addSql(`create table "affiliation" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "person_id" uuid not null, "organization_id" uuid not null, "title" text not null, "start_date" date null, "end_date" date null, constraint "affiliation_pkey" primary key ("id"));`);
    this.addSql(`create index "affiliation_person_id_index" on "affiliation" ("person_id");`);
    this.addSql(`create index "affiliation_organization_id_index" on "affiliation" ("organization_id");`);

    this.addSql(`create table "statement" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "text" text not null, "kind" text check ("kind" in ('QUOTE', 'PARAPHRASE')) not null, "language" text null, "speaker_id" uuid not null, "on_behalf_of_id" uuid null, "said_on_start" date not null, "said_on_end" date not null, "said_on_precision" text check ("said_on_precision" in ('DAY', 'MONTH', 'YEAR')) not null, "event_id" uuid null, "setting" text null, "attribution_status" text check ("attribution_status" in ('VERIFIED', 'UNVERIFIED', 'DISPUTED', 'MISATTRIBUTED', 'RETRACTED')) not null default 'UNVERIFIED', "attribution_note" text null, constraint "statement_pkey" primary key ("id"));`);
    this.addSql(`create index "statement_on_behalf_of_id_index" on "statement" ("on_behalf_of_id");`);
    this.addSql(`create index "statement_event_id_index" on "statement" ("event_id");`);
    this.addSql(`create index "statement_text_search_idx" on "statement" using gin (to_tsvector('english', "text"));`);
    this.addSql(`create index "statement_speaker_said_on_idx" on "statement" ("speaker_id", "said_on_start", "id");`);
    this.addSql(`create index "statement_said_on_idx" on "statement" ("said_on_start", "id");`);

    this.addSql(`create table "position" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "statement_id" uuid not null, "claim_id" uuid not null, "stance" text check ("stance" in ('ASSERTS', 'DENIES', 'DEMANDS', 'PROPOSES', 'ACCEPTS', 'REJECTS', 'QUESTIONS')) not null, constraint "position_pkey" primary key ("id"));`);
    this.addSql(`create index "position_claim_id_index" on "position" ("claim_id");`);
    this.addSql(`alter table "position" add constraint "position_statement_id_claim_id_unique" unique ("statement_id", "claim_id");`);

    this.addSql(`create table "citation" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "statement_id" uuid not null, "source_id" uuid not null, "excerpt" text null, "is_primary" boolean not null default false, constraint "citation_pkey" primary key ("id"));`);
    this.addSql(`create index "citation_source_id_index" on "citation" ("source_id");`);
    this.addSql(`alter table "citation" add constraint "citation_statement_id_source_id_unique" unique ("statement_id", "source_id");`);

    this.addSql(`create table "statement_mention" ("statement_id" uuid not null, "speaker_id" uuid not null, constraint "statement_mention_pkey" primary key ("statement_id", "speaker_id"));`);

    this.addSql(`create table "statement_relation" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "from_id" uuid not null, "to_id" uuid not null, "kind" text check ("kind" in ('RESPONDS_TO', 'SUPPORTS', 'CONTRADICTS', 'CORROBORATES', 'REPEATS', 'CLARIFIES', 'RETRACTS')) not null, "note" text null, "source_id" uuid null, "status" text check ("status" in ('SUGGESTED', 'CONFIRMED')) not null default 'SUGGESTED', constraint "statement_relation_pkey" primary key ("id"), constraint statement_relation_not_self check (from_id <> to_id));`);
    this.addSql(`create index "statement_relation_to_id_index" on "statement_relation" ("to_id");`);
    this.addSql(`create index "statement_relation_source_id_index" on "statement_relation" ("source_id");`);
    this.addSql(`alter table "statement_relation" add constraint "statement_relation_from_id_to_id_kind_unique" unique ("from_id", "to_id", "kind");`);

    this.addSql(`create table "topic" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "slug" text not null, "name" text not null, "description" text null, "parent_id" uuid null, constraint "topic_pkey" primary key ("id"));`);
    this.addSql(`alter table "topic" add constraint "topic_slug_unique" unique ("slug");`);
    this.addSql(`create index "topic_parent_id_index" on "topic" ("parent_id");`);

    this.addSql(`create table "statement_topic" ("statement_id" uuid not null, "topic_id" uuid not null, constraint "statement_topic_pkey" primary key ("statement_id", "topic_id"));`);

    this.addSql(`create table "claim_topic" ("claim_id" uuid not null, "topic_id" uuid not null, constraint "claim_topic_pkey" primary key ("claim_id", "topic_id"));`);

    this.addSql(`alter table "event" add constraint "event_parent_id_foreign" foreign key ("parent_id") references "event" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "source" add constraint "source_publisher_id_foreign" foreign key ("publisher_id") references "speaker" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "claim_review" add constraint "claim_review_claim_id_foreign" foreign key ("claim_id") references "claim" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "claim_review" add constraint "claim_review_reviewer_id_foreign" foreign key ("reviewer_id") references "speaker" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "affiliation" add constraint "affiliation_person_id_foreign" foreign key ("person_id") references "speaker" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "affiliation" add constraint "affiliation_organization_id_foreign" foreign key ("organization_id") references "speaker" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "statement" add constraint "statement_speaker_id_foreign" foreign key ("speaker_id") references "speaker" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "statement" add constraint "statement_on_behalf_of_id_foreign" foreign key ("on_behalf_of_id") references "speaker" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "statement" add constraint "statement_event_id_foreign" foreign key ("event_id") references "event" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "position" add constraint "position_statement_id_foreign" foreign key ("statement_id") references "statement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "position" add constraint "position_claim_id_foreign" foreign key ("claim_id") references "claim" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "citation" add constraint "citation_statement_id_foreign" foreign key ("statement_id") references "statement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "citation" add constraint "citation_source_id_foreign" foreign key ("source_id") references "source" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "statement_mention" add constraint "statement_mention_statement_id_foreign" foreign key ("statement_id") references "statement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "statement_mention" add constraint "statement_mention_speaker_id_foreign" foreign key ("speaker_id") references "speaker" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "statement_relation" add constraint "statement_relation_from_id_foreign" foreign key ("from_id") references "statement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "statement_relation" add constraint "statement_relation_to_id_foreign" foreign key ("to_id") references "statement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "statement_relation" add constraint "statement_relation_source_id_foreign" foreign key ("source_id") references "source" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "topic" add constraint "topic_parent_id_foreign" foreign key ("parent_id") references "topic" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "statement_topic" add constraint "statement_topic_statement_id_foreign" foreign key ("statement_id") references "statement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "statement_topic" add constraint "statement_topic_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "claim_topic" add constraint "claim_topic_claim_id_foreign" foreign key ("claim_id") references "claim" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "claim_topic" add constraint "claim_topic_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete cascade;`);
  }

}
