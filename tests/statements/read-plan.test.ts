import { encodeId } from '../../src/shared/global-id';
import { createDebate } from '../factories/statements';
import { createTestApp, type TestApp } from '../helpers/test-app';

// A query whose every field has an SQL form is answered by one compiled statement (src/shared/response-sql.ts);
// otherwise the read planner compiles each root field's relations (src/shared/read-plan.ts). `node(id)` is neither,
// so its fields resolve one by one through the DataLoaders. The same selection must answer the same all three
// ways, for every relation and field the compilers know, with page arguments, aliases, fragments and directives.

let t: TestApp;
let debate: { speakerIds: string[]; claimId: string };
beforeAll(async () => {
  t = await createTestApp();
  debate = await createDebate(t.app.orm, { statements: 12, date: '2024-03-01', speakerName: 'Plan' });
});
afterAll(() => t.close());

const STATEMENT = `fragment F on Statement {
  id text kind language setting attributionStatus attributionNote createdAt updatedAt version saidOn { date precision }
  speaker { __typename id name aliases(first: 2) { edges { node } }
    ... on Person { affiliations(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { title startDate organization { id name } } } } }
    statements(first: 2) { totalCount edges { cursor node { id } } } }
  onBehalfOf { id name }
  event { id name startDate parent { name } children { totalCount edges { node { name } } } }
  citations { excerpt isPrimary source { id title url publishedOn publisher { name } } }
  topics { slug name parent { slug } }
  mentions { totalCount edges { node { name } } }
  positions { totalCount edges { cursor node { stance side claim { id text topics { slug } } speaker { name } statement { id } } } }
  counterClaims(first: 3) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id text speaker { name } } } }
  oldest: counterClaims(last: 2) { pageInfo { hasPreviousPage startCursor } edges { cursor node { id saidOn { date } } } }
  supportingStatements { totalCount edges { cursor node { id } } }
  responses { edges { node { id } } }
  respondsTo { edges { node { id } } }
  relations(kinds: [CONTRADICTS, SUPPORTS, CONTRADICTS]) { totalCount edges { cursor node { kind note status from { id } to { id } source { title } } } }
  outgoing: relations(direction: OUTGOING) { totalCount }
}`;

const CLAIM = `fragment F on Claim {
  id text createdAt
  positions(first: 4) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { stance statement { id counterClaims(first: 2) { totalCount edges { node { id } } } } } } }
  supporters { totalCount edges { cursor node { id name } } }
  opponents(first: 2) { totalCount edges { cursor node { id name } } }
  reviews { totalCount edges { node { rating ratingLabel reviewer { name } claim { id } } } }
  topics { slug }
}`;

const SPEAKER = `fragment F on Speaker {
  id name kind
  ... on Person { affiliations { totalCount edges { node { title organization { name statements(first: 1) { edges { node { id } } } } } } } }
  statements(first: 4) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id text event { name } } } }
}`;

const SOURCE = `fragment F on Source { id title url kind publishedOn publisher { id name ... on Organization { statements(first: 2) { totalCount } } } }`;
const EVENT = `fragment F on Event { id name parent { id name } children(first: 5) { totalCount edges { cursor node { id name parent { id } } } } }`;

/**
 * Asks for the same fragment through the planned root field and through `node(id)`, and compares. `statements`:
 * how many SQL statements the planned answer may take (1 when the whole answer compiles).
 */
async function samePlannedAndResolved(root: string, type: string, fragment: string, id: string, statements?: number) {
  let planned: any;
  const count = await t.countSql(async () => {
    planned = await t.gql(`query($id: ID!) { x: ${root}(id: $id) { ...F } } ${fragment}`, { id });
  });
  if (statements !== undefined) expect(count).toBe(statements);
  const resolved = await t.gql(`query($id: ID!) { x: node(id: $id) { ... on ${type} { ...F } } } ${fragment}`, { id });
  expect(planned.errors).toBeUndefined();
  expect(resolved.errors).toBeUndefined();
  // In-process answers carry DateTime values as Date objects on the graphql-js path; on the wire both are text.
  const wire = (value: unknown) => JSON.parse(JSON.stringify(value));
  expect(wire(planned.data.x)).toEqual(wire(resolved.data.x));
  return planned.data.x;
}

