import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { STANCES_AGAINST, STANCES_FOR, type Stance } from '../../shared/enums';
import { byKey, groupByKey, isoTimestamp, prepared } from '../../shared/loader-utils';
import type { ChildList } from '../../shared/page-per-parent';
import type { SortKey } from '../../shared/pagination';
import { selectSpeakers } from '../speakers/speaker.loaders';
import { onlyVisible } from '../statements/statement.loaders';
import { principalSql, stanceSide } from '../statements/statement.sql';
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

/** A position row's columns (`PositionRow`), from the position `p` and its statement `st`. */
const positionColumns = (p: string, st: string): Record<string, string> => ({
  id: `${p}.id`,
  statementId: `${p}.statement_id`,
  claimId: `${p}.claim_id`,
  stance: `${p}.stance`,
  speakerId: `${st}.speaker_id`,
  onBehalfOfId: `${st}.on_behalf_of_id`,
  attributionStatus: `${st}.attribution_status`,
  saidOnStart: `${st}.said_on_start::text`,
});

const selectPositions = (db: Knex): Knex.QueryBuilder =>
  db('position as p')
    .join('statement as ps', 'ps.id', 'p.statement_id')
    .select(Object.entries(positionColumns('p', 'ps')).map(([as, expr]) => db.raw(`${expr} as "${as}"`)));

export function createClaimLoaders(db: Knex) {
  return {
    claim: new DataLoader<string, ClaimRow | undefined>(async (ids) =>
      byKey<ClaimRow>(await prepared(selectClaims(db).whereRaw('cl.id = any(?)', [ids as string[]]), 'claims_by_id'), ids),
    ),
    /** Every position of each statement, for writes that look one up; reads page through `positionsOfStatementList`. */
    positionsByStatement: new DataLoader<string, PositionRow[]>(async (ids) =>
      groupByKey<PositionRow>(
        await selectPositions(db)
          .whereRaw('p.statement_id = any(?)', [ids as string[]])
          .orderByRaw('ps.said_on_start, p.id'),
        ids,
        'statementId',
      ),
    ),
    /** At most 20 per claim (the write limit), so read whole. */
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

// Positions in the order their statements were said, then by ID.
const POSITION_KEYS: SortKey[] = [
  { column: 'ps.said_on_start', property: 'saidOnStart', type: 'date' },
  { column: 'p.id', property: 'id', type: 'uuid' },
];

/** `Claim.positions`: every visible statement taking a side on the claim, oldest first. */
export const positionsOfClaimList: ChildList = {
  keys: POSITION_KEYS,
  descending: false,
  rows: (db) => onlyVisible(selectPositions(db).whereRaw('p.claim_id = parent.id'), 'ps'),
  count: (db) =>
    onlyVisible(db('position as p').join('statement as ps', 'ps.id', 'p.statement_id').whereRaw('p.claim_id = parent.id'), 'ps'),
};

/** `Statement.positions`: the claims a statement takes a side on. */
export const positionsOfStatementList: ChildList = {
  keys: POSITION_KEYS,
  descending: false,
  rows: (db) => selectPositions(db).whereRaw('p.statement_id = parent.id'),
  count: (db) => db('position as p').whereRaw('p.statement_id = parent.id'),
};

/** The principals (`principalSql`) of the visible statements taking one of these stances on the claim, with the day each first did. */
const speakersWithStance = (db: Knex, stances: readonly Stance[]): Knex.QueryBuilder =>
  onlyVisible(
    db('position as p')
      .join('statement as ps', 'ps.id', 'p.statement_id')
      .select({ speakerId: db.raw(principalSql('ps')) })
      .min({ firstSaid: 'ps.said_on_start' })
      .whereRaw('p.claim_id = parent.id and p.stance = any(?)', [[...stances]])
      .groupByRaw(principalSql('ps')),
    'ps',
  );

/**
 * `Claim.supporters` / `Claim.opponents`: each principal once (a spokesperson's statement counts for whom they
 * spoke for), in the order they first took that side.
 */
const speakersOnSideList = (stances: readonly Stance[]): ChildList => ({
  keys: [
    { column: 'side."firstSaid"', property: 'firstSaid', type: 'date' },
    { column: 'sp.id', property: 'id', type: 'uuid' },
  ],
  descending: false,
  rows: (db) =>
    selectSpeakers(db)
      .select(db.raw('side."firstSaid"::text as "firstSaid"'))
      .join(speakersWithStance(db, stances).as('side'), 'side.speakerId', 'sp.id'),
  count: (db) => speakersWithStance(db, stances),
});

export const supportersList = speakersOnSideList(STANCES_FOR);
export const opponentsList = speakersOnSideList(STANCES_AGAINST);

/** `Speaker.claims`: the positions taken by a speaker's statements or by statements made on its behalf, newest first. */
export const positionsOfPrincipalList: ChildList = {
  keys: POSITION_KEYS,
  descending: true,
  rows: (db) => onlyVisible(selectPositions(db).whereRaw(`${principalSql('ps')} = parent.id`), 'ps'),
  count: (db) =>
    onlyVisible(
      db('position as p')
        .join('statement as ps', 'ps.id', 'p.statement_id')
        .whereRaw(`${principalSql('ps')} = parent.id`),
      'ps',
    ),
};

/**
 * `Speaker.selfContradictions`: pairs of a principal's visible positions on the same claim on opposite sides, the
 * later said on a later date than the earlier; the most recent turn first.
 */
export const selfContradictionsList: ChildList = {
  keys: [
    { column: 'ls.said_on_start', property: 'laterSaidOnStart', type: 'date' },
    { column: 'lp.id', property: 'laterId', type: 'uuid' },
    { column: 'ep.id', property: 'earlierId', type: 'uuid' },
  ],
  descending: true,
  rows: (db) =>
    selfContradictions(db).select({
      claimId: 'ep.claim_id',
      earlier: db.raw(positionJson('ep', 'es')),
      later: db.raw(positionJson('lp', 'ls')),
      earlierId: 'ep.id',
      laterId: 'lp.id',
      laterSaidOnStart: db.raw('ls.said_on_start::text'),
    }),
  count: (db) => selfContradictions(db),
};

/** A position row (`PositionRow`) as JSON, from the position `p` and its statement `st`. */
const positionJson = (p: string, st: string): string =>
  `json_build_object(${Object.entries(positionColumns(p, st))
    .map(([as, expr]) => `'${as}', ${expr}`)
    .join(', ')})`;

function selfContradictions(db: Knex): Knex.QueryBuilder {
  return onlyVisible(
    onlyVisible(
      db('statement as es')
        .join('position as ep', 'ep.statement_id', 'es.id')
        .join('position as lp', 'lp.claim_id', 'ep.claim_id')
        .join('statement as ls', 'ls.id', 'lp.statement_id')
        .whereRaw(`${principalSql('es')} = parent.id and ${principalSql('ls')} = parent.id`)
        .whereRaw(`${stanceSide('ep.stance')} * ${stanceSide('lp.stance')} = -1`)
        .whereRaw('es.said_on_start < ls.said_on_start'),
      'es',
    ),
    'ls',
  );
}
