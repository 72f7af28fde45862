import type { Knex } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import type { Context } from '../../context';
import { SortDirection } from '../../shared/enums';
import { badInput } from '../../shared/errors';
import { parseFuzzyDate } from '../../shared/fuzzy-date';
import { decodeIds } from '../../shared/global-id';
import { applyKeyset, toConnection, type Connection, type Page, type SortKey } from '../../shared/pagination';
import { eventAndDescendantIds } from '../events/event.loaders';
import { nameMatches } from '../speakers/speaker.loaders';
import { SPEAKER_TYPES } from '../speakers/speaker.types';
import { topicAndDescendantIds } from '../topics/topic.loaders';
import { shown } from '../../shared/validation';
import { textMatches } from '../search/words';
import { counterClaimPairs, selectStatements } from './statement.sql';
import { visibleSql, StatementOrderField, type StatementFilter, type StatementOrder, type StatementRow } from './statement.types';

/** The speakers of a `uuid[]` parameter, a merged-away speaker's ID standing for the speaker it was merged into. */
const SPEAKERS_OF = 'select coalesce(r.to_id, x.id) from unnest(?::uuid[]) as x(id) left join speaker_redirect r on r.from_id = x.id';
/** The same for one speaker (two `uuid` parameters, the same ID), as a value PostgreSQL computes once. */
export const SPEAKER_OF = 'select coalesce((select r.to_id from speaker_redirect r where r.from_id = ?::uuid), ?::uuid)';

/** Applies a StatementFilter to a query over `statement as s`. Every condition is one indexed predicate. */
export function applyStatementFilter(db: Knex, qb: Knex.QueryBuilder, filter: StatementFilter = {}): Knex.QueryBuilder {
  const speakerIds = decodeIds(filter.speakerIds, 'filter.speakerIds', SPEAKER_TYPES);
  // IDs of merged-away speakers stand for the speaker they were merged into. One speaker (the usual case) is
  // compared as a value: PostgreSQL then reads a page in date order straight from the (speaker, date) index, where
  // `in (...)` read all of a busy speaker's 4,000 statements to sort them.
  if (speakerIds?.length === 1) {
    qb.whereRaw(`s.speaker_id = (${SPEAKER_OF})`, [speakerIds[0], speakerIds[0]]);
  } else if (speakerIds) {
    qb.whereRaw(`s.speaker_id in (${SPEAKERS_OF})`, [speakerIds]);
  }

  if (filter.speakerName?.trim()) {
    qb.whereExists(
      db('speaker as sp')
        .select(db.raw('1'))
        .whereRaw('sp.id = s.speaker_id')
        .where(nameMatches(db, 'sp', filter.speakerName)),
    );
  }

  const claimIds = decodeIds(filter.claimIds, 'filter.claimIds', ['Claim']);
  if (claimIds || filter.stance?.length) {
    const positions = db('position as fp').select(db.raw('1')).whereRaw('fp.statement_id = s.id');
    if (claimIds) positions.whereRaw('fp.claim_id = any(?)', [claimIds]);
    if (filter.stance?.length) positions.whereRaw('fp.stance = any(?)', [filter.stance]);
    qb.whereExists(positions);
  }

  if (filter.topics?.length) {
    qb.whereExists(
      db('statement_topic as ft')
        .select(db.raw('1'))
        .whereRaw(`ft.statement_id = s.id and ft.topic_id in (${topicAndDescendantIds})`, [filter.topics]),
    );
  }

  const eventIds = decodeIds(filter.eventIds, 'filter.eventIds', ['Event']);
  if (eventIds) qb.whereRaw(`s.event_id in (${eventAndDescendantIds})`, [eventIds]);

  const sourceIds = decodeIds(filter.sourceIds, 'filter.sourceIds', ['Source']);
  if (sourceIds) {
    qb.whereExists(db('citation as fc').select(db.raw('1')).whereRaw('fc.statement_id = s.id and fc.source_id = any(?)', [sourceIds]));
  }
  const publisherIds = decodeIds(filter.publisherIds, 'filter.publisherIds', ['Organization']);
  if (publisherIds) {
    qb.whereExists(
      db('citation as fc')
        .join('source as fs', 'fs.id', 'fc.source_id')
        .select(db.raw('1'))
        .whereRaw('fc.statement_id = s.id and fs.publisher_id = any(?)', [publisherIds]),
    );
  }

  // Fuzzy overlap: a statement dated "2025" may fall in May 2025, so it matches a May range.
  if (filter.saidFrom) qb.where('s.said_on_end', '>=', parseFuzzyDate(filter.saidFrom, 'filter.saidFrom').start);
  if (filter.saidTo) qb.where('s.said_on_start', '<=', parseFuzzyDate(filter.saidTo, 'filter.saidTo').end);

  if (filter.kind) qb.where('s.kind', filter.kind);
  if (filter.language) qb.where('s.language', filter.language);

  if (filter.attributionStatus?.length) qb.whereRaw('s.attribution_status = any(?)', [filter.attributionStatus]);
  else qb.whereRaw(visibleSql('s'));

  if (filter.text?.trim()) {
    // The same matching as `search`.
    qb.whereRaw(...textMatches('s.search_document', filter.text));
  }

  if (filter.hasCounterClaims != null) {
    // Counted like the counterClaims field: hidden counter-statements do not count.
    const exists = `exists (select 1 from (${counterClaimPairs('= s.id')}) as cc join statement cs on cs.id = cc.other_id where ${visibleSql('cs')})`;
    qb.whereRaw(filter.hasCounterClaims ? exists : `not ${exists}`);
  }
  return qb;
}

