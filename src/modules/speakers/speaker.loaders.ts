import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey, isoTimestamp, prepared } from '../../shared/loader-utils';
import type { ChildList } from '../../shared/page-per-parent';
import type { SortKey } from '../../shared/pagination';
import type { AffiliationRow, SpeakerFilter, SpeakerRow } from './speaker.types';

/**
 * A speaker row's columns. `nameMiss` is how far the speaker's name is from a name looked for (`speakerList`), null
 * when none is: every speaker row has it, so `nameMatch` reads the same column wherever a speaker is read in SQL.
 */
export const speakerColumns = (alias: string, nameMiss = 'null::int') => ({
  id: `${alias}.id`,
  kind: `${alias}.kind`,
  name: `${alias}.name`,
  aliases: `${alias}.aliases`,
  description: `${alias}.description`,
  wikidataId: `${alias}.wikidata_id`,
  country: `${alias}.country`,
  createdAt: isoTimestamp(`${alias}.created_at`),
  updatedAt: isoTimestamp(`${alias}.updated_at`),
  version: `${alias}.version`,
  nameMiss,
});

export function selectSpeakers(db: Knex, alias = 'sp', nameMiss?: string): Knex.QueryBuilder {
  const cols = speakerColumns(alias, nameMiss);
  return db(`speaker as ${alias}`).select(Object.entries(cols).map(([as, expr]) => db.raw(`${expr} as "${as}"`)));
}

const JOINED = 'joinedSpeaker.';

/**
 * Adds the columns of the speaker `on` points at (left join, under prefixed names), so rows and their speakers come
 * back in one SQL statement; `primeJoinedSpeakers` then hands the speakers to the speaker loader. Without it, each
 * level that follows a speaker (a page's speakers, the sources' publishers) costs a batch of its own.
 */
export function joinSpeaker(db: Knex, qb: Knex.QueryBuilder, alias: string, on: string): Knex.QueryBuilder {
  return qb
    .leftJoin(`speaker as ${alias}`, `${alias}.id`, on)
    .select(Object.entries(speakerColumns(alias)).map(([as, expr]) => db.raw(`${expr} as "${JOINED}${as}"`)));
}

/** Takes the speaker columns `joinSpeaker` added off each row and primes the speaker loader with those speakers. */
export function primeJoinedSpeakers<T extends object>(rows: T[], speakers: DataLoader<string, SpeakerRow | undefined>): T[] {
  for (const row of rows as Record<string, unknown>[]) {
    const speaker: Record<string, unknown> = {};
    for (const column of Object.keys(row)) {
      if (!column.startsWith(JOINED)) continue;
      speaker[column.slice(JOINED.length)] = row[column];
      delete row[column];
    }
    if (speaker.id != null) speakers.prime(String(speaker.id), speaker as unknown as SpeakerRow);
  }
  return rows;
}

/**
 * SQL matching a name the way people type names: against the loose Latin keys of the speaker's name and aliases
 * (`name_key`: no case, no accents, Cyrillic transliterated, y/j as i, w as v, no doubled letters), so
 * "Zelenskiy", "Зеленский" and "zelensky" all find "Zelenskyy", as part of a name ("medinsky" in "Vladimir
 * Medinsky") or with a small typo ("Medinksy": trigram word similarity of at least 0.5, the pool's
 * `pg_trgm.word_similarity_threshold`). Numbers are identifiers, not spelling: a typo in the letters is
 * forgiven, but a name found for its likeness holds each number typed ("Brigade 47" is not "Brigade 12", and "Novak
 * 6845" is not the 670 other agencies named Novak and a number, whose likeness took 9 ms to compute).
 * Every condition uses the GIN trigram index on `name_keys`: the key is known when PostgreSQL plans (the
 * statement is planned for its values), so the CASE below is decided then and only one branch is left.
 */
export function nameMatches(db: Knex, alias: string, name: string): Knex.Raw {
  // A key keeps `%` and `\`, which LIKE would read as a wildcard and an escape: "%" would match everyone.
  const contained = String.raw`'%' || replace(replace(name_key(?), '\', '\\'), '%', '\%') || '%'`;
  // A key of one or two letters ("Xi", "a", "77", which reads "7") holds no trigram for the index to look up: as
  // part of a name it was sought in every speaker and found in most (100 ms on 10,000), and as a typo it is close to
  // every word it begins. It matches a whole word of a name (strict word similarity), through the index.
  // The keys come first in `%>` and `%>>` (the commutators of `<%` and `<<%`), as the index reads them: written the
  // other way round, PostgreSQL checks each row found once more (a name shared by hundreds of speakers, 10.7 ms
  // down to 9 at 10,000 speakers).
  // Each number as the key writes it (no doubled digits: "1000" reads "10").
  const numbers = [...new Set(name.match(/[0-9]+/g) ?? [])].map((digits) => `%${digits.replace(/(.)\1+/g, '$1')}%`);
  return db.raw(
    `(name_key(?) <> '' and case when char_length(name_key(?)) >= 3 ` +
      `then ${alias}.name_keys like ${contained} or (${alias}.name_keys %> name_key(?)${numbers.map(() => ` and ${alias}.name_keys like ?`).join('')}) ` +
      `else ${alias}.name_keys %>> name_key(?) end)`,
    [name, name, name, name, ...numbers, name],
  );
}

