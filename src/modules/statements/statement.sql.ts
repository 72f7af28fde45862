import type { Knex } from '@mikro-orm/postgresql';
import { RelationStatus, STANCES_AGAINST, STANCES_FOR } from '../../shared/enums';
import { isoTimestamp, RAW_TIMESTAMP } from '../../shared/loader-utils';

// SQL fragments shared by the statement list, the cross-reference loaders and (later) exports.

/**
 * `rawTimestamps`: `createdAt`/`updatedAt` come unformatted, for child lists that format them after their LIMIT
 * (`STATEMENT_TIMESTAMPS`).
 */
export const statementColumns = (alias: string, rawTimestamps = false): Record<string, string> => ({
  id: `${alias}.id`,
  text: `${alias}.text`,
  kind: `${alias}.kind`,
  language: `${alias}.language`,
  speakerId: `${alias}.speaker_id`,
  onBehalfOfId: `${alias}.on_behalf_of_id`,
  saidOnStart: `${alias}.said_on_start::text`,
  saidOnEnd: `${alias}.said_on_end::text`,
  saidOnPrecision: `${alias}.said_on_precision`,
  saidOnInferred: `${alias}.said_on_inferred`,
  eventId: `${alias}.event_id`,
  setting: `${alias}.setting`,
  attributionStatus: `${alias}.attribution_status`,
  attributionNote: `${alias}.attribution_note`,
  ...(rawTimestamps
    ? { [`${RAW_TIMESTAMP}createdAt`]: `${alias}.created_at`, [`${RAW_TIMESTAMP}updatedAt`]: `${alias}.updated_at` }
    : { createdAt: isoTimestamp(`${alias}.created_at`), updatedAt: isoTimestamp(`${alias}.updated_at`) }),
  version: `${alias}.version`,
});

/** The statement properties `statementColumns(alias, true)` leaves unformatted. */
export const STATEMENT_TIMESTAMPS = ['createdAt', 'updatedAt'];

export const selectColumns = (db: Knex, columns: Record<string, string>): Knex.Raw[] =>
  Object.entries(columns).map(([as, expr]) => db.raw(`${expr} as "${as}"`));

export const selectStatements = (db: Knex, alias = 's', rawTimestamps = false): Knex.QueryBuilder =>
  db(`statement as ${alias}`).select(selectColumns(db, statementColumns(alias, rawTimestamps)));

/**
 * Whom a statement speaks for: the principal on whose behalf it was said (a spokesperson's, a delegate's), else its
 * speaker. Sides on claims count for the principal. `statement_principal_idx` indexes it with the date.
 */
export const principalSql = (alias: string): string => `coalesce(${alias}.on_behalf_of_id, ${alias}.speaker_id)`;

/** +1 for a stance that argues for a claim, -1 against, 0 for QUESTIONS: opposite signs are counter-claims. */
export const stanceSide = (column: string): string =>
  `(case when ${column} in (${STANCES_FOR.map((s) => `'${s}'`).join(', ')}) then 1 ` +
  `when ${column} in (${STANCES_AGAINST.map((s) => `'${s}'`).join(', ')}) then -1 else 0 end)`;

/** A `status` argument as one value per set: each status once, sorted (a list's variant, a loader's key). */
export const distinctStatuses = (statuses: readonly RelationStatus[] = [RelationStatus.CONFIRMED]): RelationStatus[] =>
  [...new Set(statuses)].sort();

/** SQL for "a link's status is one of these" (constants from the enum, never user text). */
export const statusIn = (column: string, statuses: readonly RelationStatus[]): string =>
  statuses.length ? `${column} in (${statuses.map((status) => `'${RelationStatus[status]}'`).join(', ')})` : 'false';

/**
 * Pairs (statement, counter-statement): explicit CONTRADICTS edges in either direction, plus statements taking
 * the opposite side of a claim they share. `anchor` restricts the first column (e.g. `= any(?)`). Only confirmed
 * links count unless `statuses` says otherwise: a machine's suggestion is not a fact until an editor confirms it.
 * Opposite sides of one claim are facts of the record, so they count as CONFIRMED.
 */
export const counterClaimPairs = (anchor: string, statuses: readonly RelationStatus[] = [RelationStatus.CONFIRMED]): string => {
  const edges = `
  select r.from_id as statement_id, r.to_id as other_id from statement_relation r
    where r.kind = 'CONTRADICTS' and ${statusIn('r.status', statuses)} and r.from_id ${anchor}
  union
  select r.to_id, r.from_id from statement_relation r
    where r.kind = 'CONTRADICTS' and ${statusIn('r.status', statuses)} and r.to_id ${anchor}`;
  if (!statuses.includes(RelationStatus.CONFIRMED)) return edges;
  return `${edges}
  union
  select p1.statement_id, p2.statement_id from position p1
    join position p2 on p2.claim_id = p1.claim_id and p2.statement_id <> p1.statement_id
    where p1.statement_id ${anchor} and ${stanceSide('p1.stance')} * ${stanceSide('p2.stance')} = -1`;
};
