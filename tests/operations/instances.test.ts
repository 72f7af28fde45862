import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createApiKey } from '../../src/modules/auth/auth.service';
import { Role } from '../../src/modules/auth/role';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Two service processes (the production build, `node dist/src/main.js`) on one database, as behind a load
// balancer: whatever one hands a client (an API key, an ID, a cursor, an idempotency key) means the same on the
// other, a write through one is read through the other, and both spend one rate-limit budget through Redis.

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

let t: TestApp;
const processes: ChildProcess[] = [];
let a: { base: string };
let b: { base: string };
let key: string;

/** Starts an instance on a free port; resolves with its address once it says it is ready. */
function startInstance(databaseUrl: string, prefix: string): Promise<{ base: string }> {
  const child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'dist', 'src', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      REDIS_URL,
      RATE_LIMIT_PREFIX: prefix,
      RATE_LIMIT_ANONYMOUS: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  processes.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const ready = /playground at http:\/\/localhost:(\d+)\//.exec(output);
      if (ready) resolve({ base: `http://127.0.0.1:${ready[1]}` });
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}: ${output}`)));
  });
}

beforeAll(async () => {
  t = await createTestApp();
  const prefix = `instances-${randomUUID().slice(0, 8)}`;
  [a, b] = await Promise.all([startInstance(t.app.databaseUrl, prefix), startInstance(t.app.databaseUrl, prefix)]);
  key = await t.key(Role.EDITOR);
});
afterAll(async () => {
  await Promise.all(
    processes.map(
      (child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM')))),
    ),
  );
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

it('spends one rate-limit budget on both instances, through Redis', async () => {
  const { key: limited } = await createApiKey(t.app.orm.em.fork(), `limited-${randomUUID().slice(0, 8)}`, Role.READER, { rateLimit: 4 });
  const statuses: number[] = [];
  for (const base of [a.base, b.base, a.base, b.base, a.base, b.base]) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${limited}` },
      body: JSON.stringify({ query: '{ statements(first: 1) { totalCount } }' }),
    });
    statuses.push(response.status);
  }
  expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
});
