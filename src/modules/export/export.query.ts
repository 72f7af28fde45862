import type { Knex } from '@mikro-orm/postgresql';
import { applyStatementFilter } from '../statements/statement.query';
import type { StatementFilter } from '../statements/statement.types';
import { jsonArray, jsonObject, jsonValue } from '../../shared/response-sql';

// One export record per statement, built whole by PostgreSQL as JSON: the statement, its speaker and principal,
// event, citations with their sources and publishers, topics, the speakers it mentions, its links to other
// statements, and positions with their claims and the claims'
// verdicts. IDs are the API's global IDs, so a record can be looked up with `node(id)` and read back by an import.
//
// Set-based rather than a subquery per relation and row: the statements to build are read once, each list is
// aggregated per statement over just those statements, and everything is joined by ID (200,000 records: 7.7 s
// against 16.9 s with a subquery per relation and row). Built records are stored in `statement_export`, which the
// database empties of any record a change touches (Migration20261202090000): an export reads the stored ones and
// builds the rest.

/** The API's global ID of a row, as JSON text ("Type:uuid" in base64; short enough for one base64 line). */
const globalId = (type: string, id: string): string => `'"' || encode(convert_to(${type} || ':' || ${id}::text, 'UTF8'), 'base64') || '"'`;
const SPEAKER_TYPE = `case sp.kind when 'PERSON' then 'Person' else 'Organization' end`;
const DATE_AT_PRECISION = `left(s.said_on_start::text, case s.said_on_precision when 'YEAR' then 4 when 'MONTH' then 7 else 10 end)`;
/** A row's JSON text, or `null` when the row is missing (an outer join found nothing). */
const orNull = (present: string, json: string): string => `case when ${present} is null then 'null' else ${json} end`;

/** A source (alias `so`) with its publisher (alias `pub`, from `agent`), as citations and links name it. */
const SOURCE = jsonObject({
  id: globalId("'Source'", 'so.id'),
  url: jsonValue('so.url'),
  title: jsonValue('so.title'),
  kind: jsonValue('so.kind'),
  publishedOn: jsonValue('so.published_on'),
  publisher: `coalesce(pub.json, 'null')`,
});

// Records are JSON text built by concatenation (`jsonObject`), as the read path builds its answers: compact, and
// cheaper for PostgreSQL than json_build_object.
const LISTS = `
agent as not materialized (
  select sp.id, ${jsonObject({
    id: globalId(SPEAKER_TYPE, 'sp.id'),
    type: `'"' || ${SPEAKER_TYPE} || '"'`,
    name: jsonValue('sp.name'),
    wikidataId: jsonValue('sp.wikidata_id'),
  })} as json
  from speaker sp
),
citations as (
  select c.statement_id, ${jsonArray(
    jsonObject({
      source: SOURCE,
      excerpt: jsonValue('c.excerpt'),
      isPrimary: jsonValue('c.is_primary'),
    }),
    'c.is_primary desc, so.url, so.id',
  )} as json
  from citation c join picked pk on pk.id = c.statement_id join source so on so.id = c.source_id
  left join agent pub on pub.id = so.publisher_id
  group by c.statement_id
),
reviews as (
  select r.claim_id, ${jsonArray(
    jsonObject({
      reviewer: `coalesce(rv.json, 'null')`,
      ratingLabel: jsonValue('r.rating_label'),
      rating: jsonValue('r.rating'),
      url: jsonValue('r.url'),
      reviewedOn: jsonValue('r.reviewed_on'),
      summary: jsonValue('r.summary'),
    }),
    'r.reviewed_on nulls last, r.id',
  )} as json
  from claim_review r left join agent rv on rv.id = r.reviewer_id
  where r.claim_id in (select p.claim_id from position p join picked pk on pk.id = p.statement_id)
  group by r.claim_id
),
positions as (
  select p.statement_id, ${jsonArray(
    jsonObject({
      stance: jsonValue('p.stance'),
      claim: jsonObject({ id: globalId("'Claim'", 'cl.id'), text: jsonValue('cl.text'), reviews: `coalesce(rw.json, '[]')` }),
    }),
    'cl.text, cl.id',
  )} as json
  from position p join picked pk on pk.id = p.statement_id join claim cl on cl.id = p.claim_id
  left join reviews rw on rw.claim_id = cl.id
  group by p.statement_id
),
links as (
  select r.from_id, ${jsonArray(
    jsonObject({
      kind: jsonValue('r.kind'),
      to: globalId("'Statement'", 'r.to_id'),
      status: jsonValue('r.status'),
      note: jsonValue('r.note'),
      source: orNull('so.id', SOURCE),
    }),
    'r.to_id, r.kind',
  )} as json
  from statement_relation r join picked pk on pk.id = r.from_id
  left join source so on so.id = r.source_id left join agent pub on pub.id = so.publisher_id
  group by r.from_id
),
topics as (
  select st.statement_id, ${jsonArray(jsonObject({ slug: jsonValue('t.slug'), name: jsonValue('t.name') }), 't.slug')} as json
  from statement_topic st join picked pk on pk.id = st.statement_id join topic t on t.id = st.topic_id
  group by st.statement_id
),
mentions as (
  select sm.statement_id, ${jsonArray('m.json', 'm.json')} as json
  from statement_mention sm join picked pk on pk.id = sm.statement_id join agent m on m.id = sm.speaker_id
  group by sm.statement_id
)`;

