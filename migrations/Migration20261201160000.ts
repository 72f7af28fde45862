import { Migration } from '@mikro-orm/migrations';

// A statement is found by what surrounds it as well as by its words: its speaker's and principal's names and
// aliases, its event's name and place, its topics. These words sit in other tables, so `statement.search_document`
// is no longer a generated column: a trigger writes it on every insert and update (its own words as before, plus
// the surroundings at the lowest weight, D, so a statement that says a word ranks above one that is only near it),
// and triggers on speakers, events, topics and statement topics rewrite the statements they touch. PostgreSQL keeps
// it current; the application never writes it.
//
// Irregular English plurals: the stemmer keeps "children" and "child" apart, so a document holding a plural on
// this list also holds its singular, and "child" finds "children". Every stored search document is rewritten.
export const IRREGULAR_PLURALS: [plural: string, singular: string][] = [
  ['children', 'child'],
  ['women', 'woman'],
  ['men', 'man'],
  ['feet', 'foot'],
  ['teeth', 'tooth'],
  ['mice', 'mouse'],
  ['geese', 'goose'],
  ['crises', 'crisis'],
  ['analyses', 'analysis'],
  ['theses', 'thesis'],
  ['hypotheses', 'hypothesis'],
  ['diagnoses', 'diagnosis'],
  ['oases', 'oasis'],
  ['criteria', 'criterion'],
  ['phenomena', 'phenomenon'],
  ['lives', 'life'],
  ['wives', 'wife'],
  ['knives', 'knife'],
  ['halves', 'half'],
  ['thieves', 'thief'],
  ['indices', 'index'],
  ['matrices', 'matrix'],
];

/** `irregular_singulars` as this migration defines it (a later migration puts a cheap test in front of it). */
export const IRREGULAR_SINGULARS_SQL = `create or replace function irregular_singulars(body text) returns text
      language sql immutable parallel safe
      return (
        select coalesce(string_agg(v.singular, ' '), '')
        from (values ${IRREGULAR_PLURALS.map(([plural, singular]) => `('${plural}', '${singular}')`).join(', ')}) as v(plural, singular)
        where v.plural = any(regexp_split_to_array(lower(body), '\\W+'))
      );`;

const SEARCH_DOCUMENT = (singulars: boolean) => `create or replace function search_document(language text, body text) returns tsvector
      language sql immutable parallel safe
      return (
        select setweight(to_tsvector(search_config(language), t), 'A')
          || setweight(to_tsvector('simple', t), 'B')
          || setweight(to_tsvector(search_config(language), coalesce(
               (select string_agg(replace(m[1], '-', ''), ' ') from regexp_matches(t, '(\\w+(?:-\\w+)+)', 'g') as m), '')), 'A')${
                 singulars ? `\n          || setweight(to_tsvector(search_config(language), irregular_singulars(t)), 'A')` : ''
               }
        from (select public.unaccent('public.unaccent'::regdictionary, coalesce(body, '')) as t) as x
      );`;

/** `search_document` as this migration leaves it (a later migration restores it on the way down). */
export const SEARCH_DOCUMENT_SQL = SEARCH_DOCUMENT(true);

/** The statement trigger's function as this migration defines it (likewise). */
export const STATEMENT_SEARCH_DOCUMENT_SQL = `create or replace function statement_search_document() returns trigger language plpgsql as $$
      begin
        new.search_document := search_document(new.language, new.text)
          || statement_surroundings(new.id, new.speaker_id, new.on_behalf_of_id, new.event_id);
        return new;
      end $$;`;

/** Generated columns are computed again only when their row is written. */
const REWRITE_GENERATED = ['update "claim" set text = text;', 'update "event" set name = name;', 'update "source" set title = title;'];

