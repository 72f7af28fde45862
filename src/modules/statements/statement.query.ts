import type { Knex } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import type { TopicRow } from '../topics/topic.types';
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
import { counterClaimPairs, selectStatements } from './statement.sql';
import { visibleSql, StatementOrderField, type StatementFilter, type StatementOrder, type StatementRow } from './statement.types';

/** Applies a StatementFilter to a query over `statement as s`. Every condition is one indexed predicate. */
export function applyStatementFilter(db: Knex, qb: Knex.QueryBuilder, filter: StatementFilter = {}): Knex.QueryBuilder {
  const speakerIds = decodeIds(filter.speakerIds, 'filter.speakerIds', SPEAKER_TYPES);
  // IDs of merged-away speakers stand for the speaker they were merged into.
  if (speakerIds) {
    qb.whereRaw(
      's.speaker_id in (select coalesce(r.to_id, x.id) from unnest(?::uuid[]) as x(id) left join speaker_redirect r on r.from_id = x.id)',
      [speakerIds],
    );
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
    qb.whereRaw(`to_tsvector('english', s.text) @@ websearch_to_tsquery('english', ?)`, [filter.text]);
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
 * anything about it". Goes through the request's slug loader, so a filter repeated under many speakers costs one
 * query. (Shapes, dates and ranges are checked by the filter's input rules before this runs.)
 */
export async function checkTopicSlugs(
  topicBySlug: DataLoader<string, TopicRow | undefined>,
  slugs: readonly string[] | null | undefined,
): Promise<void> {
  if (!slugs?.length) return;
  const unique = [...new Set(slugs)];
  const found = await topicBySlug.loadMany(unique);
  const unknown = unique.filter((_, i) => !found[i] || found[i] instanceof Error);
  if (unknown.length) {
    throw badInput(
      'filter.topics',
      `filter.topics: unknown topic(s) ${unknown.map((slug) => shown(slug)).join(', ')}. List them with { topics { slug } }.`,
    );
  }
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
