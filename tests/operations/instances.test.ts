import { randomUUID } from 'node:crypto';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { Role } from '../../src/modules/auth/role';
import { silentLogger } from '../../src/shared/logger';
import { createTestApp, serveHttp, type TestApp } from '../helpers/test-app';

// Two instances of the service on one database, as behind a load balancer: whatever one hands a client (an API
// key, an ID, a cursor, an idempotency key) means the same on the other, and a write through one is read through
// the other. (One rate-limit budget for both, through Redis: tests/api/rate-limit.test.ts.)

let t: TestApp;
let second: App;
let a: { base: string; close(): Promise<void> };
let b: { base: string; close(): Promise<void> };
let key: string;

beforeAll(async () => {
  t = await createTestApp();
  second = await createApp(
    { ...loadConfig({ RATE_LIMIT_ANONYMOUS: '1000000', RATE_LIMIT_KEY: '1000000' }), databaseUrl: t.app.databaseUrl, seedDemoData: false },
    silentLogger,
  );
  [a, b] = [await serveHttp(t.app), await serveHttp(second)];
  key = await t.key(Role.EDITOR);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await second?.stop();
  await t?.close();
});

async function post(base: string, query: string, variables?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

const CREATE = `mutation($input: CreateTopicInput!) { createTopic(input: $input) { topic { id slug } } }`;

it('reads through one instance what was written through the other, with a key made by either', async () => {
  const created = await post(
    a.base,
    CREATE,
    { input: { slug: 'two-instances', name: 'Two instances' } },
    { authorization: `Bearer ${key}` },
  );
  expect(created.errors).toBeUndefined();
  const read = await post(b.base, `query($id: ID!) { node(id: $id) { ... on Topic { slug name } } }`, {
    id: created.data.createTopic.topic.id,
  });
  expect(read).toEqual({ data: { node: { slug: 'two-instances', name: 'Two instances' } } });
});

it('continues a page from the other instance’s cursor', async () => {
  const page = `query($after: String) { statements(first: 5, after: $after) { pageInfo { endCursor } edges { node { id } } } }`;
  const first = await post(a.base, page);
  const fromA = await post(a.base, page, { after: first.data.statements.pageInfo.endCursor });
  const fromB = await post(b.base, page, { after: first.data.statements.pageInfo.endCursor });
  expect(fromB).toEqual(fromA);
  expect(fromB.data.statements.edges).toHaveLength(5);
});

it('answers a retry sent to the other instance with the first answer, writing once', async () => {
  const headers = { authorization: `Bearer ${key}`, 'idempotency-key': randomUUID() };
  const input = { input: { slug: 'sent-twice', name: 'Sent twice' } };
  const first = await post(a.base, CREATE, input, headers);
  const retry = await post(b.base, CREATE, input, headers);
  expect(retry).toEqual(first);
  const { topics } = await t.data(`{ topics(first: 100) { edges { node { slug } } } }`);
  expect(topics.edges.filter((e: any) => e.node.slug === 'sent-twice')).toHaveLength(1);
});
