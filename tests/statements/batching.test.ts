import { encodeId } from '../../src/shared/global-id';
import { createDebate } from '../factories/statements';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Every relation a resolver follows is batched: the number of SQL statements of a deep query is fixed, whatever
// the page size. Losing a batch (an N+1) changes these numbers and fails the build.

let t: TestApp;
let speakerIds: string[];
let claimId: string;
beforeAll(async () => {
  t = await createTestApp();
  ({ speakerIds, claimId } = await createDebate(t.app.orm, { statements: 60, date: '2024-03-01', speakerName: 'Batch' }));
});
afterAll(() => t.close());

const DEEP_QUERY = `query Deep($first: Int!, $speakers: [ID!]) {
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

async function deepQuery(first: number) {
  let result: any;
  const count = await t.countSql(async () => {
    result = await t.gql(DEEP_QUERY, { first, speakers: speakerIds.map((id) => encodeId('Person', id)) });
  });
  expect(result.errors).toBeUndefined();
  expect(result.data.statements.edges).toHaveLength(first);
  return { count, result };
}

it('answers the deep statements query with a fixed number of SQL statements', async () => {
  const { count, result } = await deepQuery(20);
  const first = result.data.statements.edges[0].node;
  expect(first.citations[0].source.publisher.name).toMatch(/Test Gazette/);
  expect(first.positions.edges[0].node.claim.text).toBe('Synthetic claim under debate');
  expect(first.counterClaims.edges.length).toBeGreaterThan(0);
  // 30 statements on the other side of the claim, of which a page of 20
  expect(first.counterClaims).toMatchObject({ totalCount: 30, edges: expect.any(Array) });
  expect(first.counterClaims.edges).toHaveLength(20);
  // every field has an SQL form, so the whole answer (the page, its count, speakers, affiliations, citations,
  // sources, publishers, positions, claims, counter-claims with their speakers and count) is one statement
  expect(count).toBe(1);
});

it('uses the same number of SQL statements for 5 and for 50 statements', async () => {
  const five = await deepQuery(5);
  const fifty = await deepQuery(50);
  expect([five.count, fifty.count]).toEqual([1, 1]);
});

it('batches nested connections: each speaker’s newest statements in one statement', async () => {
  const query = `query($ids: [ID!]!, $per: Int!) {
    nodes(ids: $ids) { ... on Speaker { name statements(first: $per) { totalCount edges { node { text speaker { name } } } } } }
  }`;
  const ids = speakerIds.map((id) => encodeId('Person', id));
  let result: any;
  const count = await t.countSql(async () => {
    result = await t.gql(query, { ids, per: 3 });
  });
  expect(result.errors).toBeUndefined();
  for (const speaker of result.data.nodes) {
    expect(speaker.statements.totalCount).toBe(30);
    expect(speaker.statements.edges).toHaveLength(3);
    expect(speaker.statements.edges.every((e: any) => e.node.speaker.name === speaker.name)).toBe(true);
  }
  // the two speakers, their statement pages, their counts (the statements' speakers are already loaded)
  expect(count).toBe(3);
});

it("answers a claim's positions with their statements' counter-claims in a fixed number of SQL statements", async () => {
  const query = `query($id: ID!, $first: Int!) {
    claim(id: $id) {
      positions(first: $first) {
        totalCount
        edges { node { stance statement { text counterClaims(first: 5) { totalCount edges { node { text } } } } } }
      }
    }
  }`;
  const counts: number[] = [];
  for (const first of [5, 20, 50]) {
    let result: any;
    counts.push(
      await t.countSql(async () => {
        result = await t.gql(query, { id: encodeId('Claim', claimId), first });
      }),
    );
    expect(result.errors).toBeUndefined();
    const positions = result.data.claim.positions;
    expect(positions.totalCount).toBe(60);
    expect(positions.edges).toHaveLength(first);
    for (const { node } of positions.edges) {
      expect(node.statement.counterClaims.totalCount).toBe(30);
      expect(node.statement.counterClaims.edges).toHaveLength(5);
    }
  }
  // the claim with its positions, their count, their statements and those statements' counter-claims and counts
  expect(counts).toEqual([1, 1, 1]);
});

it('reads a statement with its counter-claims and their speakers in one SQL statement', async () => {
  const [{ id }] = await t.app.orm.em
    .fork()
    .execute<{ id: string }[]>(`select s.id from statement s join speaker sp on sp.id = s.speaker_id where sp.name = 'Batch A' limit 1`);
  const query = `query($id: ID!) { statement(id: $id) { counterClaims(first: 5) { edges { node { text speaker { name } } } } } }`;
  let result: any;
  const count = await t.countSql(async () => {
    result = await t.gql(query, { id: encodeId('Statement', id) });
  });
  expect(result.errors).toBeUndefined();
  const edges = result.data.statement.counterClaims.edges;
  expect(edges).toHaveLength(5);
  expect(edges.every((e: any) => e.node.speaker.name === 'Batch B')).toBe(true);
  // the statement with its counter-claims and their speakers
  expect(count).toBe(1);
});
