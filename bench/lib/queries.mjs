// The benchmark's queries: the GraphQL the service gets, and the one prepared SQL statement per query the floor
// runs to return the same response, finished, as JSON text.

/** Q1: the deep statement query of tests/statements/batching.test.ts, for one speaker's 20 newest statements. */
export const Q1_GRAPHQL = `query Q1($speakers: [ID!]) {
  statements(first: 20, filter: { speakerIds: $speakers }) {
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
          select r.to_id as other_id from statement_relation r where r.kind = 'CONTRADICTS' and r.from_id = p.id
          union
          select r.from_id from statement_relation r where r.kind = 'CONTRADICTS' and r.to_id = p.id
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