const RECORD = jsonObject({
  id: globalId("'Statement'", 's.id'),
  text: jsonValue('s.text'),
  kind: jsonValue('s.kind'),
  language: jsonValue('s.language'),
  saidOn: jsonObject({
    date: jsonValue(DATE_AT_PRECISION),
    precision: jsonValue('s.said_on_precision'),
    inferred: jsonValue('s.said_on_inferred'),
  }),
  setting: jsonValue('s.setting'),
  attributionStatus: jsonValue('s.attribution_status'),
  attributionNote: jsonValue('s.attribution_note'),
  speaker: 'speaker.json',
  onBehalfOf: `coalesce(principal.json, 'null')`,
  event: orNull(
    'e.id',
    jsonObject({
      id: globalId("'Event'", 'e.id'),
      name: jsonValue('e.name'),
      location: jsonValue('e.location'),
      startDate: jsonValue('e.start_date'),
      endDate: jsonValue('e.end_date'),
      description: jsonValue('e.description'),
      outcome: jsonValue('e.outcome'),
    }),
  ),
  citations: `coalesce(citations.json, '[]')`,
  topics: `coalesce(topics.json, '[]')`,
  mentions: `coalesce(mentions.json, '[]')`,
  positions: `coalesce(positions.json, '[]')`,
  links: `coalesce(links.json, '[]')`,
  version: jsonValue('s.version'),
  createdAt: jsonValue('s.created_at'),
  updatedAt: jsonValue('s.updated_at'),
});

/** The statement columns a record is built from. */
const COLUMNS = [
  'id',
  'text',
  'kind',
  'language',
  'said_on_start',
  'said_on_precision',
  'said_on_inferred',
  'setting',
  'attribution_status',
  'attribution_note',
  'speaker_id',
  'on_behalf_of_id',
  'event_id',
  'version',
  'created_at',
  'updated_at',
].map((column) => `s.${column}`);

/** The statements `filter` selects, as `statements(filter:)` does (alias `s`). */
const chosenBy = (db: Knex, filter: StatementFilter): Knex.QueryBuilder => applyStatementFilter(db, db('statement as s'), filter);

/** Statement rows (`s`) whose record is to be built, read by ID from the CTE named `ids`. */
const toBuild = (ids: string): string => `select ${COLUMNS.join(', ')} from statement s where s.id in (select id from ${ids})`;

