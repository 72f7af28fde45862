// The benchmark's queries: the GraphQL the service gets, and the one prepared SQL statement per query the floor
// runs to return the same response, finished, as JSON text.

/**
 * Q1: the deep statement query of tests/statements/batching.test.ts, for one speaker's 20 newest statements
 * (Q1x100: the same query with `first: 100`, to compare what a page five times longer costs).
 */
export const Q1_GRAPHQL = `query Q1($speakers: [ID!], $first: Int = 20) {
  statements(first: $first, filter: { speakerIds: $speakers }) {
    totalCount
    edges {
      cursor
      node {
        id text saidOn { date precision }
        speaker { id name ... on Person { affiliations { edges { node { title organization { name } } } } } }
        citations { excerpt source { title publisher { name } } }
        positions { edges { node { stance claim { id text } } } }
        counterClaims { totalCount edges { node { id text speaker { name } } } }
      }
    }
  }
}`;

/** Q2: a page of 20 speakers after a cursor, each with their 5 newest statements. */
export const Q2_GRAPHQL = `query Q2($after: String) {
  speakers(first: 20, after: $after) {
    edges { node { id name statements(first: 5) { edges { node { id text saidOn { date precision } } } } } }
  }
}`;

/** Q3: one statement with all its cross-references. */
export const Q3_GRAPHQL = `query Q3($id: ID!) {
  statement(id: $id) {
    id text kind language setting attributionStatus saidOn { date precision }
    speaker { id name }
    onBehalfOf { id name }
    event { id name }
    citations { excerpt isPrimary source { id title url publisher { id name } } }
    topics { id name }
    positions { edges { node { stance claim { id text } } } }
    counterClaims(first: 10) { totalCount edges { node { id text speaker { name } } } }
    supportingStatements(first: 10) { totalCount edges { node { id text speaker { name } } } }
    responses(first: 10) { totalCount edges { node { id text } } }
    respondsTo(first: 10) { totalCount edges { node { id text } } }
    relations(first: 10) { edges { node { kind status from { id } to { id } } } }
  }
}`;