async function idsOf(list: string, first = 100): Promise<string[]> {
  const { data, errors } = await t.gql(`{ ${list}(first: ${first}) { edges { node { id } } } }`);
  expect(errors).toBeUndefined();
  return data[list].edges.map((e: any) => e.node.id);
}

it('answers every statement the same, planned or resolved field by field', async () => {
  const ids = [
    ...(await idsOf('statements')),
    ...(
      await t.gql(`{ statements(first: 10, filter: { attributionStatus: [MISATTRIBUTED, RETRACTED] }) { edges { node { id } } } }`)
    ).data.statements.edges.map((e: any) => e.node.id),
  ];
  expect(ids.length).toBeGreaterThan(30);
  let withCounterClaims = 0;
  for (const id of ids) {
    // Aliases are an array column, with no SQL form: the planner path.
    const statement = await samePlannedAndResolved('statement', 'Statement', STATEMENT, id);
    if (statement.counterClaims.totalCount > 0) withCounterClaims++;
    // Without them, every field compiles: one statement.
    await samePlannedAndResolved('statement', 'Statement', STATEMENT.replace('aliases(first: 2) { edges { node } }', ''), id, 1);
  }
  expect(withCounterClaims).toBeGreaterThan(5);
});

it('answers every claim, speaker, source and event the same, planned or resolved', async () => {
  for (const id of await idsOf('claims')) await samePlannedAndResolved('claim', 'Claim', CLAIM, id, 1);
  const claim = await samePlannedAndResolved('claim', 'Claim', CLAIM, encodeId('Claim', debate.claimId), 1);
  expect(claim.positions.totalCount).toBe(12);
  for (const id of await idsOf('speakers')) await samePlannedAndResolved('speaker', 'Speaker', SPEAKER, id, 1);
  for (const id of await idsOf('sources')) await samePlannedAndResolved('source', 'Source', SOURCE, id, 1);
  for (const id of await idsOf('events')) await samePlannedAndResolved('event', 'Event', EVENT, id, 1);
});

it('pages nested connections with cursors the same way', async () => {
  const id = encodeId('Claim', debate.claimId);
  const page = (after: string | null) =>
    `query($id: ID!) { claim(id: $id) { positions(first: 5${after ? `, after: "${after}"` : ''}) { pageInfo { hasNextPage endCursor } edges { node { statement { id } } } } } }`;
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 4; i++) {
    const { data, errors }: { data?: any; errors?: unknown } = await t.gql(page(after), { id });
    expect(errors).toBeUndefined();
    seen.push(...data.claim.positions.edges.map((e: any) => e.node.statement.id));
    if (!data.claim.positions.pageInfo.hasNextPage) break;
    after = data.claim.positions.pageInfo.endCursor;
  }
  expect(seen).toHaveLength(12);
  expect(new Set(seen).size).toBe(12);
});

