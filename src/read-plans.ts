import type { Knex } from '@mikro-orm/postgresql';
import { validate } from 'class-validator';
import {
  opponentsList,
  positionsOfClaimList,
  positionsOfStatementList,
  selectClaims,
  supportersList,
  positionsOfPrincipalList,
} from './modules/claims/claim.loaders';
import { eventChildrenList, selectEvents } from './modules/events/event.loaders';
import { selectOrigins } from './modules/import/record-origin.loaders';
import {
  highlightSql,
  ranksStatements,
  searchKinds,
  SEARCH_ORDERS,
  searchCount,
  searchQueryProblem,
  searchRows,
} from './modules/search/search.query';
import { SearchKind, SearchOrder } from './modules/search/search.types';
import { searchTerms } from './modules/search/words';
import { relationsList, relationsVariant, selectRelations } from './modules/relations/statement-relation.loaders';
import type { RelationDirection } from './modules/relations/statement-relation.types';
import { reviewsOfClaimList, selectReviews } from './modules/reviews/claim-review.loaders';
import { selectSources } from './modules/sources/source.loaders';
import { affiliationsOfPersonList, speakerList, selectAffiliations, selectSpeakers } from './modules/speakers/speaker.loaders';
import { SPEAKER_TYPES, SpeakerFilter } from './modules/speakers/speaker.types';
import { applyStatementFilter, statementSortKeys, unknownFilterIdsSql } from './modules/statements/statement.query';
import { StatementFilter, type StatementOrder } from './modules/statements/statement.types';
import { decodeId } from './shared/global-id';
import {
  counterClaimsList,
  mentionsList,
  respondsToList,
  responsesList,
  selectCitations,
  supportingStatementsList,
} from './modules/statements/statement.loaders';
import { distinctStatuses, selectStatements, stanceSide } from './modules/statements/statement.sql';
import { statementsBySpeakerList } from './modules/statements/statements-by-speaker';
import { selectTopics, topicChildrenList } from './modules/topics/topic.loaders';
import type { RelationKind, RelationStatus } from './shared/enums';
import type { ChildList } from './shared/page-per-parent';
import { ReadPlanner, type FieldSql, type RowFamily } from './shared/read-plan';
import { ResponseCompiler, type Embedded, type Leaf, type RootSql } from './shared/response-sql';

// How each type's fields read in SQL, for the read planner (src/shared/read-plan.ts) and the whole-response
// compiler (src/shared/response-sql.ts): relations with the same column lists and child lists as the DataLoaders,
// leaves as the resolvers format them, so a field answers the same however it is read
// (tests/statements/read-plan.test.ts compares all three).

const one = (family: string, by: string): FieldSql => ({ kind: 'one', family, by });
const page = (family: string, list: ChildList): FieldSql => ({ kind: 'connection', family, list: () => list });
/** A list of statements linked to this one, by the link statuses the field's `status` argument asks for. */
const linkedBy = (list: (statuses: RelationStatus[]) => ChildList): FieldSql => ({
  kind: 'connection',
  family: 'statement',
  list: ({ status }) => list(distinctStatuses(status as RelationStatus[])),
});
const byId =
  (select: (db: Knex) => Knex.QueryBuilder, alias: string) =>
  (db: Knex, id: Knex.Raw): Knex.QueryBuilder =>
    select(db).where(`${alias}.id`, id);
/** Rows no relation leads to by id (citations, positions): only reached through their lists. */
const noById = (): never => {
  throw new Error('Read through its list only');
};

// Leaves: fields read from the row as they are, for the whole-response compiler. `col` names a row property.
const columns = (...names: string[]): Record<string, Leaf> =>
  Object.fromEntries(names.map((name) => [name, (col: (p: string) => string) => col(name)]));