/** Q4, Q5, Q6: a page of 20 statements (Q4: citing a source, page 2; Q5: text search in a date range; Q6: deep page). */
export const STATEMENT_PAGE_GRAPHQL = `query StatementPage($filter: StatementFilter, $after: String) {
  statements(first: 20, after: $after, filter: $filter) {
    edges { cursor node { id text saidOn { date precision } speaker { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Q7: the two-hop contradiction graph of a statement (its counter-claims and theirs, five of each). */
export const Q7_GRAPHQL = `query Q7($id: ID!) {
  statement(id: $id) {
    id text
    counterClaims(first: 5) {
      totalCount
      edges { node { id text counterClaims(first: 5) { totalCount edges { node { id text } } } } }
    }
  }
}`;

/** Q8, a write in two requests: a statement with two citations, then a link from it to an existing statement. */
export const Q8_CREATE_GRAPHQL = `mutation Q8Create($input: CreateStatementInput!) {
  createStatement(input: $input) { statement { id } }
}`;
export const Q8_LINK_GRAPHQL = `mutation Q8Link($input: LinkStatementsInput!) {
  linkStatements(input: $input) { relation { id kind } }
}`;
/** Statements Q8 writes start with this, so the run can delete them (and their revisions) afterwards. */
export const WRITE_MARKER = 'Bench write';

/**
 * SQL statements the service sends per request, as LOG_SQL logs them, asserted exactly by the check mode
 * (`node bench/run.mjs --size S --check`) on the S data set. Three requests per query, one at a time, with fixed
 * parameters: for Q1 and Q2 the busiest speaker, for Q3 and Q7 a statement on the hottest claim (thousands of
 * counter-claims), then seeded picks (random generator seeded with 1000 + the query's number). Where the counts
 * depend on the data they may differ between the three (they did before the read planner: a person's Q1 page also
 * loaded affiliations). Q8 counts its two requests (create, then link) together, BEGIN and COMMIT included.
 *
 * Q1 to Q7 are answered whole by one compiled statement (src/shared/response-sql.ts), Q1's totalCount included.
 * Before the read planner, at 52cc1cf: Q1 10, 9, 10; Q2 2; Q3 17, 16, 17; Q4, Q5, Q6 2; Q7 5; Q8 21. When the service sends fewer, lower them in the same change; more means a regression or a reason
 * to write down. Q8 22 since citations are anchored in their sources' archived texts: one statement reads the cited
 * sources' texts under a share lock (src/modules/sources/source.service.ts, archivedTexts).
 */
export const EXPECTED_SQL = {
  Q1: [1, 1, 1],
  Q1x100: [1, 1, 1],
  Q2: [1, 1, 1],
  Q3: [1, 1, 1],
  Q4: [1, 1, 1],
  Q5: [1, 1, 1],
  Q6: [1, 1, 1],
  Q7: [1, 1, 1],
  Q8: [22, 22, 22],
};

/** Relay global ID as the service writes it: base64("Type:uuid"). */
export const globalId = (type, uuid) => Buffer.from(`${type}:${uuid}`).toString('base64');
export const speakerType = (kind) => (kind === 'PERSON' ? 'Person' : 'Organization');
/** The service's keyset cursor: base64url of JSON [ordering, ...sort-key values]. */
export const cursor = (values) => Buffer.from(JSON.stringify(values)).toString('base64url');
export const speakerCursor = (speaker) => cursor(['sp.name,sp.id', speaker.name, speaker.id]);

// SQL building blocks (constants only: the values travel as parameters of the prepared statements)
const gid = (type, column) => `encode(convert_to('${type}:' || ${column}::text, 'UTF8'), 'base64')`;
const speakerGid = (alias) =>
  `encode(convert_to(case ${alias}.kind when 'PERSON' then 'Person:' else 'Organization:' end || ${alias}.id::text, 'UTF8'), 'base64')`;
const VISIBLE = (alias) => `${alias}.attribution_status not in ('MISATTRIBUTED', 'RETRACTED')`;
const saidOn = (alias) =>
  `json_build_object('date', left(${alias}.said_on_start::text, case ${alias}.said_on_precision when 'YEAR' then 4 when 'MONTH' then 7 else 10 end), 'precision', ${alias}.said_on_precision)`;
const side = (column) =>
  `(case when ${column} in ('ASSERTS', 'DEMANDS', 'PROPOSES', 'ACCEPTS') then 1 when ${column} in ('DENIES', 'REJECTS') then -1 else 0 end)`;
const statementCursor = (alias) =>
  `rtrim(translate(encode(convert_to('["s.said_on_start,s.id","' || ${alias}.said_on_start::text || '","' || ${alias}.id::text || '"]', 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;

/** Floor Q1: $1 = the speaker's uuid. */
export const Q1_SQL = `
with page as (
  select s.id, s.text, s.said_on_start, s.said_on_precision, s.speaker_id
  from statement s
  where s.speaker_id = $1 and ${VISIBLE('s')}
  order by s.said_on_start desc, s.id desc
  limit 20
)
select json_build_object('data', json_build_object('statements', json_build_object(
  'totalCount', (select count(*) from statement s where s.speaker_id = $1 and ${VISIBLE('s')}),
  'edges', coalesce((
    select json_agg(json_build_object('cursor', ${statementCursor('p')}, 'node', json_build_object(
      'id', ${gid('Statement', 'p.id')},
      'text', p.text,
      'saidOn', ${saidOn('p')},
      'speaker', sp.json,
      'citations', ci.json,
      'positions', json_build_object('edges', po.json),
      'counterClaims', json_build_object('totalCount', cc.total, 'edges', cc.json)
    )) order by p.said_on_start desc, p.id desc)
    from page p
    cross join lateral (
      select case when sp.kind = 'PERSON' then json_build_object('id', ${speakerGid('sp')}, 'name', sp.name,
        'affiliations', json_build_object('edges', coalesce((
          select json_agg(json_build_object('node', json_build_object('title', a.title, 'organization',
            json_build_object('name', o.name))) order by a.sort_date desc, a.id desc)
          from (select a.id, a.title, a.organization_id, coalesce(a.start_date, date '9999-12-31') as sort_date
                from affiliation a where a.person_id = sp.id
                order by coalesce(a.start_date, date '9999-12-31') desc, a.id desc limit 20) a
          join speaker o on o.id = a.organization_id), '[]')))
        else json_build_object('id', ${speakerGid('sp')}, 'name', sp.name) end as json
      from speaker sp where sp.id = p.speaker_id
    ) sp
    cross join lateral (
      select coalesce(json_agg(json_build_object('excerpt', c.excerpt, 'source', json_build_object('title', so.title,
        'publisher', case when pub.id is null then null else json_build_object('name', pub.name) end))
        order by c.is_primary desc, c.id), '[]') as json
      from citation c join source so on so.id = c.source_id left join speaker pub on pub.id = so.publisher_id
      where c.statement_id = p.id
    ) ci
    cross join lateral (
      select coalesce(json_agg(json_build_object('node', json_build_object('stance', x.stance,
        'claim', json_build_object('id', ${gid('Claim', 'cl.id')}, 'text', cl.text))) order by x.id), '[]') as json
      from (select po.id, po.stance, po.claim_id from position po where po.statement_id = p.id order by po.id limit 20) x
      join claim cl on cl.id = x.claim_id
    ) po
    cross join lateral (
      select coalesce(max(t.total), 0) as total,
        coalesce(json_agg(json_build_object('node', json_build_object('id', ${gid('Statement', 't.id')}, 'text', t.text,
          'speaker', json_build_object('name', osp.name))) order by t.said_on_start desc, t.id desc), '[]') as json
      from (
        select o.id, o.text, o.speaker_id, o.said_on_start, count(*) over () as total
        from (
          select r.to_id as other_id from statement_relation r where r.kind = 'CONTRADICTS' and r.status = 'CONFIRMED' and r.from_id = p.id
          union
          select r.from_id from statement_relation r where r.kind = 'CONTRADICTS' and r.status = 'CONFIRMED' and r.to_id = p.id
          union
          select p2.statement_id from position p1
            join position p2 on p2.claim_id = p1.claim_id and p2.statement_id <> p1.statement_id
            where p1.statement_id = p.id and ${side('p1.stance')} * ${side('p2.stance')} = -1
        ) pairs
        join statement o on o.id = pairs.other_id
        where ${VISIBLE('o')}
        order by o.said_on_start desc, o.id desc
        limit 20
      ) t
      join speaker osp on osp.id = t.speaker_id
    ) cc
  ), '[]')
)))::text as body`;

/** Floor Q2: $1, $2 = name and uuid of the speaker to start after. */
export const Q2_SQL = `
select json_build_object('data', json_build_object('speakers', json_build_object('edges', coalesce(json_agg(
  json_build_object('node', json_build_object('id', ${speakerGid('sp')}, 'name', sp.name,
    'statements', json_build_object('edges', st.json)))
  order by sp.name, sp.id), '[]'))))::text as body
from (
  select sp.id, sp.kind, sp.name from speaker sp
  where (sp.name, sp.id) > ($1::text, $2::uuid)
  order by sp.name, sp.id
  limit 20
) sp
cross join lateral (
  select coalesce(json_agg(json_build_object('node', json_build_object('id', ${gid('Statement', 's.id')}, 'text', s.text,
    'saidOn', ${saidOn('s')})) order by s.said_on_start desc, s.id desc), '[]') as json
  from (
    select s.id, s.text, s.said_on_start, s.said_on_precision from statement s
    where s.speaker_id = sp.id and ${VISIBLE('s')}
    order by s.said_on_start desc, s.id desc
    limit 5
  ) s
) st`;

/** Counter-statement candidates of the statement whose id is the SQL expression `id` (the service's counterClaimPairs). */
const counterPairs = (id) => `
  select r.to_id as other_id from statement_relation r where r.kind = 'CONTRADICTS' and r.status = 'CONFIRMED' and r.from_id = ${id}
  union
  select r.from_id from statement_relation r where r.kind = 'CONTRADICTS' and r.status = 'CONFIRMED' and r.to_id = ${id}
  union
  select p2.statement_id from position p1
    join position p2 on p2.claim_id = p1.claim_id and p2.statement_id <> p1.statement_id
    where p1.statement_id = ${id} and ${side('p1.stance')} * ${side('p2.stance')} = -1`;

/** A page of 20 visible statements matching `where`, newest first, with pageInfo (one row more tells hasNextPage). */
const statementPage = (where) => `
with more as (
  select s.id, s.text, s.said_on_start, s.said_on_precision, s.speaker_id from statement s
  where ${VISIBLE('s')} and ${where}
  order by s.said_on_start desc, s.id desc
  limit 21
), page as (
  select * from more order by said_on_start desc, id desc limit 20
)
select json_build_object('data', json_build_object('statements', json_build_object(
  'edges', coalesce((
    select json_agg(json_build_object('cursor', ${statementCursor('p')}, 'node', json_build_object(
      'id', ${gid('Statement', 'p.id')}, 'text', p.text, 'saidOn', ${saidOn('p')}, 'speaker', json_build_object('name', sp.name)))
      order by p.said_on_start desc, p.id desc)
    from page p join speaker sp on sp.id = p.speaker_id), '[]'),
  'pageInfo', json_build_object(
    'hasNextPage', (select count(*) from more) > 20,
    'endCursor', (select ${statementCursor('p')} from page p order by p.said_on_start, p.id limit 1))
)))::text as body`;

/** Floor Q4: $1 = source uuid, $2, $3 = said_on_start and uuid of the last statement of page 1. */
export const Q4_SQL = statementPage(
  `exists (select 1 from citation c where c.statement_id = s.id and c.source_id = $1::uuid) and (s.said_on_start, s.id) < ($2::date, $3::uuid)`,
);
/** Floor Q5: $1 = search text, $2 = first day of saidFrom, $3 = last day of saidTo. */
export const Q5_SQL = statementPage(
  `s.search_document @@ search_query($1::text) and s.said_on_end >= $2::date and s.said_on_start <= $3::date`,
);
/** Floor Q6: $1, $2 = said_on_start and uuid of the statement the page starts after. */
export const Q6_SQL = statementPage(`(s.said_on_start, s.id) < ($1::date, $2::uuid)`);

/** Floor Q7: $1 = statement uuid. */
export const Q7_SQL = `
select json_build_object('data', json_build_object('statement', json_build_object(
  'id', ${gid('Statement', 's.id')}, 'text', s.text,
  'counterClaims', json_build_object('totalCount', c1.total, 'edges', c1.json))))::text as body
from statement s
cross join lateral (
  select coalesce(max(t.total), 0) as total,
    coalesce(json_agg(json_build_object('node', json_build_object('id', ${gid('Statement', 't.id')}, 'text', t.text,
      'counterClaims', json_build_object('totalCount', c2.total, 'edges', c2.json))) order by t.said_on_start desc, t.id desc), '[]') as json
  from (
    select o.id, o.text, o.said_on_start, count(*) over () as total
    from (${counterPairs('s.id')}) pairs join statement o on o.id = pairs.other_id
    where ${VISIBLE('o')} order by o.said_on_start desc, o.id desc limit 5
  ) t
  cross join lateral (
    select coalesce(max(u.total), 0) as total,
      coalesce(json_agg(json_build_object('node', json_build_object('id', ${gid('Statement', 'u.id')}, 'text', u.text))
        order by u.said_on_start desc, u.id desc), '[]') as json
    from (
      select o.id, o.text, o.said_on_start, count(*) over () as total
      from (${counterPairs('t.id')}) pairs join statement o on o.id = pairs.other_id
      where ${VISIBLE('o')} order by o.said_on_start desc, o.id desc limit 5
    ) u
  ) c2
) c1
where s.id = $1::uuid`;

/** The floor's routes: GET /<name>?p=<$1>&p=<$2>... runs the named statement with those values. */
export const FLOOR_SQL = { q1: Q1_SQL, q2: Q2_SQL, q4: Q4_SQL, q5: Q5_SQL, q6: Q6_SQL, q7: Q7_SQL };

// PostGraphile (the third target). Its schema is built from the tables themselves (foreign keys give
// speakerBySpeakerId, citationsByStatementId...); what they cannot give is added as SQL functions in the schema
// `bench_pg`, which `postgraphile.mjs` creates in the benchmark database before it starts:
// - `Speaker.visibleStatements`: the speaker's statements, hiding MISATTRIBUTED and RETRACTED (the service's
//   default filter), as a computed column (a connection, with totalCount);
// - `Statement.counterClaims`: the service's counter-claims (confirmed CONTRADICTS links either way, plus visible statements
//   on the opposite side of a claim both take a position on), as a computed column;
// - `Source.visibleStatements`: the visible statements citing the source, as a computed column;
// - `Query.benchPgVisibleStatements`: all visible statements; `Query.benchPgSearchStatements(words, saidFrom,
//   saidTo)`: the service's text search (search_query over search_document) and fuzzy date overlap, visible statements only.
// Each carries the smart tag `@behavior +order`, so the queries ask for `orderBy: [SAID_ON_START_DESC,
// ROW_ID_DESC]` (the service's order): PostGraphile then pages by keyset, with cursors holding the sort values,
// and PostgreSQL can inline the plain SQL functions into the query (an index scan, no materialised set).
export const PG_FUNCTIONS = `
create schema if not exists bench_pg;
create or replace function bench_pg.speaker_visible_statements(sp public.speaker) returns setof public.statement
language sql stable as $$
  select s.* from public.statement s
  where s.speaker_id = sp.id and s.attribution_status not in ('MISATTRIBUTED', 'RETRACTED')
$$;
comment on function bench_pg.speaker_visible_statements(public.speaker) is E'@behavior +order';
create or replace function bench_pg.statement_counter_claims(st public.statement) returns setof public.statement
language sql stable as $$
  select o.* from (
    select r.to_id as other_id from public.statement_relation r where r.kind = 'CONTRADICTS' and r.status = 'CONFIRMED' and r.from_id = st.id
    union
    select r.from_id from public.statement_relation r where r.kind = 'CONTRADICTS' and r.status = 'CONFIRMED' and r.to_id = st.id
    union
    select p2.statement_id from public.position p1
      join public.position p2 on p2.claim_id = p1.claim_id and p2.statement_id <> p1.statement_id
      where p1.statement_id = st.id and ${side('p1.stance')} * ${side('p2.stance')} = -1
  ) pairs
  join public.statement o on o.id = pairs.other_id
  where o.attribution_status not in ('MISATTRIBUTED', 'RETRACTED')
$$;
comment on function bench_pg.statement_counter_claims(public.statement) is E'@behavior +order';

create or replace function bench_pg.visible_statements() returns setof public.statement
language sql stable as $$
  select s.* from public.statement s where s.attribution_status not in ('MISATTRIBUTED', 'RETRACTED')
$$;
comment on function bench_pg.visible_statements() is E'@behavior +order';
create or replace function bench_pg.source_visible_statements(so public.source) returns setof public.statement
language sql stable as $$
  select s.* from public.statement s
  where exists (select 1 from public.citation c where c.statement_id = s.id and c.source_id = so.id)
    and s.attribution_status not in ('MISATTRIBUTED', 'RETRACTED')
$$;
comment on function bench_pg.source_visible_statements(public.source) is E'@behavior +order';
create or replace function bench_pg.search_statements(words text, said_from date, said_to date) returns setof public.statement
language sql stable as $$
  select s.* from public.statement s
  where s.search_document @@ public.search_query(words)
    and s.said_on_end >= said_from and s.said_on_start <= said_to
    and s.attribution_status not in ('MISATTRIBUTED', 'RETRACTED')
$$;
comment on function bench_pg.search_statements(text, date, date) is E'@behavior +order';
`;

/** Tables no query needs, left out of PostGraphile's schema (smart tag `@behavior -*`). */
export const PG_HIDDEN_TABLES = [
  'api_key',
  'bench_dataset',
  'idempotency_key',
  'mikro_orm_migrations',
  'revision',
  'speaker_redirect',
  'claim_review',
  'claim_topic',
];

/** Unindexed columns PostGraphile must offer as orderings (smart tag `@behavior +orderBy`). */
export const PG_ORDER_BY = { affiliation: ['start_date'], citation: ['is_primary'] };

/** PostGraphile Q1: the same data as Q1, through the speaker's `visibleStatements` (PostGraphile's names and shape). */
export const PG_Q1_GRAPHQL = `query Q1($speaker: UUID!) {
  speakerByRowId(rowId: $speaker) {
    visibleStatements(first: 20, orderBy: [SAID_ON_START_DESC, ROW_ID_DESC]) {
      totalCount
      edges {
        cursor
        node {
          id text saidOnStart saidOnPrecision
          speakerBySpeakerId {
            id kind name
            affiliationsByPersonId(first: 20, orderBy: [START_DATE_DESC, ROW_ID_DESC]) { edges { node { title speakerByOrganizationId { name } } } }
          }
          citationsByStatementId(orderBy: [IS_PRIMARY_DESC, ROW_ID_ASC]) { nodes { excerpt sourceBySourceId { title speakerByPublisherId { name } } } }
          positionsByStatementId(first: 20, orderBy: ROW_ID_ASC) { edges { node { stance claimByClaimId { id text } } } }
          counterClaims(first: 20, orderBy: [SAID_ON_START_DESC, ROW_ID_DESC]) { totalCount edges { node { id text speakerBySpeakerId { name } } } }
        }
      }
    }
  }
}`;

/** PostGraphile Q2: speakers by name after a cursor (PostGraphile's own cursor), each with 5 visible statements. */
export const PG_Q2_GRAPHQL = `query Q2($after: Cursor) {
  allSpeakers(first: 20, after: $after, orderBy: [NAME_ASC, ROW_ID_ASC]) {
    edges { node { id name visibleStatements(first: 5, orderBy: [SAID_ON_START_DESC, ROW_ID_DESC]) { edges { node { id text saidOnStart saidOnPrecision } } } } }
  }
}`;

/** PostGraphile's cursor for allSpeakers ordered by name: base64 of JSON [digest of the ordering, name, uuid]. */
export const pgSpeakerCursor = (digest, speaker) => Buffer.from(JSON.stringify([digest, speaker.name, speaker.id])).toString('base64');

const pgSaidOn = (n) => ({
  date: n.saidOnStart.slice(0, n.saidOnPrecision === 'YEAR' ? 4 : n.saidOnPrecision === 'MONTH' ? 7 : 10),
  precision: n.saidOnPrecision,
});

/** PostGraphile's Q1 answer in the service's names and shape (IDs and cursors stay PostGraphile's). */
export function fromPostGraphileQ1(json) {
  const page = json.data.speakerByRowId?.visibleStatements ?? { totalCount: 0, edges: [] };
  const speaker = (sp) => ({
    id: sp.id,
    name: sp.name,
    ...(sp.kind === 'PERSON'
      ? {
          affiliations: {
            edges: sp.affiliationsByPersonId.edges.map(({ node: a }) => ({
              node: { title: a.title, organization: { name: a.speakerByOrganizationId.name } },
            })),
          },
        }
      : {}),
  });
  return {
    data: {
      statements: {
        totalCount: page.totalCount,
        edges: page.edges.map(({ cursor, node: n }) => ({
          cursor,
          node: {
            id: n.id,
            text: n.text,
            saidOn: pgSaidOn(n),
            speaker: speaker(n.speakerBySpeakerId),
            citations: n.citationsByStatementId.nodes.map((c) => ({
              excerpt: c.excerpt,
              source: {
                title: c.sourceBySourceId.title,
                publisher: c.sourceBySourceId.speakerByPublisherId && { name: c.sourceBySourceId.speakerByPublisherId.name },
              },
            })),
            positions: {
              edges: n.positionsByStatementId.edges.map(({ node: p }) => ({
                node: { stance: p.stance, claim: { id: p.claimByClaimId.id, text: p.claimByClaimId.text } },
              })),
            },
            counterClaims: {
              totalCount: n.counterClaims.totalCount,
              edges: n.counterClaims.edges.map(({ node: o }) => ({
                node: { id: o.id, text: o.text, speaker: { name: o.speakerBySpeakerId.name } },
              })),
            },
          },
        })),
      },
    },
  };
}

/** PostGraphile's Q2 answer in the service's names and shape. */
export function fromPostGraphileQ2(json) {
  return {
    data: {
      speakers: {
        edges: json.data.allSpeakers.edges.map(({ node: sp }) => ({
          node: {
            id: sp.id,
            name: sp.name,
            statements: {
              edges: sp.visibleStatements.edges.map(({ node: s }) => ({ node: { id: s.id, text: s.text, saidOn: pgSaidOn(s) } })),
            },
          },
        })),
      },
    },
  };
}

const PG_ORDER = 'orderBy: [SAID_ON_START_DESC, ROW_ID_DESC]';
const PG_PAGE = `edges { cursor node { id text saidOnStart saidOnPrecision speakerBySpeakerId { name } } } pageInfo { hasNextPage endCursor }`;
/** PostGraphile Q4: a source's visible statements, page 2 ($after: PostGraphile's keyset cursor). */
export const PG_Q4_GRAPHQL = `query Q4($source: UUID!, $after: Cursor) {
  sourceByRowId(rowId: $source) { visibleStatements(first: 20, after: $after, ${PG_ORDER}) { ${PG_PAGE} } }
}`;
/** PostGraphile Q5: text search in a date range (first and last day of the range). */
export const PG_Q5_GRAPHQL = `query Q5($words: String!, $from: Date!, $to: Date!) {
  benchPgSearchStatements(words: $words, saidFrom: $from, saidTo: $to, first: 20, ${PG_ORDER}) { ${PG_PAGE} }
}`;
/** PostGraphile Q6: a deep page of all visible statements. */
export const PG_Q6_GRAPHQL = `query Q6($after: Cursor) {
  benchPgVisibleStatements(first: 20, after: $after, ${PG_ORDER}) { ${PG_PAGE} }
}`;
/** PostGraphile Q7: the two-hop contradiction graph. */
export const PG_Q7_GRAPHQL = `query Q7($id: UUID!) {
  statementByRowId(rowId: $id) {
    id text
    counterClaims(first: 5, ${PG_ORDER}) {
      totalCount
      edges { node { id text counterClaims(first: 5, ${PG_ORDER}) { totalCount edges { node { id text } } } } }
    }
  }
}`;
/** PostGraphile's keyset cursor over statements in the service's order: base64 of JSON [digest, date, uuid]. */
export const pgStatementCursor = (digest, date, id) => Buffer.from(JSON.stringify([digest, date, id])).toString('base64');

const fromPgPage = (c) => ({
  edges: c.edges.map(({ cursor, node: n }) => ({
    cursor,
    node: { id: n.id, text: n.text, saidOn: pgSaidOn(n), speaker: { name: n.speakerBySpeakerId.name } },
  })),
  pageInfo: c.pageInfo,
});
/** PostGraphile's statement pages (Q4, Q5, Q6) in the service's names and shape. */
export const fromPostGraphileQ4 = (json) => ({ data: { statements: fromPgPage(json.data.sourceByRowId.visibleStatements) } });
export const fromPostGraphileQ5 = (json) => ({ data: { statements: fromPgPage(json.data.benchPgSearchStatements) } });
export const fromPostGraphileQ6 = (json) => ({ data: { statements: fromPgPage(json.data.benchPgVisibleStatements) } });
/** PostGraphile's Q7 answer in the service's names and shape. */
export function fromPostGraphileQ7(json) {
  const st = json.data.statementByRowId;
  return {
    data: {
      statement: st && {
        id: st.id,
        text: st.text,
        counterClaims: {
          totalCount: st.counterClaims.totalCount,
          edges: st.counterClaims.edges.map(({ node: o }) => ({
            node: {
              id: o.id,
              text: o.text,
              counterClaims: {
                totalCount: o.counterClaims.totalCount,
                edges: o.counterClaims.edges.map(({ node: u }) => ({ node: { id: u.id, text: u.text } })),
              },
            },
          })),
        },
      },
    },
  };
}
