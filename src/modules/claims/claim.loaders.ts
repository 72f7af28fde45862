import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey, groupByKey, isoTimestamp } from '../../shared/loader-utils';
import { selectTopics } from '../topics/topic.loaders';
import type { TopicRow } from '../topics/topic.types';
import type { ClaimRow, PositionRow } from './claim.types';

export const selectClaims = (db: Knex): Knex.QueryBuilder =>
  db('claim as cl').select({
    id: 'cl.id',
    text: 'cl.text',
    createdAt: db.raw(isoTimestamp('cl.created_at')),
    version: 'cl.version',
  });

const selectPositions = (db: Knex): Knex.QueryBuilder =>
  db('position as p')
    .join('statement as ps', 'ps.id', 'p.statement_id')
    .select({
      id: 'p.id',
      statementId: 'p.statement_id',
      claimId: 'p.claim_id',
      stance: 'p.stance',
      speakerId: 'ps.speaker_id',
      attributionStatus: 'ps.attribution_status',
    })
    .orderByRaw('ps.said_on_start, p.id');

export function createClaimLoaders(db: Knex) {
  return {
    claim: new DataLoader<string, ClaimRow | undefined>(async (ids) =>
      byKey<ClaimRow>(await selectClaims(db).whereRaw('cl.id = any(?)', [ids as string[]]), ids),
    ),
    positionsByStatement: new DataLoader<string, PositionRow[]>(async (ids) =>
      groupByKey<PositionRow>(await selectPositions(db).whereRaw('p.statement_id = any(?)', [ids as string[]]), ids, 'statementId'),
    ),
    positionsByClaim: new DataLoader<string, PositionRow[]>(async (ids) =>
      groupByKey<PositionRow>(await selectPositions(db).whereRaw('p.claim_id = any(?)', [ids as string[]]), ids, 'claimId'),
    ),
    topicsByClaim: new DataLoader<string, TopicRow[]>(async (ids) =>
      groupByKey<TopicRow & { key: string }>(
        await selectTopics(db)
          .select(db.raw('ct.claim_id as key'))
          .join('claim_topic as ct', 'ct.topic_id', 't.id')
          .whereRaw('ct.claim_id = any(?)', [ids as string[]])
          .orderBy('t.name'),
        ids,
        'key',
      ),
    ),
  };
}
