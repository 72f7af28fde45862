import { Migration } from '@mikro-orm/migrations';
import { SEARCH_DOCUMENT_WITH_PAIRS_SQL } from './Migration20261201190000';
import { STATEMENT_EXPORT_FORGET_SQL } from './Migration20261202090000';

// Writing many statements at once (imports) was slow in PostgreSQL itself, for two reasons:
//
// - A statement's search document computed its word pairs three times: for its text, for its surroundings, then
//   for the whole (Migration20261201190000), whose pairs hold the other two. `search_words` is the document
//   without pairs; the statement trigger and `search_document` take the pairs once, of the whole. Every document
//   comes out exactly as before, so none is written again.
// - The triggers that forget export records (Migration20261202090000) ran once per row added, converting each row
//   to JSON, and wrote the record's row even when the same transaction had just added it. Rows added now forget
//   records once per SQL statement, through the statement's transition table. A record's row is written again
//   unless it is still empty and was added by this very transaction: no export can have read it, so none can be
//   holding a stale copy, which is what the unconditional write is for.
// - A statement's topics were written after it, and rewrote its search document (their names are in it): every
//   statement with topics had its document computed twice. The topics' reference to their statement may now be
//   checked at the end of the transaction, so `createStatements` writes the topics first.
// - An import looks up each batch's speakers by the exact key of their names (hundreds at once) through the
//   trigram index, which matched parts of keys and was checked row by row: 60 ms a batch. An index of each
//   speaker's keys as an array finds exact keys directly.
const FRESH = `(record is not null or xmin <> pg_current_xact_id()::xid)`;

/** The child tables whose added rows change their statements' records, and how a row names its statement. */
const ADDED: [table: string, statements: string][] = [
  ['citation', 'select statement_id from added'],
  ['statement_topic', 'select statement_id from added'],
  ['statement_mention', 'select statement_id from added'],
  ['position', 'select statement_id from added'],
  ['statement_relation', 'select from_id from added'],
  ['claim_review', 'select p.statement_id from position p where p.claim_id in (select claim_id from added)'],
];

/** A statement's surroundings (speaker's and principal's names, event, topics) as words, by `words`. */
const STATEMENT_SURROUNDINGS = (words: string) => `create or replace function statement_surroundings(of_statement uuid,
      by_speaker uuid, for_principal uuid, at_event uuid)
      returns tsvector language sql stable parallel safe
      return setweight(${words}('en', concat_ws(' ',
        (select string_agg(sp.name || ' ' || array_to_string(sp.aliases, ' '), ' ') from speaker sp where sp.id in (by_speaker, for_principal)),
        (select e.name || ' ' || coalesce(e.location, '') from event e where e.id = at_event),
        (select string_agg(t.name, ' ') from statement_topic st join topic t on t.id = st.topic_id where st.statement_id = of_statement)
      )), 'D');`;

/** The statement trigger: its text's words (by `words`) and its surroundings', then the pairs of the whole. */
const STATEMENT_SEARCH_DOCUMENT = (words: string) => `create or replace function statement_search_document() returns trigger
      language plpgsql as $$
      declare
        document tsvector := ${words}(new.language, new.text)
          || statement_surroundings(new.id, new.speaker_id, new.on_behalf_of_id, new.event_id);
      begin
        new.search_document := document || search_word_pairs(document);
        return new;
      end $$;`;

export class Migration20261202100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "speaker_name_key_list_idx" on "speaker" using gin (string_to_array("name_keys", ' | '));`);
    this.addSql(
      `alter table "statement_topic" alter constraint "statement_topic_statement_id_foreign" deferrable initially immediate;`,
    );
    this.addSql(`create function search_words(language text, body text) returns tsvector
      language plpgsql immutable parallel safe as $$
      declare
        config regconfig := search_config(language);
        t text := public.unaccent('public.unaccent'::regdictionary, coalesce(body, ''));
        words tsvector := setweight(to_tsvector(config, t), 'A') || setweight(to_tsvector('simple', t), 'B');
      begin
        if t ~ '\\w-\\w' then
          words := words || setweight(to_tsvector(config, (select string_agg(replace(m[1], '-', ''), ' ')
            from regexp_matches(t, '(\\w+(?:-\\w+)+)', 'g') as m)), 'A');
        end if;
        return words || setweight(to_tsvector(config, irregular_singulars(t)), 'A');
      end $$;`);
    this.addSql(`create or replace function search_document(language text, body text) returns tsvector
      language plpgsql immutable parallel safe as $$
      declare
        words tsvector := search_words(language, body);
      begin
        return words || search_word_pairs(words);
      end $$;`);
    this.addSql(STATEMENT_SURROUNDINGS('search_words'));
    this.addSql(STATEMENT_SEARCH_DOCUMENT('search_words'));

    this.addSql(`create or replace function statement_export_forget_added() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'statement' then
          insert into statement_export (statement_id) select id from added;
        ${ADDED.map(
          ([table, statements]) => `elsif tg_table_name = '${table}' then
          update statement_export set record = null where statement_id in (${statements}) and ${FRESH};`,
        ).join('\n        ')}
        end if;
        return null;
      end $$;`);
    // Rows changed or deleted still forget row by row (editors' writes), with the same exception.
    this.addSql(
      STATEMENT_EXPORT_FORGET_SQL.replace('create function', 'create or replace function').replace(
        'where statement_id = any(affected);',
        `where statement_id = any(affected) and ${FRESH};`,
      ),
    );
    for (const table of ['statement', ...ADDED.map(([t]) => t)]) {
      this.addSql(`drop trigger "${table}_export_forget" on "${table}";`);
      this.addSql(
        `create trigger "${table}_export_forget" after update${table === 'statement' ? '' : ' or delete'} on "${table}" ` +
          `for each row execute function statement_export_forget();`,
      );
      this.addSql(
        `create trigger "${table}_export_forget_added" after insert on "${table}" referencing new table as added ` +
          `for each statement execute function statement_export_forget_added();`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const table of ['statement', ...ADDED.map(([t]) => t)]) {
      this.addSql(`drop trigger "${table}_export_forget_added" on "${table}";`);
      this.addSql(`drop trigger "${table}_export_forget" on "${table}";`);
      this.addSql(
        `create trigger "${table}_export_forget" after insert or update${table === 'statement' ? '' : ' or delete'} on "${table}" ` +
          `for each row execute function statement_export_forget();`,
      );
    }
    this.addSql(`drop function statement_export_forget_added();`);
    this.addSql(STATEMENT_EXPORT_FORGET_SQL.replace('create function', 'create or replace function'));
    this.addSql(STATEMENT_SEARCH_DOCUMENT('search_document'));
    this.addSql(STATEMENT_SURROUNDINGS('search_document'));
    this.addSql(SEARCH_DOCUMENT_WITH_PAIRS_SQL);
    this.addSql(`drop function search_words(text, text);`);
    this.addSql(`drop index "speaker_name_key_list_idx";`);
    this.addSql(`alter table "statement_topic" alter constraint "statement_topic_statement_id_foreign" not deferrable;`);
  }
}
