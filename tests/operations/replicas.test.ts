import type http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { createApp, listen, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createApiKey } from '../../src/modules/auth/auth.service';
import { Role } from '../../src/modules/auth/role';
import { silentLogger } from '../../src/shared/logger';
import { adminQuery } from '../helpers/database';
import { createCluster, createStandby, type Cluster } from '../helpers/pg-cluster';
import { freePort } from '../helpers/ports';

// Read replicas against a real streaming standby: a primary cluster of this test's own and a standby made from it
// with pg_basebackup. The servers' own statistics (pg_stat_database) say where each request ran.

const CHECK_MS = 200;
/** Per-statement counts on both servers, read at once (pg_stat_database's counts reach its view a second or more later). */
const STATISTICS = ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'];
const MAX_LAG_MS = 500;

let primary: Cluster;
let standby: Cluster;
let app: App;
let server: http.Server;
let base: string;
let key: string;

const post = async (query: string, variables?: Record<string, unknown>, authorization?: string) => {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization: `Bearer ${authorization}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
};

/**
 * Statements a server has run in the test's database, by its own pg_stat_statements (counted as each one ends;
 * a standby counts only what it runs, not what it replays). The replica checks' own statement is left out.
 */
async function statements(cluster: Cluster): Promise<number> {
  const client = new Client({ connectionString: cluster.url('postgres') });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select coalesce(sum(calls), 0) as n from pg_stat_statements s join pg_database d on d.oid = s.dbid
       where d.datname = 'replicated' and s.query not like '%pg_last_wal_receive_lsn%'`,
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

const replicaState = async () => ((await (await fetch(`${base}/ready`)).json()) as any).databases[1];

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await condition()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  const primaryPort = await freePort();
  primary = createCluster(primaryPort, STATISTICS);
  await adminQuery(primary.url(), 'create database replicated');
  await adminQuery(primary.url(), 'create extension pg_stat_statements');
  standby = createStandby(primaryPort, await freePort(), STATISTICS);
  app = await createApp(
    {
      ...loadConfig({}),
      databaseUrl: primary.url('replicated'),
      replicaUrls: [standby.url('replicated')],
      replicaCheckIntervalMs: CHECK_MS,
      replicaMaxLagMs: MAX_LAG_MS,
      seedDemoData: true,
      rateLimits: { anonymous: 1_000_000, perKey: 1_000_000, windowSeconds: 60, prefix: 'unused' },
    },
    silentLogger,
  );
  server = await listen(app, 0, '127.0.0.1');
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  key = (await createApiKey(app.orm.em.fork(), 'replica-desk', Role.EDITOR)).key;
  await until(async () => (await replicaState()).state === 'ok', 'the standby to catch up');
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await app?.stop();
  standby?.destroy();
  primary?.destroy();
});

const READ = `{ statements(first: 5, filter: { speakerName: "Medinsky" }) { totalCount edges { node { text } } } }`;

it('reads on the standby and writes on the primary, and a mutation reads what it wrote', async () => {
  expect(await replicaState()).toMatchObject({ role: 'replica', state: 'ok', lagMs: 0 });
  const [primaryBefore, standbyBefore] = [await statements(primary), await statements(standby)];
  for (let i = 0; i < 30; i++) expect((await post(READ)).data.statements.totalCount).toBe(2);
  for (let i = 0; i < 5; i++)
    expect(
      await (
        await fetch(
          `${base}/speakers/${encodeURIComponent((await post(`{ speakers(first: 1) { edges { node { id } } } }`)).data.speakers.edges[0].node.id)}`,
        )
      ).status,
    ).toBe(200);
  const [primaryReads, standbyReads] = [(await statements(primary)) - primaryBefore, (await statements(standby)) - standbyBefore];
  // 30 queries and 5 pages (and their lookups) on the standby; on the primary, at most the health checks' share.
  expect(standbyReads).toBeGreaterThanOrEqual(40);
  expect(primaryReads).toBeLessThan(10);

  const primaryBeforeWrite = await statements(primary);
  const created = await post(
    `mutation { createTopic(input: { slug: "replicated", name: "Replicated" }) { topic { slug name } } }`,
    undefined,
    key,
  );
  // The answer is read in the mutation's own transaction, on the primary.
  expect(created).toEqual({ data: { createTopic: { topic: { slug: 'replicated', name: 'Replicated' } } } });
  expect((await statements(primary)) - primaryBeforeWrite).toBeGreaterThanOrEqual(1);
});

it('keeps reading, on the primary, while the standby is down, and goes back to it when it is up', async () => {
  standby.stop('immediate');
  await until(async () => (await replicaState()).state === 'down', 'the standby to be seen down');
  const before = await statements(primary);
  for (let i = 0; i < 10; i++) expect(await post(READ)).toMatchObject({ data: { statements: { totalCount: 2 } } });
  expect((await statements(primary)) - before).toBeGreaterThanOrEqual(10);
  const ready = await fetch(`${base}/ready`);
  expect(ready.status).toBe(200);

  standby.start();
  await until(async () => (await replicaState()).state === 'ok', 'the standby to be back');
  const standbyBefore = await statements(standby);
  for (let i = 0; i < 10; i++) await post(READ);
  expect((await statements(standby)) - standbyBefore).toBeGreaterThanOrEqual(10);
});

it('skips a standby that lags behind, so a write is seen at once, and uses it again once it caught up', async () => {
  const standbyClient = new Client({ connectionString: standby.url('postgres') });
  await standbyClient.connect();
  try {
    await standbyClient.query('select pg_wal_replay_pause()');
    const written = await post(
      `mutation { createTopic(input: { slug: "while-paused", name: "While paused" }) { topic { slug } } }`,
      undefined,
      key,
    );
    expect(written.errors).toBeUndefined();
    await sleep(MAX_LAG_MS + 3 * CHECK_MS);
    await until(async () => (await replicaState()).state === 'lagging', 'the standby to be seen lagging');
    // Served by the primary: the topic the paused standby has not replayed is there.
    expect(await post(`{ topic(slug: "while-paused") { name } }`)).toEqual({ data: { topic: { name: 'While paused' } } });
    await standbyClient.query('select pg_wal_replay_resume()');
    await until(async () => (await replicaState()).state === 'ok', 'the standby to catch up');
    expect(await post(`{ topic(slug: "while-paused") { name } }`)).toEqual({ data: { topic: { name: 'While paused' } } });
  } finally {
    await standbyClient.end();
  }
});