it('honours @include and @skip, and reports a bad nested cursor on its own field', async () => {
  const id = encodeId('Claim', debate.claimId);
  const query = `query($id: ID!, $with: Boolean!) { claim(id: $id) {
    positions @include(if: $with) { totalCount }
    supporters @skip(if: $with) { totalCount }
    opponents @skip(if: false) { totalCount }
  } }`;
  const { data, errors } = await t.gql(query, { id, with: true });
  expect(errors).toBeUndefined();
  expect(data.claim).toEqual({ positions: { totalCount: 12 }, opponents: { totalCount: 1 } });

  const bad = await t.gql(`query($id: ID!) { claim(id: $id) { opponents(after: "bm90IGEgY3Vyc29y") { totalCount } } }`, { id });
  expect(bad.errors).toHaveLength(1);
  expect(bad.errors![0]).toMatchObject({ path: ['claim', 'opponents'], extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
});

it('answers a speaker whose ID was merged away through the speaker it was merged into', async () => {
  const editor = await t.key('EDITOR' as never);
  const [keepId, goneId] = debate.speakerIds.map((id) => encodeId('Person', id));
  const merged = await t.gql(
    `mutation($keep: ID!, $gone: ID!) { mergeSpeakers(input: { keepId: $keep, mergeId: $gone }) { speaker { id } } }`,
    { keep: keepId, gone: goneId },
    { key: editor },
  );
  expect(merged.errors).toBeUndefined();
  const { data, errors } = await t.gql(`query($id: ID!) { speaker(id: $id) { id statements(first: 1) { totalCount } } }`, { id: goneId });
  expect(errors).toBeUndefined();
  expect(data.speaker).toEqual({ id: keepId, statements: { totalCount: 12 } });
});

it('answers a search the same compiled whole or resolved, page after page, in every order', async () => {
  const fallback = `aside: speakers(first: 1) { edges { node { aliases { totalCount } } } }`;
  const hit = `kind rank highlight node { __typename id ... on Statement { text saidOn { date } speaker { name } }
    ... on Claim { text } ... on Speaker { name } ... on Event { name } ... on Source { title publisher { name } } }`;
  for (const args of [
    `query: "Russia", first: 4`,
    `query: "ceasefire -truce", order: NEWEST, first: 3`,
    `query: "zelensky", kinds: [SPEAKER, STATEMENT], order: OLDEST, first: 5`,
    `query: "\\"unconditional ceasefire\\"", first: 2`,
  ]) {
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const selection = `search(${args}${after ? `, after: "${after}"` : ''}) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${hit} } } }`;
      let compiled: any;
      // The query's words are read first (searchTerms), then the whole answer in one statement.
      const statements = await t.countSql(async () => {
        compiled = await t.gql(`{ ${selection} }`);
      });
      const resolved = await t.gql(`{ ${selection} ${fallback} }`);
      expect(compiled.errors).toBeUndefined();
      expect(resolved.errors).toBeUndefined();
      expect(statements).toBe(2);
      expect(compiled.data.search.edges.length).toBeGreaterThan(0);
      expect(JSON.parse(JSON.stringify(compiled.data.search))).toEqual(JSON.parse(JSON.stringify(resolved.data.search)));
      after = compiled.data.search.pageInfo.endCursor;
      if (!compiled.data.search.pageInfo.hasNextPage) break;
    }
  }
});

it('answers root lists the same compiled whole or resolved through the planner, page after page, both ways', async () => {
  // A speaker's aliases have no SQL form: asked for alongside, they send the whole operation down the planner path.
  const fallback = `aside: speakers(first: 1) { edges { node { aliases { totalCount } } } }`;
  const lists = [
    [
      'statements',
      `(first: 7, orderBy: { field: CREATED_AT, direction: ASC }, filter: { kind: QUOTE })`,
      `text saidOn { date } speaker { name }`,
    ],
    ['statements', `(last: 6, filter: { saidFrom: "2025-05" })`, `text createdAt counterClaims(first: 2) { totalCount edges { cursor } }`],
    ['speakers', `(first: 5, filter: { kind: PERSON })`, `name ... on Person { affiliations { edges { node { title } } } }`],
    // Best match first, with how well each name matches.
    ['speakers', `(first: 2, filter: { name: "zelenskiy" })`, `name nameMatch`],
    ['speakers', `(first: 3, filter: { name: "Umerow" })`, `name nameMatch`],
    // Without filters a root page's SQL is built once per shape, its cursor values swapped in from the third page on.
    ['speakers', `(first: 2)`, `name`],
    ['statements', `(last: 3)`, `text`],
  ];
  for (const [root, args, fields] of lists) {
    let after: string | null = null;
    for (let page = 0; page < 4; page++) {
      const paged = after ? args.replace('(', `(after: "${after}", `).replace(/last: \d+/, 'first: 6') : args;
      const selection = `${root}${paged} { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id ${fields} } } }`;
      let compiledCount = 0;
      let compiled: any;
      compiledCount = await t.countSql(async () => {
        compiled = await t.gql(`{ ${selection} }`);
      });
      const resolved = await t.gql(`{ ${selection} ${fallback} }`);
      expect(compiled.errors).toBeUndefined();
      expect(resolved.errors).toBeUndefined();
      expect(compiledCount).toBe(1);
      expect(JSON.parse(JSON.stringify(compiled.data[root]))).toEqual(JSON.parse(JSON.stringify(resolved.data[root])));
      after = compiled.data[root].pageInfo.endCursor;
      if (!after) break;
    }
  }
});
