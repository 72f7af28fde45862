import { Migration } from '@mikro-orm/migrations';

// Each statement's export record, kept once built (`statement_export.record`, the NDJSON line `exportRows` writes):
// an export then reads stored text instead of joining and aggregating a statement's citations, sources, topics,
// stances, claims, verdicts and links again. A record is worth keeping only while it is true, so the database
// forgets it (sets it to null) in the same transaction as any change to what it holds, whichever path writes:
// the statement itself, its citations, topics, mentions, stances and links, and the speakers, sources, events,
// topics, claims and verdicts it shows. An export builds the missing records as it goes.
//
// The forgetting is unconditional (a null record is set to null again) so that a record built from an older
// snapshot can never be stored over a newer change: the export stores records at REPEATABLE READ, and a row
// changed since its snapshot began makes PostgreSQL refuse the store (src/modules/export/export.records.ts).
/** The function as this migration defines it (a later one replaces its last step). */
export const STATEMENT_EXPORT_FORGET_SQL = `      create function statement_export_forget() returns trigger language plpgsql as $$
      declare
        changed jsonb[] := array_remove(array[to_jsonb(old), to_jsonb(new)], null);
        ids uuid[];
        affected uuid[];
      begin
        if tg_table_name = 'statement' and tg_op = 'INSERT' then
          insert into statement_export (statement_id) values (new.id);
          return null;
        end if;
        -- The changed rows' own IDs, or the statements they belong to.
        select array_agg(distinct (r ->> case
          when tg_table_name in ('citation', 'statement_topic', 'statement_mention', 'position') then 'statement_id'
          when tg_table_name = 'statement_relation' then 'from_id'
          when tg_table_name = 'claim_review' then 'claim_id'
          else 'id' end)::uuid) into ids
        from unnest(changed) as r;
        affected := case tg_table_name
          when 'statement' then ids
          when 'citation' then ids
          when 'statement_topic' then ids
          when 'statement_mention' then ids
          when 'position' then ids
          when 'statement_relation' then ids
          when 'event' then array(select s.id from statement s where s.event_id = any(ids))
          when 'topic' then array(select st.statement_id from statement_topic st where st.topic_id = any(ids))
          when 'claim' then array(select p.statement_id from position p where p.claim_id = any(ids))
          when 'claim_review' then array(select p.statement_id from position p where p.claim_id = any(ids))
          when 'source' then array(
            select c.statement_id from citation c where c.source_id = any(ids)
            union select r.from_id from statement_relation r where r.source_id = any(ids))
          when 'speaker' then array(
            select s.id from statement s where s.speaker_id = any(ids) or s.on_behalf_of_id = any(ids)
            union select m.statement_id from statement_mention m where m.speaker_id = any(ids)
            union select c.statement_id from citation c join source so on so.id = c.source_id where so.publisher_id = any(ids)
            union select r.from_id from statement_relation r join source so on so.id = r.source_id where so.publisher_id = any(ids)
            union select p.statement_id from position p join claim_review cr on cr.claim_id = p.claim_id where cr.reviewer_id = any(ids))
        end;
        update statement_export set record = null where statement_id = any(affected);
        return null;
      end $$;`;

export class Migration20261202090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`create table "statement_export" ("statement_id" uuid not null, "record" text null, constraint "statement_export_pkey" primary key ("statement_id"));`);
    this.addSql(
      `alter table "statement_export" add constraint "statement_export_statement_id_foreign" foreign key ("statement_id") references "statement" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`insert into "statement_export" ("statement_id") select "id" from "statement";`);
    // The records to build, found without reading the stored ones.
    this.addSql(`create index "statement_export_missing_idx" on "statement_export" ("statement_id") where "record" is null;`);
    this.addSql(STATEMENT_EXPORT_FORGET_SQL);
    // After each row: the statement's own changes and its parts' inserts, updates and deletes; of the records it
    // shows, only the columns a record holds.
    const triggers: [table: string, events: string][] = [
      ['statement', 'insert or update'],
      ['citation', 'insert or update or delete'],
      ['statement_topic', 'insert or update or delete'],
      ['statement_mention', 'insert or update or delete'],
      ['position', 'insert or update or delete'],
      ['statement_relation', 'insert or update or delete'],
      ['claim_review', 'insert or update or delete'],
      ['claim', 'update of text'],
      ['topic', 'update of slug, name'],
      ['event', 'update of name, location, start_date, end_date, description, outcome'],
      ['source', 'update of url, title, kind, published_on, publisher_id'],
      ['speaker', 'update of kind, name, wikidata_id'],
    ];
    for (const [table, events] of triggers) {
      this.addSql(
        `create trigger "${table}_export_forget" after ${events} on "${table}" for each row execute function statement_export_forget();`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const table of [
      'statement',
      'citation',
      'statement_topic',
      'statement_mention',
      'position',
      'statement_relation',
      'claim_review',
      'claim',
      'topic',
      'event',
      'source',
      'speaker',
    ]) {
      this.addSql(`drop trigger "${table}_export_forget" on "${table}";`);
    }
    this.addSql(`drop function statement_export_forget();`);
    this.addSql(`drop table "statement_export";`);
  }
}
