import { randomUUID } from 'node:crypto';
import { encodeId } from '../../src/shared/global-id';
import { createTestApp, type TestApp } from '../helpers/test-app';

// No list without a bound: a claim with 10,000 positions and a statement with 10,000 counter-claims answer a page
// at a time (20 by default, at most 100), walk without gaps or repeats, count all 10,000, and nested lists cost
// one SQL statement per level however many parents there are.

const BULK = 10_000;

let t: TestApp;
const ids = { speakerA: randomUUID(), speakerB: randomUUID(), claim: randomUUID(), target: randomUUID() };
let claimId: string;
let targetId: string;

beforeAll(async () => {
  // The hostile shape below reads 2,000,000 rows in its one statement: more than the default timeout allows on a
  // slow machine, where the service would fall back to reading it piece by piece.
  t = await createTestApp({ statementTimeoutMs: 60_000 });
  // Setup in bulk, in one transaction without the service's statement timeout (10,000 search documents to write).
  await t.app.orm.em.fork().transactional(async (em) => {
    await em.execute('set local statement_timeout = 0');
    await em.execute(`insert into speaker (id, kind, name) values (?, 'PERSON', 'Bulk Speaker A'), (?, 'PERSON', 'Bulk Speaker B')`, [
      ids.speakerA,
      ids.speakerB,
    ]);
    await em.execute(`insert into claim (id, text) values (?, 'A claim ten thousand statements take sides on')`, [ids.claim]);
    // Dates repeat (a thousand days for ten thousand statements), so the ID has to break ties.
    await em.execute(
      `insert into statement (id, text, kind, speaker_id, said_on_start, said_on_end, said_on_precision)
       select gen_random_uuid(), 'Bulk statement ' || g, 'PARAPHRASE', case when g % 2 = 0 then ?::uuid else ?::uuid end,
              date '2020-01-01' + (g % 1000), date '2020-01-01' + (g % 1000), 'DAY'
       from generate_series(1, ?) as g`,
      [ids.speakerA, ids.speakerB, BULK],
    );
    await em.execute(
      `insert into statement (id, text, kind, speaker_id, said_on_start, said_on_end, said_on_precision)
       values (?, 'The statement everyone contradicts', 'QUOTE', ?, date '2024-01-01', date '2024-01-01', 'DAY')`,
      [ids.target, ids.speakerA],
    );
    // Half the statements assert the claim, half deny it: each has 5,000 counter-claims through the claim.
    await em.execute(
      `insert into position (id, statement_id, claim_id, stance)
       select gen_random_uuid(), s.id, ?, case when substring(s.text from 16)::int % 2 = 0 then 'ASSERTS' else 'DENIES' end
       from statement s where s.text like 'Bulk statement %'`,
      [ids.claim],
    );
    // Every one of them contradicts the target statement: 10,000 counter-claims.
    await em.execute(
      `insert into statement_relation (id, from_id, to_id, kind, status)
       select gen_random_uuid(), s.id, ?, 'CONTRADICTS', 'CONFIRMED' from statement s where s.text like 'Bulk statement %'`,
      [ids.target],
    );
  });
  await t.app.orm.em.fork().execute('analyze');
  claimId = encodeId('Claim', ids.claim);
  targetId = encodeId('Statement', ids.target);
});
afterAll(() => t.close());

const POSITIONS = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  claim(id: $id) {
    positions(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { stance statement { id saidOn { start } } } }
    }
  }
}`;

const COUNTER_CLAIMS = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  statement(id: $id) {
    counterClaims(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id saidOn { start } } }
    }
  }
}`;

const positionsOf = (data: any) => data.claim.positions;
const counterClaimsOf = (data: any) => data.statement.counterClaims;

/** The IDs the database itself puts first, for comparing pages against. */
async function expectedIds(sql: string, params: unknown[]): Promise<string[]> {
  const rows: { id: string }[] = await t.app.orm.em.fork().execute(sql, params);
  return rows.map((r) => encodeId('Statement', r.id));
}