/** The FROM of the records of `picked` (alias `s`), each list joined in. */
const RECORDS_FROM =
  'from picked s ' +
  'join agent speaker on speaker.id = s.speaker_id left join agent principal on principal.id = s.on_behalf_of_id ' +
  'left join event e on e.id = s.event_id left join citations on citations.statement_id = s.id ' +
  'left join positions on positions.statement_id = s.id left join topics on topics.statement_id = s.id ' +
  'left join mentions on mentions.statement_id = s.id left join links on links.from_id = s.id';

/**
 * The statements `filter` selects, in ID order, one `record` each as JSON text, built now from the tables (what a
 * stored record must equal: the tests compare the two). An NDJSON export writes it as it comes, without parsing it.
 */
export function freshRecords(db: Knex, filter: StatementFilter): { sql: string; bindings: readonly unknown[] } {
  const { sql, bindings } = chosenBy(db, filter).select(COLUMNS).toSQL().toNative();
  // The filter's placeholders are $1..$n; the rest of the statement has none.
  return { sql: `with picked as materialized (${sql}), ${LISTS} select ${RECORD} as record ${RECORDS_FROM} order by s.id`, bindings };
}

/**
 * The same records as `freshRecords`, read from `statement_export` where stored, built where not (a statement
 * changed since its record was stored, or never exported).
 */
export function exportRows(db: Knex, filter: StatementFilter): { sql: string; bindings: readonly unknown[] } {
  const { sql, bindings } = chosenBy(db, filter).select('s.id').toSQL().toNative();
  return {
    sql:
      `with chosen as materialized (${sql}), ` +
      `missing as materialized (select c.id from chosen c join statement_export x on x.statement_id = c.id where x.record is null), ` +
      `picked as materialized (${toBuild('missing')}), ${LISTS} ` +
      'select coalesce(x.record, built.record) as record from chosen c join statement_export x on x.statement_id = c.id ' +
      `left join (select s.id, ${RECORD} as record ${RECORDS_FROM}) as built on built.id = c.id order by c.id`,
    bindings,
  };
}

/** How many records are stored at once: one transaction, a few megabytes of text. */
export const STORE_BATCH = 20_000;

/**
 * Stores the records missing among `statements` (those a filter selects, or IDs), up to STORE_BATCH of them after
 * the ID `after`, in ID order; answers how many it looked at and the last one's ID. Rows a writer holds are
 * skipped. The caller runs it at REPEATABLE READ, where a row changed since the snapshot began makes PostgreSQL
 * refuse the batch rather than store a record older than the change.
 */
export function storeRecordsSql(
  db: Knex,
  statements: StatementFilter | readonly string[],
  after: string | undefined,
): { sql: string; bindings: readonly unknown[] } {
  const among = Array.isArray(statements) ? db('statement as s').whereIn('s.id', statements) : chosenBy(db, statements as StatementFilter);
  const chosen = among
    .select('s.id')
    .join('statement_export as x', 'x.statement_id', 's.id')
    .whereNull('x.record')
    .orderBy('s.id')
    .limit(STORE_BATCH);
  if (after) chosen.where('s.id', '>', after);
  const { sql, bindings } = chosen.toSQL().toNative();
  return {
    sql:
      `with chosen as materialized (${sql}), ` +
      'locked as materialized (select x.statement_id as id from statement_export x ' +
      'where x.statement_id in (select id from chosen) and x.record is null for update skip locked), ' +
      `picked as materialized (${toBuild('locked')}), ${LISTS}, ` +
      `built as (select s.id, ${RECORD} as record ${RECORDS_FROM}), ` +
      'stored as (update statement_export x set record = built.record from built where x.statement_id = built.id returning 1) ' +
      'select (select count(*) from chosen)::int as seen, (select max(id::text) from chosen) as last, (select count(*) from stored)::int as stored',
    bindings,
  };
}
