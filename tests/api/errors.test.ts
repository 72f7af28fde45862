import { encodeId } from '../../src/shared/global-id';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Bad input gets a clear error with a code a program can act on; never an INTERNAL_SERVER_ERROR.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

it.each([
  ['an unknown statement ID', `{ statement(id: "${encodeId('Statement', UNKNOWN)}") { id } }`, 'NOT_FOUND'],
  ['an unknown node ID', `{ node(id: "${encodeId('Claim', UNKNOWN)}") { id } }`, 'NOT_FOUND'],
  ['an unknown topic slug', `{ topic(slug: "no-such-topic") { id } }`, 'NOT_FOUND'],
  ['a malformed ID', `{ statement(id: "not-an-id") { id } }`, 'BAD_USER_INPUT'],
  ['an ID that is not a uuid inside', `{ node(id: "${Buffer.from('Statement:42').toString('base64')}") { id } }`, 'BAD_USER_INPUT'],
  ['an ID of another type', `{ claim(id: "${encodeId('Statement', UNKNOWN)}") { id } }`, 'BAD_USER_INPUT'],
  ['an ID of an unknown type', `{ node(id: "${encodeId('Spaceship', UNKNOWN)}") { id } }`, 'BAD_USER_INPUT'],
  ['a page size over the cap', `{ statements(first: 101) { totalCount } }`, 'BAD_USER_INPUT'],
  ['a negative page size', `{ statements(first: -1) { totalCount } }`, 'BAD_USER_INPUT'],
  ['first and last together', `{ statements(first: 1, last: 1) { totalCount } }`, 'BAD_USER_INPUT'],
  ['a forged cursor', `{ statements(after: "bm90IGEgY3Vyc29y") { totalCount } }`, 'BAD_USER_INPUT'],
  ['an impossible date', `{ statements(filter: { saidFrom: "2025-02-30" }) { totalCount } }`, 'BAD_USER_INPUT'],
  ['a date that is not a date', `{ statements(filter: { saidTo: "last week" }) { totalCount } }`, 'BAD_USER_INPUT'],
  ['a malformed ID in a filter', `{ statements(filter: { speakerIds: ["x"] }) { totalCount } }`, 'BAD_USER_INPUT'],
  [
    'a nested page size over the cap',
    `{ speakers(first: 1) { edges { node { statements(first: 500) { totalCount } } } } }`,
    'BAD_USER_INPUT',
  ],
  [
    'a cursor with a doctored value',
    `{ statements(after: "${Buffer.from(JSON.stringify(['s.said_on_start,s.id', 'zzz', UNKNOWN])).toString('base64url')}") { totalCount } }`,
    'BAD_USER_INPUT',
  ],
  ['a NUL in a text filter', `{ statements(filter: { text: "cease\\u0000fire" }) { totalCount } }`, 'BAD_USER_INPUT'],
  ['a NUL in a name filter', `{ speakers(filter: { name: "Med\\u0000insky" }) { totalCount } }`, 'BAD_USER_INPUT'],
  ['a NUL in a topic slug', `{ topic(slug: "cease\\u0000fire") { id } }`, 'BAD_USER_INPUT'],
  ['an unknown field', `{ statements { nope } }`, 'GRAPHQL_VALIDATION_FAILED'],
  ['a syntax error', `{ statements(`, 'GRAPHQL_PARSE_FAILED'],
])('%s gives %s', async (_case, query, code) => {
  const { errors } = await t.gql(query);
  expect(errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(errors![0].message).not.toMatch(/select|from "|internal/i);
});

it('names the offending argument and the cap', async () => {
  const { errors } = await t.gql(`{ statements(first: 1000) { totalCount } }`);
  expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', max: 100 });
});

it('answers nodes() with null and an error for unknown IDs, in order', async () => {
  const { data: page } = await t.gql(`{ statements(first: 1) { edges { node { id } } } }`);
  const known = page.statements.edges[0].node.id;
  const { data, errors } = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
    ids: [known, encodeId('Statement', UNKNOWN)],
  });
  expect(data.nodes).toEqual([{ id: known }, null]);
  expect(errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['nodes', 1], 'NOT_FOUND']]);
});
