import type { Knex } from '@mikro-orm/postgresql';
import { cursorValues, type Page, type SortKey } from '../../shared/pagination';
import { decodeIds } from '../../shared/global-id';
import { eventAndDescendantIds } from '../events/event.loaders';
import { SPEAKER_TYPES } from '../speakers/speaker.types';
import { applyStatementFilter, SPEAKER_OF } from '../statements/statement.query';
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
function entries(db: Knex, filter: TimelineFilter, page?: Page): Knex.Raw {
  const statements = applyStatementFilter(db, db('statement as s'), {
    claimIds: filter.claimIds,
    topics: filter.topics,
    eventIds: filter.eventIds,
  }).select(
    db.raw(
      `s.id, 'STATEMENT' as kind, 1 as rank, s.id as "statementId", s.event_id as "eventId", ` +
        `s.said_on_start as start, s.said_on_end as "end", s.said_on_precision as precision, s.said_on_inferred as inferred`,
    ),
  );
  const speakerIds = decodeIds(filter.speakerIds, 'filter.speakerIds', SPEAKER_TYPES);
  // By speakers: what each said, and apart what others said for them, each speaker in parts of its own. A part
  // that names one speaker reads its statements in date order from the index, so a page of a speaker with 20,000
  // statements reads a page's worth; `speaker_id in (...)` made PostgreSQL read them all and sort.
  // With a page, a speaker's own statements are read up to the page's end inside the part: PostgreSQL, not knowing
  // which speaker the ID is, would otherwise expect a hundred rows and read all 20,000 of the busiest.
  const pageOf = (qb: Knex.QueryBuilder): Knex.QueryBuilder => {
    if (!page) return qb;
    const values = cursorValues(page, TIMELINE_KEYS);
    const desc = page.backward;
    if (values) qb.whereRaw(`(s.said_on_start, 1, s.id) ${desc ? '<' : '>'} (?::date, ?::int, ?::uuid)`, values as Knex.Value[]);
    const direction = desc ? 'desc' : 'asc';
    return db
      .queryBuilder()
      .select('*')
      .from(
        qb
          .orderByRaw(`s.said_on_start ${direction}, s.id ${direction}`)
          .limit(page.limit + 1, { skipBinding: true })
          .as('own'),
      );
  };
  const parts = speakerIds?.length
    ? [...new Set(speakerIds)].flatMap((id) => [
        pageOf(statements.clone().whereRaw(`s.speaker_id = (${SPEAKER_OF})`, [id, id])).toSQL(),
        statements.clone().whereRaw(`s.on_behalf_of_id = (${SPEAKER_OF}) and s.speaker_id <> (${SPEAKER_OF})`, [id, id, id, id]).toSQL(),
      ])
    : [statements.toSQL()];
  const eventIds = decodeIds(filter.eventIds, 'filter.eventIds', ['Event']);
  if (eventIds?.length) {
    const day = (kind: string, rank: number, column: string, condition: string) =>
      db('event as e')
        .select(
          db.raw(
            `e.id, '${kind}' as kind, ${rank} as rank, null::uuid as "statementId", e.id as "eventId", ` +
              `e.${column} as start, e.${column} as "end", 'DAY' as precision, false as inferred`,
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

/** A timeline's rows, for `page` (the page's keyset still applies around them). */
export const timelineRows = (db: Knex, filter: TimelineFilter, page?: Page): Knex.QueryBuilder =>
  db
    .queryBuilder()
    .select('tl.id', 'tl.kind', 'tl.rank', 'tl.statementId', 'tl.eventId', 'tl.precision', 'tl.inferred')
    .select(db.raw('tl.start::text as "startDay", tl."end"::text as "endDay"'))
    .from(entries(db, filter, page));

/** What a timeline's `totalCount` counts. */
export const timelineCount = (db: Knex, filter: TimelineFilter): Knex.QueryBuilder => db.queryBuilder().from(entries(db, filter));
