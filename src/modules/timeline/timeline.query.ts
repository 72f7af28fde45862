import type { Knex } from '@mikro-orm/postgresql';
import type { SortKey } from '../../shared/pagination';
import { decodeIds } from '../../shared/global-id';
import { eventAndDescendantIds } from '../events/event.loaders';
import { SPEAKER_TYPES } from '../speakers/speaker.types';
import { applyStatementFilter, SPEAKERS_OF } from '../statements/statement.query';
import type { TimelineFilter } from './timeline.types';

/**
 * Date order: the first day an entry may fall on, then an event's beginning before what was said that day and
 * its end after, then the ID. A month or a year sits at its first day: "May 2025" before "2 June 2025".
 */
export const TIMELINE_KEYS: SortKey[] = [
  { column: 'tl.start', property: 'startDay', type: 'date' },
  { column: 'tl.rank', property: 'rank', type: 'integer' },
  { column: 'tl.id', property: 'id', type: 'uuid' },
];

/**
 * The entries of a timeline as a FROM item `tl`: the statements the filter selects (each condition as in
 * StatementFilter, speakers by who said it or whom it was said for), and with `eventIds` the days those events
 * began and ended. Every part is an index range scan on its own condition.
 */
function entries(db: Knex, filter: TimelineFilter): Knex.Raw {
  const statements = applyStatementFilter(db, db('statement as s'), {
    claimIds: filter.claimIds,
    topics: filter.topics,
    eventIds: filter.eventIds,
  }).select(
    db.raw(
      `s.id, 'STATEMENT' as kind, 1 as rank, s.id as "statementId", s.event_id as "eventId", ` +
        `s.said_on_start as start, s.said_on_end as "end", s.said_on_precision as precision`,
    ),
  );
  const speakerIds = decodeIds(filter.speakerIds, 'filter.speakerIds', SPEAKER_TYPES);
  // By speakers: what they said, and apart what others said for them. One condition with `or` lets the planner
  // walk every statement in date order testing each; two parts read each speaker's statements by index.
  const parts = speakerIds?.length
    ? [
        statements.clone().whereRaw(`s.speaker_id in (${SPEAKERS_OF})`, [speakerIds]).toSQL(),
        statements
          .clone()
          .whereRaw(`s.on_behalf_of_id in (${SPEAKERS_OF}) and s.speaker_id not in (${SPEAKERS_OF})`, [speakerIds, speakerIds])
          .toSQL(),
      ]
    : [statements.toSQL()];
  const eventIds = decodeIds(filter.eventIds, 'filter.eventIds', ['Event']);
  if (eventIds?.length) {
    const day = (kind: string, rank: number, column: string, condition: string) =>
      db('event as e')
        .select(
          db.raw(
            `e.id, '${kind}' as kind, ${rank} as rank, null::uuid as "statementId", e.id as "eventId", ` +
              `e.${column} as start, e.${column} as "end", 'DAY' as precision`,
          ),
        )
        .whereRaw(`e.id in (${eventAndDescendantIds}) and ${condition}`, [eventIds])
        .toSQL();
    parts.push(day('EVENT_BEGINS', 0, 'start_date', 'e.start_date is not null'));
    parts.push(day('EVENT_ENDS', 2, 'end_date', 'e.end_date > e.start_date'));
  }
  return db.raw(
    `(${parts.map((p) => p.sql).join(' union all ')}) as tl`,
    parts.flatMap((p) => [...p.bindings]),
  );
}

/** A timeline's rows, for a page. */
export const timelineRows = (db: Knex, filter: TimelineFilter): Knex.QueryBuilder =>
  db
    .queryBuilder()
    .select('tl.id', 'tl.kind', 'tl.rank', 'tl.statementId', 'tl.eventId', 'tl.precision')
    .select(db.raw('tl.start::text as "startDay", tl."end"::text as "endDay"'))
    .from(entries(db, filter));

/** What a timeline's `totalCount` counts. */
export const timelineCount = (db: Knex, filter: TimelineFilter): Knex.QueryBuilder => db.queryBuilder().from(entries(db, filter));