export class Migration20261201160000 extends Migration {
  override async up(): Promise<void> {
    // Rewriting every statement can outlast the service's statement timeout on a large database.
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(IRREGULAR_SINGULARS_SQL);
    this.addSql(SEARCH_DOCUMENT(true));
    for (const sql of REWRITE_GENERATED) this.addSql(sql);
    this.addSql(`create or replace function statement_surroundings(of_statement uuid, by_speaker uuid, for_principal uuid, at_event uuid)
      returns tsvector language sql stable parallel safe
      return setweight(search_document('en', concat_ws(' ',
        (select string_agg(sp.name || ' ' || array_to_string(sp.aliases, ' '), ' ') from speaker sp where sp.id in (by_speaker, for_principal)),
        (select e.name || ' ' || coalesce(e.location, '') from event e where e.id = at_event),
        (select string_agg(t.name, ' ') from statement_topic st join topic t on t.id = st.topic_id where st.statement_id = of_statement)
      )), 'D');`);
    this.addSql(STATEMENT_SEARCH_DOCUMENT_SQL);
    // Setting the column to null is enough to have the statement trigger write it again.
    this.addSql(`create or replace function statement_search_refresh() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'speaker' then
          update statement s set search_document = null where s.speaker_id = new.id or s.on_behalf_of_id = new.id;
        elsif tg_table_name = 'event' then
          update statement s set search_document = null where s.event_id = new.id;
        elsif tg_table_name = 'topic' then
          update statement s set search_document = null from statement_topic st where st.topic_id = new.id and s.id = st.statement_id;
        end if;
        return null;
      end $$;`);
    this.addSql(`create or replace function statement_topics_search_refresh() returns trigger language plpgsql as $$
      begin
        update statement s set search_document = null where s.id in (select statement_id from changed);
        return null;
      end $$;`);

    this.addSql(`drop index "statement_search_idx";`);
    this.addSql(`alter table "statement" drop column "search_document";`);
    this.addSql(`alter table "statement" add column "search_document" tsvector;`);
    this.addSql(`create trigger statement_search_document before insert or update on "statement"
      for each row execute function statement_search_document();`);
    this.addSql(`update "statement" set search_document = null;`);
    this.addSql(`create index "statement_search_idx" on "statement" using gin ("search_document");`);
    this.addSql(`create trigger speaker_statement_search after update of name, aliases on "speaker"
      for each row when (old.name is distinct from new.name or old.aliases is distinct from new.aliases)
      execute function statement_search_refresh();`);
    this.addSql(`create trigger event_statement_search after update of name, location on "event"
      for each row when (old.name is distinct from new.name or old.location is distinct from new.location)
      execute function statement_search_refresh();`);
    this.addSql(`create trigger topic_statement_search after update of name on "topic"
      for each row when (old.name is distinct from new.name) execute function statement_search_refresh();`);
    // Once per SQL statement, however many topics it adds or removes.
    this.addSql(`create trigger statement_topic_added_search after insert on "statement_topic"
      referencing new table as changed for each statement execute function statement_topics_search_refresh();`);
    this.addSql(`create trigger statement_topic_removed_search after delete on "statement_topic"
      referencing old table as changed for each statement execute function statement_topics_search_refresh();`);
  }

  override async down(): Promise<void> {
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(SEARCH_DOCUMENT(false));
    for (const sql of REWRITE_GENERATED) this.addSql(sql);
    this.addSql(`drop trigger statement_topic_removed_search on "statement_topic";`);
    this.addSql(`drop trigger statement_topic_added_search on "statement_topic";`);
    this.addSql(`drop trigger topic_statement_search on "topic";`);
    this.addSql(`drop trigger event_statement_search on "event";`);
    this.addSql(`drop trigger speaker_statement_search on "speaker";`);
    this.addSql(`drop trigger statement_search_document on "statement";`);
    this.addSql(`drop index "statement_search_idx";`);
    this.addSql(`alter table "statement" drop column "search_document";`);
    this.addSql(
      `alter table "statement" add column "search_document" tsvector generated always as (search_document(language, text)) stored;`,
    );
    this.addSql(`create index "statement_search_idx" on "statement" using gin ("search_document");`);
    this.addSql(`drop function statement_topics_search_refresh();`);
    this.addSql(`drop function statement_search_refresh();`);
    this.addSql(`drop function statement_search_document();`);
    this.addSql(`drop function statement_surroundings(uuid, uuid, uuid, uuid);`);
    this.addSql(`drop function irregular_singulars(text);`);
  }
}
