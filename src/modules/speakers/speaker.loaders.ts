import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey, escapeLike, groupByKey, isoTimestamp } from '../../shared/loader-utils';
import type { AffiliationRow, SpeakerFilter, SpeakerRow } from './speaker.types';

export const speakerColumns = (alias: string) => ({
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
});

export function selectSpeakers(db: Knex, alias = 'sp'): Knex.QueryBuilder {
  const cols = speakerColumns(alias);
  return db(`speaker as ${alias}`).select(Object.entries(cols).map(([as, expr]) => db.raw(`${expr} as "${as}"`)));
}

/** SQL matching a name or any alias, ignoring case and accents ("zelenskyy" finds "Zelenskyy", "Мединский" too). */
export function nameMatches(db: Knex, alias: string, name: string): Knex.Raw {
  const pattern = `%${escapeLike(name.trim())}%`;
  return db.raw(
    `(unaccent(lower(${alias}.name)) like unaccent(lower(?)) or exists (select 1 from unnest(${alias}.aliases) as a(alias) where unaccent(lower(a.alias)) like unaccent(lower(?))))`,
    [pattern, pattern],
  );
}

export function applySpeakerFilter(db: Knex, qb: Knex.QueryBuilder, filter: SpeakerFilter | undefined | null, alias = 'sp') {
  if (!filter) return qb;
  if (filter.name) qb.where(nameMatches(db, alias, filter.name));
  if (filter.kind) qb.where(`${alias}.kind`, filter.kind);
  if (filter.country) qb.where(`${alias}.country`, filter.country.toUpperCase());
  if (filter.wikidataId) qb.where(`${alias}.wikidata_id`, filter.wikidataId);
  return qb;
}

export function createSpeakerLoaders(db: Knex) {
  return {
    speaker: new DataLoader<string, SpeakerRow | undefined>(async (ids) =>
      byKey<SpeakerRow>(await selectSpeakers(db).whereRaw('sp.id = any(?)', [ids as string[]]), ids),
    ),
    affiliationsByPerson: new DataLoader<string, AffiliationRow[]>(async (ids) =>
      groupByKey<AffiliationRow>(
        await db('affiliation as a')
          .select({
            id: 'a.id',
            personId: 'a.person_id',
            organizationId: 'a.organization_id',
            title: 'a.title',
            startDate: 'a.start_date',
            endDate: 'a.end_date',
          })
          .whereRaw('a.person_id = any(?)', [ids as string[]])
          .orderByRaw('a.start_date desc nulls first, a.id'),
        ids,
        'personId',
      ),
    ),
  };
}
