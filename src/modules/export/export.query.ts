import type { Knex } from '@mikro-orm/postgresql';
import { applyStatementFilter } from '../statements/statement.query';
import type { StatementFilter } from '../statements/statement.types';

// One export record per statement, built whole by PostgreSQL as JSON: the statement, its speaker and principal,
// event, citations with their sources and publishers, topics, and positions with their claims and the claims'
// verdicts. IDs are the API's global IDs, so a record can be looked up with `node(id)` and read back by an import.

/** The API's global ID of a row, written in SQL ("Type:uuid" in base64; short enough for one base64 line). */
const globalId = (type: string, id: string): string => `encode(convert_to(${type} || ':' || ${id}::text, 'UTF8'), 'base64')`;
const speakerType = (alias: string): string => `case ${alias}.kind when 'PERSON' then 'Person' else 'Organization' end`;
const dateAt = (start: string, precision: string): string =>
  `left(${start}::text, case ${precision} when 'YEAR' then 4 when 'MONTH' then 7 else 10 end)`;
const speakerJson = (alias: string): string =>
  `json_build_object('id', ${globalId(speakerType(alias), `${alias}.id`)}, 'type', ${speakerType(alias)}, 'name', ${alias}.name, ` +
  `'wikidataId', ${alias}.wikidata_id)`;

const RECORD = `json_build_object(
  'id', ${globalId("'Statement'", 's.id')},
  'text', s.text,
  'kind', s.kind,
  'language', s.language,
  'saidOn', json_build_object('date', ${dateAt('s.said_on_start', 's.said_on_precision')}, 'precision', s.said_on_precision),
  'setting', s.setting,
  'attributionStatus', s.attribution_status,
  'attributionNote', s.attribution_note,
  'speaker', (select ${speakerJson('sp')} from speaker sp where sp.id = s.speaker_id),
  'onBehalfOf', (select ${speakerJson('sp')} from speaker sp where sp.id = s.on_behalf_of_id),
  'event', (select json_build_object('id', ${globalId("'Event'", 'e.id')}, 'name', e.name, 'location', e.location,
      'startDate', e.start_date, 'endDate', e.end_date) from event e where e.id = s.event_id),
  'citations', coalesce((select json_agg(json_build_object(
      'source', json_build_object('id', ${globalId("'Source'", 'so.id')}, 'url', so.url, 'title', so.title, 'kind', so.kind,
        'publishedOn', so.published_on,
        'publisher', (select ${speakerJson('pub')} from speaker pub where pub.id = so.publisher_id)),
      'excerpt', c.excerpt, 'isPrimary', c.is_primary) order by c.is_primary desc, so.url)
    from citation c join source so on so.id = c.source_id where c.statement_id = s.id), '[]'),
  'topics', coalesce((select json_agg(t.slug order by t.slug) from statement_topic st join topic t on t.id = st.topic_id
    where st.statement_id = s.id), '[]'),
  'positions', coalesce((select json_agg(json_build_object(
      'stance', p.stance,
      'claim', json_build_object('id', ${globalId("'Claim'", 'cl.id')}, 'text', cl.text,
        'reviews', coalesce((select json_agg(json_build_object(
            'reviewer', (select ${speakerJson('rv')} from speaker rv where rv.id = r.reviewer_id),
            'ratingLabel', r.rating_label, 'rating', r.rating, 'url', r.url, 'reviewedOn', r.reviewed_on, 'summary', r.summary)
          order by r.reviewed_on nulls last, r.id)
          from claim_review r where r.claim_id = cl.id), '[]'))) order by cl.text, cl.id)
    from position p join claim cl on cl.id = p.claim_id where p.statement_id = s.id), '[]'),
  'version', s.version,
  'createdAt', s.created_at,
  'updatedAt', s.updated_at
)`;

/** The statements `filter` selects (as `statements(filter:)` does), oldest first, one JSON `record` each. */
export function exportRows(db: Knex, filter: StatementFilter): Knex.QueryBuilder {
  const rows = db('statement as s').select(db.raw(`${RECORD} as record`));
  applyStatementFilter(db, rows, filter);
  return rows.orderBy([
    { column: 's.said_on_start', order: 'asc' },
    { column: 's.id', order: 'asc' },
  ]);
}