/** How alike the name typed (one parameter) is to a word of the speaker's keys, from 0 to 1 (pg_trgm). */
export const nameSimilarity = (alias: string): string => `word_similarity(name_key(?), ${alias}.name_keys)`;

export function applySpeakerFilter(db: Knex, qb: Knex.QueryBuilder, filter: SpeakerFilter | undefined | null, alias = 'sp') {
  if (!filter) return qb;
  if (filter.name) qb.where(nameMatches(db, alias, filter.name));
  if (filter.kind) qb.where(`${alias}.kind`, filter.kind);
  if (filter.country) qb.where(`${alias}.country`, filter.country.toUpperCase());
  if (filter.wikidataId) qb.where(`${alias}.wikidata_id`, filter.wikidataId);
  return qb;
}

/**
 * A name search's order, best match first: `m.miss` is 1000 minus a thousandth-precise word similarity between
 * the name typed and the speaker's keys (0 for a name that contains it), then name and ID.
 */
const SPEAKER_MATCH_KEYS: SortKey[] = [
  { column: 'm.miss', property: 'nameMiss', type: 'integer' },
  { column: 'sp.name', property: 'name', type: 'text' },
  { column: 'sp.id', property: 'id', type: 'uuid' },
];

/** The `speakers` list's rows, order and count for a filter: by name, or best match first when a name is sought. */
export function speakerList(db: Knex, filter: SpeakerFilter | undefined | null) {
  const count = applySpeakerFilter(db, db('speaker as sp'), filter);
  if (!filter?.name) return { rows: applySpeakerFilter(db, selectSpeakers(db), filter), count, keys: SPEAKER_KEYS, descending: false };
  const rows = applySpeakerFilter(db, selectSpeakers(db, 'sp', 'm.miss'), filter).joinRaw(
    `cross join lateral (select (1000 - round(1000 * ${nameSimilarity('sp')}))::int as miss) as m`,
    [filter.name],
  );
  return { rows, count, keys: SPEAKER_MATCH_KEYS, descending: false };
}

export const selectAffiliations = (db: Knex): Knex.QueryBuilder =>
  db('affiliation as a').select({
    id: 'a.id',
    personId: 'a.person_id',
    organizationId: 'a.organization_id',
    title: 'a.title',
    startDate: 'a.start_date',
    endDate: 'a.end_date',
    version: 'a.version',
  });

/**
 * Speakers by ID. An ID merged away (mergeSpeakers) resolves to the survivor; the redirect table is only read
 * when some IDs were not found, so ordinary batches stay one statement.
 */
async function loadSpeakers(db: Knex, ids: readonly string[]): Promise<(SpeakerRow | undefined)[]> {
  const found = byKey<SpeakerRow>(await prepared(selectSpeakers(db).whereRaw('sp.id = any(?)', [ids as string[]]), 'speakers_by_id'), ids);
  const missing = ids.filter((_, i) => !found[i]);
  if (!missing.length) return found;
  const redirected = byKey<SpeakerRow & { fromId: string }>(
    await selectSpeakers(db)
      .select({ fromId: 'r.from_id' })
      .join('speaker_redirect as r', 'r.to_id', 'sp.id')
      .whereRaw('r.from_id = any(?)', [missing]),
    ids,
    'fromId',
  );
  return found.map((row, i) => row ?? redirected[i]);
}

export function createSpeakerLoaders(db: Knex) {
  return {
    speaker: new DataLoader<string, SpeakerRow | undefined>((ids) => loadSpeakers(db, ids)),
    affiliation: new DataLoader<string, AffiliationRow | undefined>(async (ids) =>
      byKey<AffiliationRow>(await selectAffiliations(db).whereRaw('a.id = any(?)', [ids as string[]]), ids),
    ),
  };
}

/** `Person.affiliations`: latest role first, roles without a start date before the dated ones. */
export const affiliationsOfPersonList: ChildList = {
  keys: [
    { column: `coalesce(a.start_date, date '9999-12-31')`, property: 'sortDate', type: 'date' },
    { column: 'a.id', property: 'id', type: 'uuid' },
  ],
  descending: true,
  rows: (db) =>
    selectAffiliations(db)
      .select(db.raw(`coalesce(a.start_date, date '9999-12-31')::text as "sortDate"`))
      .whereRaw('a.person_id = parent.id'),
  count: (db) => db('affiliation as a').whereRaw('a.person_id = parent.id'),
  speakerOf: 'organizationId',
};

/** `speakers`: by name, then ID. */
const SPEAKER_KEYS: SortKey[] = [
  { column: 'sp.name', property: 'name', type: 'text' },
  { column: 'sp.id', property: 'id', type: 'uuid' },
];
