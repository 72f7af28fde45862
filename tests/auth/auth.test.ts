import { revokeApiKey } from '../../src/modules/auth/auth.service';
import { Role } from '../../src/modules/auth/role';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Reads are public; writes need a key whose role the mutation names next to its resolver.

let t: TestApp;
let keys: Record<Role, string>;
beforeAll(async () => {
  t = await createTestApp();
  keys = { READER: await t.key(Role.READER), EDITOR: await t.key(Role.EDITOR), ADMIN: await t.key(Role.ADMIN) };
});
afterAll(() => t.close());

const CREATE_TOPIC = `mutation($slug: String!) { createTopic(input: { slug: $slug, name: "Auth test" }) { topic { id slug } } }`;
let n = 0;
const createTopic = (key?: string) => t.gql(CREATE_TOPIC, { slug: `auth-test-${n++}` }, { key });

it('lets anyone read without a key', async () => {
  const { data, errors } = await t.gql(`{ statements(first: 1) { totalCount } }`);
  expect(errors).toBeUndefined();
  expect(data.statements.totalCount).toBeGreaterThan(0);
});

it.each([
  ['no key', undefined],
  ['a malformed key', 'not-a-key'],
  ['an unknown key', `ftk_${'a'.repeat(43)}`],
])('refuses a write with %s: UNAUTHENTICATED, nothing written', async (_case, key) => {
  const before = await t.count('topic');
  const { data, errors } = await createTopic(key);
  expect(errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  expect(data).toBeNull();
  expect(await t.count('topic')).toBe(before);
});

it('refuses a revoked key', async () => {
  const key = await t.key(Role.EDITOR, 'soon-revoked');
  expect((await createTopic(key)).errors).toBeUndefined();
  await revokeApiKey(t.app.orm.em.fork(), 'soon-revoked');
  expect((await createTopic(key)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});

it('refuses a READER key with FORBIDDEN', async () => {
  const before = await t.count('topic');
  const { errors } = await createTopic(keys.READER);
  expect(errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'EDITOR' });
  expect(await t.count('topic')).toBe(before);
});

it('accepts EDITOR and ADMIN keys, and records the key name as the author', async () => {
  for (const role of [Role.EDITOR, Role.ADMIN]) {
    const { data, errors } = await createTopic(keys[role]);
    expect(errors).toBeUndefined();
    const { data: history } = await t.gql(`query($id: ID!) { revisions(filter: { entityId: $id }) { edges { node { actor action } } } }`, {
      id: data.createTopic.topic.id,
    });
    expect(history.revisions.edges.map((e: any) => e.node)).toEqual([
      { actor: expect.stringMatching(new RegExp(`^${role.toLowerCase()}-`)), action: 'CREATE' },
    ]);
  }
});

it('keeps deleting statements to admins', async () => {
  const { data } = await t.gql(`{ statements(first: 1) { edges { node { id } } } }`);
  const id = data.statements.edges[0].node.id;
  const DELETE = `mutation($id: ID!) { deleteStatement(input: { id: $id }) { deletedId } }`;
  const denied = await t.gql(DELETE, { id }, { key: keys.EDITOR });
  expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'ADMIN' });
  const statements = await t.count('statement');
  const allowed = await t.gql(DELETE, { id }, { key: keys.ADMIN });
  expect(allowed.errors).toBeUndefined();
  expect(await t.count('statement')).toBe(statements - 1);
  expect((await t.gql(`query($id: ID!) { statement(id: $id) { id } }`, { id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
});
