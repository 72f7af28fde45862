import { Role } from '../../src/modules/auth/role';
import { createTestApp, type TestApp } from '../helpers/test-app';

// A deployment that closes reads (READS_REQUIRE_KEY=true): queries need a key; introspection stays open.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ readsRequireKey: true });
});
afterAll(() => t.close());

it('refuses a query without a key, and with a bad one', async () => {
  expect((await t.gql(`{ statements { totalCount } }`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect((await t.gql(`{ statements { totalCount } }`, {}, { key: 'nope' })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});

it('answers a READER key', async () => {
  const { data, errors } = await t.gql(`{ statements { totalCount } }`, {}, { key: await t.key(Role.READER) });
  expect(errors).toBeUndefined();
  expect(data.statements.totalCount).toBeGreaterThan(20);
});

it('keeps introspection open for the playground docs', async () => {
  const { data, errors } = await t.gql(`{ __schema { queryType { name } } }`);
  expect(errors).toBeUndefined();
  expect(data.__schema.queryType.name).toBe('Query');
});
