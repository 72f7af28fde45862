import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { RelationKind, RelationStatus } from '../../shared/enums';
import { byKey, groupByKey, prepared, rawTimestamp } from '../../shared/loader-utils';
import { listPerVariant, type ChildList } from '../../shared/page-per-parent';
import type { SortKey } from '../../shared/pagination';
import { selectSpeakers } from '../speakers/speaker.loaders';
import { selectTopics } from '../topics/topic.loaders';
import type { TopicRow } from '../topics/topic.types';
import { counterClaimPairs, selectStatements, STATEMENT_TIMESTAMPS, statusIn } from './statement.sql';
import { visibleSql, type CitationRow, type StatementRow } from './statement.types';

type Keyed<T> = T & { key: string };

export const selectCitations = (db: Knex): Knex.QueryBuilder =>
  db('citation as c').select({
    id: 'c.id',
    statementId: 'c.statement_id',
    sourceId: 'c.source_id',
    excerpt: 'c.excerpt',
    isPrimary: 'c.is_primary',
    status: 'c.anchor_status',
    anchorExact: 'c.anchor_exact',
    anchorPrefix: 'c.anchor_prefix',
    anchorSuffix: 'c.anchor_suffix',
    anchorStart: 'c.anchor_start',
    anchorEnd: 'c.anchor_end',
  });

export function createStatementLoaders(db: Knex) {
  return {
    statement: new DataLoader<string, StatementRow | undefined>(async (ids) =>
      byKey<StatementRow>(await prepared(selectStatements(db).whereRaw('s.id = any(?)', [ids as string[]]), 'statements_by_id'), ids),
    ),
    /** At most 50 per statement (the write limit), so read whole. */
    citationsByStatement: new DataLoader<string, CitationRow[]>(async (ids) =>
      groupByKey<CitationRow>(
        await prepared(
          selectCitations(db)
            .whereRaw('c.statement_id = any(?)', [ids as string[]])
            .orderByRaw('c.is_primary desc, c.id'),
          'citations_by_statement',
        ),
        ids,
        'statementId',
      ),
    ),
    /** At most 20 per statement (the write limit), so read whole. */
    topicsByStatement: new DataLoader<string, TopicRow[]>(async (ids) =>
      groupByKey<Keyed<TopicRow>>(
        await selectTopics(db)
          .select(db.raw('st.statement_id as key'))
          .join('statement_topic as st', 'st.topic_id', 't.id')
          .whereRaw('st.statement_id = any(?)', [ids as string[]])
          .orderBy('t.name'),
        ids,
        'key',
      ),
    ),
  };
}

/** Leaves out statements marked MISATTRIBUTED or RETRACTED, as every statement list does by default. */
export const onlyVisible = (qb: Knex.QueryBuilder, alias: string): Knex.QueryBuilder => qb.whereRaw(visibleSql(alias));

const counterClaimsOf = (db: Knex, qb: Knex.QueryBuilder, statuses: readonly RelationStatus[]): Knex.QueryBuilder =>
  onlyVisible(qb.join(db.raw(`(${counterClaimPairs('= parent.id', statuses)}) as pairs`), 'pairs.other_id', 'o.id'), 'o');

/** One list per set of link statuses a cross-reference field is asked for (`distinctStatuses`). */
const byStatuses = (build: (statuses: readonly RelationStatus[]) => ChildList): ((statuses: readonly RelationStatus[]) => ChildList) =>
  listPerVariant((statuses) => statuses.join(','), build);

/** `Statement.counterClaims`: CONTRADICTS links either way and opposite sides of shared claims, newest first. */
export const counterClaimsList = byStatuses((statuses) => ({
  keys: [
    { column: 'o.said_on_start', property: 'saidOnStart', type: 'date' },
    { column: 'o.id', property: 'id', type: 'uuid' },
  ],
  descending: true,
  rows: (db) => counterClaimsOf(db, selectStatements(db, 'o', true), statuses),
  count: (db) => counterClaimsOf(db, db('statement as o'), statuses),
  timestamps: STATEMENT_TIMESTAMPS,
  speakerOf: 'speakerId',
  sorted: true,
}));

const LINKED_KEYS: SortKey[] = [
  { column: 'l.linked_at', property: 'linkedAt', type: 'timestamp' },
  { column: 'o.id', property: 'id', type: 'uuid' },
];

/**
 * Statements at the other end of some of a statement's links (`links` selects `other_id, created_at` for
 * `parent.id` among links whose status passes the condition it is given), each once, in the order they were first
 * linked.
 */
function linkedStatements(links: (status: string) => string): (statuses: readonly RelationStatus[]) => ChildList {
  return byStatuses((statuses) => {
    const linked = (db: Knex, qb: Knex.QueryBuilder) =>
      onlyVisible(
        qb.join(
          db.raw(
            `(select other_id, min(created_at) as linked_at from (${links(statusIn('r.status', statuses))}) as links group by other_id) as l`,
          ),
          'l.other_id',
          'o.id',
        ),
        'o',
      );
    return {
      keys: LINKED_KEYS,
      descending: false,
      rows: (db) => linked(db, selectStatements(db, 'o', true).select(db.raw(rawTimestamp('l.linked_at', 'linkedAt')))),
      count: (db) => linked(db, db('statement as o')),
      timestamps: [...STATEMENT_TIMESTAMPS, 'linkedAt'],
      speakerOf: 'speakerId',
      sorted: true,
    };
  });
}

const { SUPPORTS, CORROBORATES, RESPONDS_TO } = RelationKind;

/** `Statement.supportingStatements`: SUPPORTS links to it, CORROBORATES links either way. */
export const supportingStatementsList = linkedStatements(
  (status) => `select r.from_id as other_id, r.created_at from statement_relation r
     where r.to_id = parent.id and r.kind in ('${SUPPORTS}', '${CORROBORATES}') and ${status}
   union all
   select r.to_id, r.created_at from statement_relation r where r.from_id = parent.id and r.kind = '${CORROBORATES}' and ${status}`,
);

/** `Statement.responses`: statements linked to it as RESPONDS_TO. */
export const responsesList = linkedStatements(
  (status) =>
    `select r.from_id as other_id, r.created_at from statement_relation r where r.to_id = parent.id and r.kind = '${RESPONDS_TO}' and ${status}`,
);

/** `Statement.respondsTo`: the statements it is linked to as RESPONDS_TO. */
export const respondsToList = linkedStatements(
  (status) =>
    `select r.to_id as other_id, r.created_at from statement_relation r where r.from_id = parent.id and r.kind = '${RESPONDS_TO}' and ${status}`,
);

/** `Statement.mentions`: the speakers it is about, by name. */
export const mentionsList: ChildList = {
  keys: [
    { column: 'sp.name', property: 'name', type: 'text' },
    { column: 'sp.id', property: 'id', type: 'uuid' },
  ],
  descending: false,
  rows: (db) => selectSpeakers(db).join('statement_mention as sm', 'sm.speaker_id', 'sp.id').whereRaw('sm.statement_id = parent.id'),
  count: (db) => db('statement_mention as sm').whereRaw('sm.statement_id = parent.id'),
};
