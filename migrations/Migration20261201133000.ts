import { Migration } from '@mikro-orm/migrations';

// Names that meet across spellings: `name_key` reduces a name to a loose Latin key (lower case, no accents,
// Cyrillic transliterated, y/j as i, w as v, no punctuation, no doubled letters), so "Zelenskyy", "Zelenskiy",
// "Зеленский" and "Зеленський" all read "zelenski". Each speaker stores the keys of its name and aliases in a
// generated column, indexed for trigram matching (substrings and small typos).
export class Migration20261201133000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    // unaccent() is only STABLE (it looks up its dictionary by name); with the dictionary named it is as immutable
    // as an index needs.
    this.addSql(`create or replace function name_key(name text) returns text
      language sql immutable strict parallel safe
      return regexp_replace(
        translate(
          replace(replace(replace(replace(replace(replace(replace(replace(replace(
            lower(public.unaccent('public.unaccent'::regdictionary, name)),
            'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'), 'ю', 'iu'), 'я', 'ia'), 'є', 'ie'),
          'абвгґдезийіїклмнопрстуфыэyjwьъ''’‘".,-_()',
          'abvggdeziiiiklmnoprstufieiiv'
        ),
        '(.)\\1+', '\\1', 'g'
      );`);
    this.addSql(`create or replace function speaker_name_keys(name text, aliases text[]) returns text
      language sql immutable parallel safe
      return name_key(concat_ws(' | ', name, array_to_string(aliases, ' | ')));`);
    this.addSql(`alter table "speaker" add column "name_keys" text generated always as (speaker_name_keys(name, aliases)) stored;`);
    this.addSql(`create index "speaker_name_keys_idx" on "speaker" using gin ("name_keys" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "speaker_name_keys_idx";`);
    this.addSql(`alter table "speaker" drop column "name_keys";`);
    this.addSql(`drop function speaker_name_keys(text, text[]);`);
    this.addSql(`drop function name_key(text);`);
  }
}