export function statementSortKeys(order?: StatementOrder | null): { keys: SortKey[]; descending: boolean } {
  const column = order?.field === StatementOrderField.CREATED_AT ? 's.created_at' : 's.said_on_start';
  const property = order?.field === StatementOrderField.CREATED_AT ? 'createdAt' : 'saidOnStart';
  return {
    keys: [
      { column, property, type: order?.field === StatementOrderField.CREATED_AT ? 'timestamp' : 'date' },
      { column: 's.id', property: 'id', type: 'uuid' },
    ],
    descending: (order?.direction ?? SortDirection.DESC) === SortDirection.DESC,
  };
}

/**
 * Every topic slug of a filter must name a topic, so a typo reads as BAD_USER_INPUT rather than as "nobody said
 * anything about it"; the message names the closest slugs. Goes through the request's slug loader, so a filter
 * repeated under many speakers costs one query. (Shapes, dates and ranges are checked by the filter's input
 * rules before this runs.)
 */
export async function checkTopicSlugs(ctx: Context, slugs: readonly string[] | null | undefined): Promise<void> {
  if (!slugs?.length) return;
  const unique = [...new Set(slugs)];
  const found = await ctx.loaders.topicBySlug.loadMany(unique);
  const unknown = unique.filter((_, i) => !found[i] || found[i] instanceof Error);
  if (!unknown.length) return;
  const close: { slug: string }[] = await ctx.db
    .select('slug')
    .from('topic')
    .whereRaw('word_similarity(lower(?), slug) >= 0.4', [unknown[0]])
    .orderByRaw('word_similarity(lower(?), slug) desc, slug', [unknown[0]])
    .limit(3);
  const hint = close.length ? ` Did you mean ${close.map((t) => shown(t.slug)).join(' or ')}?` : '';
  throw badInput(
    'filter.topics',
    `filter.topics: unknown topic(s) ${unknown.map((slug) => shown(slug)).join(', ')}.${hint} List them with { topics { slug } }.`,
  );
}

/** The ID lists of a StatementFilter, each with the types its IDs may have and the loader that finds them. */
const FILTER_IDS = [
  { field: 'speakerIds', types: SPEAKER_TYPES, loader: 'speaker', table: 'speaker' },
  { field: 'claimIds', types: ['Claim'], loader: 'claim', table: 'claim' },
  { field: 'eventIds', types: ['Event'], loader: 'event', table: 'event' },
  { field: 'sourceIds', types: ['Source'], loader: 'source', table: 'source' },
  { field: 'publisherIds', types: ['Organization'], loader: 'speaker', table: 'speaker' },
] as const;

/**
 * A statement filter may only name what exists: an unknown topic slug, or an ID in `speakerIds`, `claimIds`,
 * `eventIds`, `sourceIds` or `publisherIds` that is no record, is BAD_USER_INPUT naming the field, rather than a
 * silent empty answer. IDs are looked up through the request's loaders (a merged-away speaker's ID still counts).
 */
export async function checkStatementFilter(ctx: Context, filter: StatementFilter | null | undefined): Promise<void> {
  if (!filter) return;
  await checkTopicSlugs(ctx, filter.topics);
  // All lists at once: `speakerIds` and `publisherIds` share the speaker loader's one batch.
  const lookups = await Promise.all(
    FILTER_IDS.map(async ({ field, types, loader }) => {
      const ids = decodeIds(filter[field], `filter.${field}`, types);
      return ids?.length ? (ctx.loaders[loader] as DataLoader<string, unknown>).loadMany(ids) : [];
    }),
  );
  FILTER_IDS.forEach(({ field }, i) => {
    const unknown = (filter[field] ?? []).filter((_, j) => !lookups[i][j] || lookups[i][j] instanceof Error);
    if (unknown.length) {
      throw badInput(`filter.${field}`, `filter.${field}: nothing has the ID(s) ${unknown.map((id) => shown(id, 100)).join(', ')}.`);
    }
  });
}

/**
 * The same check as SQL, for a filter compiled into one statement: true when some ID of the filter is no record
 * (then the resolver runs instead and says which).
 */
export function unknownFilterIdsSql(filter: StatementFilter): { text: string; bindings: unknown[] } | undefined {
  const parts: string[] = [];
  const bindings: unknown[] = [];
  for (const { field, types, table } of FILTER_IDS) {
    const ids = decodeIds(filter[field], `filter.${field}`, types);
    if (!ids?.length) continue;
    const redirect = table === 'speaker' ? ' and not exists (select 1 from speaker_redirect r where r.from_id = x.id)' : '';
    parts.push(
      `exists (select 1 from unnest(?::uuid[]) as x(id) where not exists (select 1 from "${table}" t where t.id = x.id)${redirect})`,
    );
    bindings.push(ids);
  }
  return parts.length ? { text: parts.join(' or '), bindings } : undefined;
}

/** One page of statements matching a filter, with a lazily counted total. */
export async function findStatements(
  db: Knex,
  filter: StatementFilter | undefined | null,
  order: StatementOrder | undefined | null,
  page: Page,
  read: (qb: Knex.QueryBuilder) => Promise<StatementRow[]> = async (qb) => qb,
): Promise<Connection<StatementRow>> {
  const { keys, descending } = statementSortKeys(order);
  // Speakers are not joined here: under a sort (a filter with no index order) the join and its formatting would
  // run for every candidate row before the LIMIT, not just the page's.
  const rows = await read(applyKeyset(applyStatementFilter(db, selectStatements(db), filter ?? {}), page, keys, descending));
  return toConnection<StatementRow>(rows, page, keys, async () => {
    const [{ count }] = await applyStatementFilter(db, db('statement as s'), filter ?? {}).count({ count: '*' });
    return Number(count);
  });
}