describe.each([
  {
    list: 'Claim.positions',
    query: POSITIONS,
    id: () => claimId,
    pick: positionsOf,
    nodeId: (node: any) => node.statement.id,
    // Oldest first, ties by the position's ID.
    expected: (limit: number) =>
      expectedIds(
        `select s.id from position p join statement s on s.id = p.statement_id where p.claim_id = ?
         order by s.said_on_start, p.id limit ?`,
        [ids.claim, limit],
      ),
  },
  {
    list: 'Statement.counterClaims',
    query: COUNTER_CLAIMS,
    id: () => targetId,
    pick: counterClaimsOf,
    nodeId: (node: any) => node.id,
    // Most recently said first, ties by ID.
    expected: (limit: number) =>
      expectedIds(
        `select s.id from statement_relation r join statement s on s.id = r.from_id where r.to_id = ?
         order by s.said_on_start desc, s.id desc limit ?`,
        [ids.target, limit],
      ),
  },
])('$list with 10,000 items', ({ query, id, pick, nodeId, expected }) => {
  it('answers 20 by default and counts all 10,000', async () => {
    const { data, errors } = await t.gql(query, { id: id() });
    expect(errors).toBeUndefined();
    const page = pick(data);
    expect(page.edges).toHaveLength(20);
    expect(page.totalCount).toBe(BULK);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(page.edges.map((e: any) => nodeId(e.node))).toEqual(await expected(20));
  });

  it('refuses more than 100 at once, forwards or backwards', async () => {
    for (const variables of [{ first: 101 }, { last: 101 }, { first: -1 }]) {
      const { data, errors } = await t.gql(query, { id: id(), ...variables });
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(data?.claim ?? data?.statement ?? null).toBeNull();
    }
    const { data, errors } = await t.gql(query, { id: id(), first: 100 });
    expect(errors).toBeUndefined();
    expect(pick(data).edges).toHaveLength(100);
  });

  it('walks page after page in order, without gaps or repeats, and back again', async () => {
    const seen: string[] = [];
    const cursors: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const { data, errors }: { data?: any; errors?: unknown } = await t.gql(query, { id: id(), first: 100, after });
      expect(errors).toBeUndefined();
      const page = pick(data);
      expect(page.edges).toHaveLength(100);
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(page.pageInfo.hasPreviousPage).toBe(i > 0);
      seen.push(...page.edges.map((e: any) => nodeId(e.node)));
      after = page.pageInfo.endCursor;
      cursors.push(after!);
    }
    expect(new Set(seen).size).toBe(500);
    expect(seen).toEqual(await expected(500));

    // Backwards from the last item of the third page: the 100 items before it, in the same order.
    const { data, errors } = await t.gql(query, { id: id(), last: 100, before: cursors[2] });
    expect(errors).toBeUndefined();
    expect(pick(data).edges.map((e: any) => nodeId(e.node))).toEqual(seen.slice(199, 299));
    expect(pick(data).pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('reaches the last page and says so', async () => {
    const { data, errors } = await t.gql(query, { id: id(), last: 7 });
    expect(errors).toBeUndefined();
    const page = pick(data);
    expect(page.edges).toHaveLength(7);
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const { data: next } = await t.gql(query, { id: id(), first: 5, after: page.pageInfo.endCursor });
    expect(pick(next).edges).toEqual([]);
    expect(pick(next).pageInfo.hasNextPage).toBe(false);
  });
});

it('refuses a cursor of one list in another', async () => {
  const { data } = await t.gql(POSITIONS, { id: claimId, first: 1 });
  const { errors } = await t.gql(COUNTER_CLAIMS, { id: targetId, after: positionsOf(data).pageInfo.endCursor });
  expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(errors?.[0].extensions?.field).toBe('after');
});

it('leaves misattributed statements out of the pages and the count', async () => {
  const em = t.app.orm.em.fork();
  const [first] = await expectedIds(
    `select s.id from statement_relation r join statement s on s.id = r.from_id where r.to_id = ?
     order by s.said_on_start desc, s.id desc limit 1`,
    [ids.target],
  );
  const uuid = Buffer.from(first, 'base64').toString().split(':')[1];
  await em.execute(`update statement set attribution_status = 'MISATTRIBUTED' where id = ?`, [uuid]);
  try {
    const { data } = await t.gql(COUNTER_CLAIMS, { id: targetId, first: 3 });
    expect(counterClaimsOf(data).totalCount).toBe(BULK - 1);
    expect(counterClaimsOf(data).edges.map((e: any) => e.node.id)).not.toContain(first);
    const { data: claim } = await t.gql(POSITIONS, { id: claimId, first: 1 });
    expect(positionsOf(claim).totalCount).toBe(BULK - 1);
  } finally {
    await em.execute(`update statement set attribution_status = 'UNVERIFIED' where id = ?`, [uuid]);
  }
});

it('answers the hostile nested shape quickly, with bounded pages', async () => {
  const hostile = `query($id: ID!) {
    claim(id: $id) {
      positions { edges { node { statement { counterClaims { edges { node { counterClaims { totalCount } } } } } } } }
    }
  }`;
  let result: any;
  const count = await t.countSql(async () => {
    result = await t.gql(hostile, { id: claimId });
  });
  expect(result.errors).toBeUndefined();
  const positions = result.data.claim.positions.edges;
  expect(positions).toHaveLength(20);
  for (const { node } of positions) {
    const counter = node.statement.counterClaims.edges;
    expect(counter).toHaveLength(20);
    // The target (contradicted by all 10,000) comes first, being the most recent; the rest are the 5,000 on the
    // other side of the claim, each with 5,000 statements of its own on the other side plus the target.
    expect(counter[0].node.counterClaims.totalCount).toBe(BULK);
    for (const { node: other } of counter.slice(1)) expect(other.counterClaims.totalCount).toBe(BULK / 2 + 1);
  }
  // one planned statement: the claim, its positions, their statements, their counter-claims, and the counts of the
  // next level's counter-claims (counted only: no page is read where only totalCount is asked): 400 totals of 5,000
  // rows each, where unbounded this shape would have read 20 x 5,000 x 5,000 rows. Its time is the benchmark's.
  expect(count).toBe(1);
});

describe('nested connections cost the same number of SQL statements for 5 and for 50 parents', () => {
  const NESTED = `query($id: ID!, $first: Int!) {
    claim(id: $id) {
      positions(first: $first) {
        edges {
          node {
            statement {
              speaker { name ... on Person { affiliations(first: 2) { totalCount edges { node { title } } } } }
              counterClaims(first: 3) { totalCount edges { node { id } } }
              supportingStatements { totalCount edges { node { id } } }
              responses { edges { node { id } } }
              respondsTo { edges { node { id } } }
              relations(first: 2, kinds: [CONTRADICTS], direction: OUTGOING) { totalCount edges { node { kind to { id } } } }
              mentions { edges { node { name } } }
              positions { totalCount edges { node { stance } } }
              revisions(first: 1) { edges { node { action } } }
            }
          }
        }
      }
    }
  }`;

  async function run(first: number) {
    let result: any;
    const count = await t.countSql(async () => {
      result = await t.gql(NESTED, { id: claimId, first });
    });
    expect(result.errors).toBeUndefined();
    const edges = result.data.claim.positions.edges;
    expect(edges).toHaveLength(first);
    for (const { node } of edges) {
      expect(node.statement.counterClaims.edges).toHaveLength(3);
      expect(node.statement.relations).toMatchObject({ totalCount: 1, edges: [{ node: { kind: 'CONTRADICTS', to: { id: targetId } } }] });
      expect(node.statement.positions.totalCount).toBe(1);
    }
    return count;
  }

  it('pins the count', async () => {
    const five = await run(5);
    const fifty = await run(50);
    expect(fifty).toBe(five);
    // One planned statement reads the claim and everything below it; revisions have no SQL plan, so their
    // resolver reads them, one batch for every statement of the page.
    expect(five).toBe(2);
  });
});

it('caps nodes(ids) at 100 IDs', async () => {
  const many = Array.from({ length: 101 }, () => targetId);
  const { errors } = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: many });
  expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  const { data, errors: ok } = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: many.slice(1) });
  expect(ok).toBeUndefined();
  expect(data.nodes).toHaveLength(100);
});