/** DateTime as graphql-scalars writes it: UTC, milliseconds, `Z`. */
const dateTimes = (...names: string[]): Record<string, Leaf> =>
  Object.fromEntries(
    names.map((name) => [
      name,
      (col: (p: string) => string) => `to_char(${col(name)}::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    ]),
  );
/** `saidOn`: the date written at its precision (`formatFuzzyDate`), and the interval it covers. */
const saidOn: Embedded = {
  embedded: {
    date: (col) => `left(${col('saidOnStart')}, case ${col('saidOnPrecision')} when 'YEAR' then 4 when 'MONTH' then 7 else 10 end)`,
    precision: (col) => col('saidOnPrecision'),
    start: (col) => col('saidOnStart'),
    end: (col) => col('saidOnEnd'),
    inferred: (col) => col('saidOnInferred'),
    __typename: () => `'FuzzyDate'::text`,
  },
};
/** `Position.side` from its stance (`stanceSide`). */
const side: Leaf = (col) => `case ${stanceSide(col('stance'))} when 1 then 'FOR' when -1 then 'AGAINST' else 'NEITHER' end`;

const topicsThrough = (table: string, column: string): FieldSql => ({
  kind: 'list',
  family: 'topic',
  rows: (db) => selectTopics(db).join(`${table} as tl`, 'tl.topic_id', 't.id').whereRaw(`tl.${column} = parent.id`),
  order: '$.name',
});

const speakerStatements = statementsBySpeakerList(null, null);

const families: Record<string, RowFamily> = {
  statement: {
    types: ['Statement'],
    leaves: {
      ...columns('text', 'kind', 'language', 'setting', 'attributionStatus', 'attributionNote', 'version'),
      ...dateTimes('createdAt', 'updatedAt'),
      saidOn,
    },
    byId: byId((db) => selectStatements(db), 's'),
    fields: {
      speaker: one('speaker', 'speakerId'),
      onBehalfOf: one('speaker', 'onBehalfOfId'),
      event: one('event', 'eventId'),
      origin: one('origin', 'id'),
      citations: {
        kind: 'list',
        family: 'citation',
        rows: (db) => selectCitations(db).whereRaw('c.statement_id = parent.id'),
        order: '$."isPrimary" desc, $.id',
      },
      topics: topicsThrough('statement_topic', 'statement_id'),
      mentions: page('speaker', mentionsList),
      positions: page('position', positionsOfStatementList),
      counterClaims: linkedBy(counterClaimsList),
      supportingStatements: linkedBy(supportingStatementsList),
      responses: linkedBy(responsesList),
      respondsTo: linkedBy(respondsToList),
      relations: {
        kind: 'connection',
        family: 'relation',
        list: ({ kinds, direction, status }) =>
          relationsList(relationsVariant(kinds as RelationKind[] | null, direction as RelationDirection, status as RelationStatus[])),
      },
    },
  },
  speaker: {
    types: ['Speaker', 'Person', 'Organization'],
    concrete: ['Person', 'Organization'],
    typename: (col) => `case ${col('kind')} when 'PERSON' then 'Person' else 'Organization' end`,
    leaves: {
      ...columns('kind', 'name', 'description', 'wikidataId', 'country', 'version'),
      ...dateTimes('createdAt', 'updatedAt'),
      // As the resolver computes it; float8 writes the shortest text that reads back the same, as JavaScript does.
      nameMatch: (col) => `((1000 - ${col('nameMiss')}) / 1000.0)::float8`,
    },
    byId: byId(selectSpeakers, 'sp'),
    fields: {
      // Filtered or reordered, a speaker's statements go through the resolver, which checks the filter first.
      statements: {
        kind: 'connection',
        family: 'statement',
        list: ({ filter, orderBy }) => (filter == null && orderBy == null ? speakerStatements : undefined),
      },
      affiliations: page('affiliation', affiliationsOfPersonList),
      claims: page('position', positionsOfPrincipalList),
    },
  },
  affiliation: {
    types: ['Affiliation'],
    leaves: columns('title', 'startDate', 'endDate', 'version'),
    byId: byId(selectAffiliations, 'a'),
    fields: { organization: one('speaker', 'organizationId') },
  },
  origin: {
    types: ['RecordOrigin'],
    leaves: { ...columns('dataset', 'recordId'), ...dateTimes('importedAt') },
    byId: (db, id) => selectOrigins(db).where('ro.statement_id', id),
    fields: {},
  },
  citation: {
    types: ['Citation'],
    leaves: columns('excerpt', 'isPrimary', 'status'),
    byId: noById,
    fields: { source: one('source', 'sourceId'), statement: one('statement', 'statementId') },
  },
  source: {
    types: ['Source'],
    leaves: {
      ...columns('url', 'title', 'publishedOn', 'kind', 'language', 'archivedUrl', 'contentHash', 'version'),
      ...dateTimes('createdAt', 'archivedAt'),
    },
    byId: byId(selectSources, 'so'),
    fields: { publisher: one('speaker', 'publisherId'), republishes: one('source', 'republishesId') },
  },
  position: {
    types: ['Position'],
    leaves: { ...columns('stance'), side },
    byId: noById,
    fields: {
      claim: one('claim', 'claimId'),
      statement: one('statement', 'statementId'),
      speaker: one('speaker', 'speakerId'),
      onBehalfOf: one('speaker', 'onBehalfOfId'),
    },
  },
  claim: {
    types: ['Claim'],
    leaves: { ...columns('text', 'version'), ...dateTimes('createdAt') },
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
    leaves: columns('ratingLabel', 'rating', 'url', 'reviewedOn', 'summary', 'version'),
    byId: byId(selectReviews, 'cr'),
    fields: { claim: one('claim', 'claimId'), reviewer: one('speaker', 'reviewerId') },
  },
  event: {
    types: ['Event'],
    leaves: columns('name', 'kind', 'location', 'startDate', 'endDate', 'description', 'outcome', 'version'),
    byId: byId(selectEvents, 'e'),
    fields: { parent: one('event', 'parentId'), children: page('event', eventChildrenList) },
  },
  topic: {
    types: ['Topic'],
    leaves: columns('slug', 'name', 'description', 'version'),
    byId: byId(selectTopics, 't'),
    fields: { parent: one('topic', 'parentId'), children: page('topic', topicChildrenList) },
  },
  hit: {
    types: ['SearchHit'],
    leaves: {
      kind: (col) => col('kind'),
      // As the resolver computes it, in the shortest decimal that reads back the same, as JavaScript writes it.
      rank: (col) => `trim_scale(round((1000000 - ${col('miss')}) / 1000000.0, 6))`,
      highlight: highlightSql,
    },
    byId: noById,
    fields: {
      node: {
        kind: 'oneOf',
        which: 'kind',
        by: 'id',
        families: {
          [SearchKind.STATEMENT]: 'statement',
          [SearchKind.CLAIM]: 'claim',
          [SearchKind.SPEAKER]: 'speaker',
          [SearchKind.EVENT]: 'event',
          [SearchKind.SOURCE]: 'source',
        },
      },
    },
  },
  relation: {
    types: ['StatementRelation'],
    leaves: { ...columns('kind', 'note', 'status'), ...dateTimes('createdAt') },
    byId: byId(selectRelations, 'r'),
    fields: { from: one('statement', 'fromId'), to: one('statement', 'toId'), source: one('source', 'sourceId') },
  },
};

export const readPlanner = new ReadPlanner(families);

/** Input rules of a filter (class-validator), checked as type-graphql would before a resolver runs. */
async function valid(type: new () => object, value: unknown): Promise<boolean> {
  if (value == null) return true;
  const errors = await validate(Object.assign(new type(), value), { forbidUnknownValues: false, skipMissingProperties: false });
  return errors.length === 0;
}

/** A client's ID of one of `types`, decoded, or undefined when it is not one (graphql-js then reports it). */
function idOf(id: unknown, types: readonly string[]) {
  try {
    return decodeId(String(id), 'id', types);
  } catch {
    return undefined;
  }
}

const byGlobalId = (family: string, types: readonly string[], select: (db: Knex) => Knex.QueryBuilder, alias: string): RootSql => ({
  kind: 'object',
  family,
  build: (db, { id }) => {
    const decoded = idOf(id, types);
    if (!decoded) return undefined;
    const qb = select(db).where(`${alias}.id`, decoded.id);
    // A Person ID must not fetch an organisation, nor the reverse.
    return family === 'speaker' ? qb.where(`${alias}.kind`, decoded.type === 'Person' ? 'PERSON' : 'ORGANIZATION') : qb;
  },
});

/** The root fields the whole-response compiler answers; each builds its rows as its resolver does. */
const roots: Record<string, RootSql> = {
  statements: {
    kind: 'connection',
    family: 'statement',
    build: async (db, { filter, orderBy }) => {
      const f = (filter ?? {}) as StatementFilter;
      // Topic slugs must exist (checkTopicSlugs): the resolver says which do not.
      if (f.topics?.length || !(await valid(StatementFilter, filter))) return undefined;
      try {
        return {
          rows: applyStatementFilter(db, selectStatements(db), f),
          count: applyStatementFilter(db, db('statement as s'), f),
          ...statementSortKeys(orderBy as StatementOrder | null),
          // An ID that is no record: the resolver reports it (checkStatementFilter).
          unknown: unknownFilterIdsSql(f),
          perValues: f.text != null || f.speakerName != null,
        };
      } catch {
        return undefined; // a malformed ID in the filter: the resolver reports it
      }
    },
  },
  search: {
    kind: 'connection',
    family: 'hit',
    build: async (db, { query, kinds, filter, order }) => {
      const f = filter as StatementFilter | null;
      // A bad query or filter, or topic slugs to check: the resolver reports them.
      if (searchQueryProblem(query as string) || f?.topics?.length || !(await valid(StatementFilter, filter))) return undefined;
      const chosen = searchKinds(kinds as SearchKind[] | null);
      try {
        const unknown = f ? unknownFilterIdsSql(f) : undefined;
        const terms = await searchTerms(db, query as string, ranksStatements(chosen, order as SearchOrder));
        return {
          // The query's words travel with each hit, for its highlight (`highlightSql`).
          rows: searchRows(db, terms, chosen, order as SearchOrder, f).select(db.raw('?::text as exact', [terms.exact])),
          count: searchCount(db, terms, chosen, f),
          ...SEARCH_ORDERS[order as SearchOrder],
          unknown,
          perValues: true,
        };
      } catch {
        return undefined; // a malformed ID in the filter: the resolver reports it
      }
    },
  },
  speakers: {
    kind: 'connection',
    family: 'speaker',
    build: async (db, { filter }) =>
      (await valid(SpeakerFilter, filter))
        ? { ...speakerList(db, filter as SpeakerFilter | null), perValues: (filter as SpeakerFilter | null)?.name != null }
        : undefined,
  },
  statement: byGlobalId('statement', ['Statement'], (db) => selectStatements(db), 's'),
  speaker: byGlobalId('speaker', SPEAKER_TYPES, selectSpeakers, 'sp'),
  claim: byGlobalId('claim', ['Claim'], selectClaims, 'cl'),
  source: byGlobalId('source', ['Source'], selectSources, 'so'),
  event: byGlobalId('event', ['Event'], selectEvents, 'e'),
};

export const responseCompiler = new ResponseCompiler(readPlanner, roots);
