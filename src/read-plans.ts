import type { Knex } from '@mikro-orm/postgresql';
import {
  opponentsList,
  positionsOfClaimList,
  positionsOfStatementList,
  selectClaims,
  supportersList,
} from './modules/claims/claim.loaders';
import { eventChildrenList, selectEvents } from './modules/events/event.loaders';
import { relationsList, selectRelations } from './modules/relations/statement-relation.loaders';
import type { RelationDirection } from './modules/relations/statement-relation.types';
import { reviewsOfClaimList, selectReviews } from './modules/reviews/claim-review.loaders';
import { selectSources } from './modules/sources/source.loaders';
import { affiliationsOfPersonList, selectAffiliations, selectSpeakers } from './modules/speakers/speaker.loaders';
import {
  counterClaimsList,
  mentionsList,
  respondsToList,
  responsesList,
  selectCitations,
  supportingStatementsList,
} from './modules/statements/statement.loaders';
import { selectStatements } from './modules/statements/statement.sql';
import { statementsBySpeakerList } from './modules/statements/statements-by-speaker';
import { selectTopics, topicChildrenList } from './modules/topics/topic.loaders';
import type { RelationKind } from './shared/enums';
import type { ChildList } from './shared/page-per-parent';
import { ReadPlanner, type FieldSql, type RowFamily } from './shared/read-plan';

// How each type's relations read in SQL, for the read planner (src/shared/read-plan.ts): the same column lists and
// child lists as the DataLoaders, so a field answers the same whether planned or resolved.

const one = (family: string, by: string): FieldSql => ({ kind: 'one', family, by });
const page = (family: string, list: ChildList): FieldSql => ({ kind: 'connection', family, list: () => list });
const byId =
  (select: (db: Knex) => Knex.QueryBuilder, alias: string) =>
  (db: Knex, id: Knex.Raw): Knex.QueryBuilder =>
    select(db).where(`${alias}.id`, id);
/** Rows no relation leads to by id (citations, positions): only reached through their lists. */
const noById = (): never => {
  throw new Error('Read through its list only');
};

const topicsThrough = (table: string, column: string): FieldSql => ({
  kind: 'list',
  family: 'topic',
  rows: (db) => selectTopics(db).join(`${table} as tl`, 'tl.topic_id', 't.id').whereRaw(`tl.${column} = parent.id`),
  order: '$.name',
});

const families: Record<string, RowFamily> = {
  statement: {
    types: ['Statement'],
    byId: byId((db) => selectStatements(db), 's'),
    fields: {
      speaker: one('speaker', 'speakerId'),
      onBehalfOf: one('speaker', 'onBehalfOfId'),
      event: one('event', 'eventId'),
      citations: {
        kind: 'list',
        family: 'citation',
        rows: (db) => selectCitations(db).whereRaw('c.statement_id = parent.id'),
        order: '$."isPrimary" desc, $.id',
      },
      topics: topicsThrough('statement_topic', 'statement_id'),
      mentions: page('speaker', mentionsList),
      positions: page('position', positionsOfStatementList),
      counterClaims: page('statement', counterClaimsList),
      supportingStatements: page('statement', supportingStatementsList),
      responses: page('statement', responsesList),
      respondsTo: page('statement', respondsToList),
      relations: {
        kind: 'connection',
        family: 'relation',
        list: ({ kinds, direction }) =>
          relationsList(
            (kinds as RelationKind[] | null | undefined)?.length ? [...new Set(kinds as RelationKind[])].sort() : null,
            direction as RelationDirection,
          ),
      },
    },
  },
  speaker: {
    types: ['Speaker', 'Person', 'Organization'],
    byId: byId(selectSpeakers, 'sp'),
    fields: {
      // Filtered or reordered, a speaker's statements go through the resolver, which checks the filter first.
      statements: {
        kind: 'connection',
        family: 'statement',
        list: ({ filter, orderBy }) => (filter == null && orderBy == null ? statementsBySpeakerList(null, null) : undefined),
      },
      affiliations: page('affiliation', affiliationsOfPersonList),
    },
  },
  affiliation: { types: ['Affiliation'], byId: byId(selectAffiliations, 'a'), fields: { organization: one('speaker', 'organizationId') } },
  citation: { types: ['Citation'], byId: noById, fields: { source: one('source', 'sourceId') } },
  source: { types: ['Source'], byId: byId(selectSources, 'so'), fields: { publisher: one('speaker', 'publisherId') } },
  position: {
    types: ['Position'],
    byId: noById,
    fields: { claim: one('claim', 'claimId'), statement: one('statement', 'statementId'), speaker: one('speaker', 'speakerId') },
  },
  claim: {
    types: ['Claim'],
    byId: byId(selectClaims, 'cl'),
    fields: {
      positions: page('position', positionsOfClaimList),
      supporters: page('speaker', supportersList),
      opponents: page('speaker', opponentsList),
      reviews: page('review', reviewsOfClaimList),
      topics: topicsThrough('claim_topic', 'claim_id'),
    },
  },
  review: {
    types: ['ClaimReview'],
    byId: byId(selectReviews, 'cr'),
    fields: { claim: one('claim', 'claimId'), reviewer: one('speaker', 'reviewerId') },
  },
  event: {
    types: ['Event'],
    byId: byId(selectEvents, 'e'),
    fields: { parent: one('event', 'parentId'), children: page('event', eventChildrenList) },
  },
  topic: {
    types: ['Topic'],
    byId: byId(selectTopics, 't'),
    fields: { parent: one('topic', 'parentId'), children: page('topic', topicChildrenList) },
  },
  relation: {
    types: ['StatementRelation'],
    byId: byId(selectRelations, 'r'),
    fields: { from: one('statement', 'fromId'), to: one('statement', 'toId'), source: one('source', 'sourceId') },
  },
};

export const readPlanner = new ReadPlanner(families);
