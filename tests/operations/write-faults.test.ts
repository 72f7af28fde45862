import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { createApp, listen, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createApiKey } from '../../src/modules/auth/auth.service';
import { Role } from '../../src/modules/auth/role';
import { silentLogger } from '../../src/shared/logger';
import { adminQuery } from '../helpers/database';
import { createCluster, type Cluster } from '../helpers/pg-cluster';
import { freePort } from '../helpers/ports';

// Honest write outcomes under a database crash: PostgreSQL is killed (`pg_ctl -m immediate`) in the middle of a
// write load and started again. Every acknowledged write must be there exactly once, every write reported as
// failed (and not flagged "outcome unknown") must be absent, a retry with the same Idempotency-Key must never
// duplicate, and the service must recover without a restart.

const WRITERS = 8;

let cluster: Cluster;
let app: App;
let server: http.Server;
let base: string;
let key: string;
let speakerId: string;

beforeAll(async () => {
  cluster = createCluster(await freePort());
  await adminQuery(cluster.url(), 'create database fault');
  app = await createApp(
    {
      ...loadConfig({}),
      databaseUrl: cluster.url('fault'),
      seedDemoData: true,
      databaseConnectTimeoutMs: 1_000,
      rateLimits: { anonymous: 1_000_000, perKey: 1_000_000, windowSeconds: 60, prefix: 'unused' },
    },
    silentLogger,
  );
  server = await listen(app, 0, '127.0.0.1');
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  key = (await createApiKey(app.orm.em.fork(), 'fault-desk', Role.EDITOR)).key;
  const speakers = await post(`{ speakers(first: 1) { edges { node { id } } } }`);
  speakerId = speakers.body.data.speakers.edges[0].node.id;
}, 120_000);

afterAll(async () => {
  server?.close();
  await app?.stop();
  cluster?.destroy();
});

async function post(query: string, variables?: object, headers: Record<string, string> = {}) {
  const response = await fetch(base, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
}

const CREATE = `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id text } } }`;

interface Attempt {
  text: string;
  idempotencyKey: string;
  outcome: 'ACKNOWLEDGED' | 'FAILED' | 'UNKNOWN';
  id?: string;
  code?: string;
  status?: number;
}

async function write(text: string, idempotencyKey: string): Promise<Attempt> {
  const input = { text, kind: 'PARAPHRASE', speakerId, saidOn: { date: '2025-06-02' } };
  try {
    const { status, retryAfter, body } = await post(
      CREATE,
      { input },
      { authorization: `Bearer ${key}`, 'idempotency-key': idempotencyKey },
    );
    const id = body.data?.createStatement?.statement?.id;
    if (id && !body.errors) return { text, idempotencyKey, outcome: 'ACKNOWLEDGED', id, status };
    const error = body.errors?.[0]?.extensions ?? {};
    if (error.code === 'SERVICE_UNAVAILABLE') {
      expect(status).toBe(503);
      expect(retryAfter).toMatch(/^\d+$/);
    }
    return { text, idempotencyKey, outcome: error.outcome === 'UNKNOWN' ? 'UNKNOWN' : 'FAILED', code: error.code, status };
  } catch {
    // The HTTP exchange itself broke: the client cannot know.
    return { text, idempotencyKey, outcome: 'UNKNOWN', code: 'NETWORK' };
  }
}

async function countsByText(texts: string[]): Promise<Map<string, number>> {
  const client = new Client({ connectionString: cluster.url('fault') });
  await client.connect();
  try {
    const { rows } = await client.query('select text, count(*)::int as n from statement where text = any($1) group by text', [texts]);
    return new Map(rows.map((r) => [r.text as string, r.n as number]));
  } finally {
    await client.end();
  }
}

it('loses no acknowledged write, keeps no failed one, and never duplicates a retried one across a crash', async () => {
  const run = randomUUID().slice(0, 8);
  const attempts: Attempt[] = [];
  let stop = false;
  const writer = async (w: number) => {
    for (let n = 0; !stop; n++) attempts.push(await write(`Fault run ${run}, writer ${w}, write ${n}`, randomUUID()));
  };
  const load = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

  await sleep(2_000);
  cluster.stop('immediate');
  await sleep(1_500);
  cluster.start();
  await sleep(3_000);
  stop = true;
  await load;

  // Recovered without a restart of the service: reads and writes work again.
  const after = await post(`{ statements(first: 1) { totalCount } }`);
  expect(after.status).toBe(200);
  expect(after.body.data.statements.totalCount).toBeGreaterThan(0);

  const acknowledged = attempts.filter((a) => a.outcome === 'ACKNOWLEDGED');
  const failed = attempts.filter((a) => a.outcome === 'FAILED');
  const unknown = attempts.filter((a) => a.outcome === 'UNKNOWN');
  expect(acknowledged.length).toBeGreaterThan(20);
  expect(failed.length + unknown.length).toBeGreaterThan(0); // the crash really hit writes in flight
  // A database outage is "retry later", never a bug.
  expect(failed.filter((a) => a.code !== 'SERVICE_UNAVAILABLE')).toEqual([]);

  const before = await countsByText(attempts.map((a) => a.text));
  const lost = acknowledged.filter((a) => before.get(a.text) !== 1);
  const writtenThoughFailed = failed.filter((a) => before.has(a.text));
  expect(lost).toEqual([]);
  expect(writtenThoughFailed).toEqual([]);

  // Retry everything that did not get an answer, with the same key and input, until it lands.
  for (const attempt of [...failed, ...unknown]) {
    let retry = await write(attempt.text, attempt.idempotencyKey);
    for (let i = 0; retry.outcome !== 'ACKNOWLEDGED' && i < 20; i++) {
      await sleep(250);
      retry = await write(attempt.text, attempt.idempotencyKey);
    }
    expect(retry.outcome).toBe('ACKNOWLEDGED');
  }
  // And an acknowledged write retried by an impatient client changes nothing either.
  for (const attempt of acknowledged.slice(0, 10)) {
    const again = await write(attempt.text, attempt.idempotencyKey);
    expect(again.id).toBe(attempt.id);
  }

  const final = await countsByText(attempts.map((a) => a.text));
  const duplicates = attempts.filter((a) => final.get(a.text) !== 1);
  expect(duplicates).toEqual([]);

  const unknownThatLanded = unknown.filter((a) => before.has(a.text)).length;
  console.log(
    `write faults: ${attempts.length} writes, ${acknowledged.length} acknowledged, ${failed.length} failed ` +
      `(503 SERVICE_UNAVAILABLE), ${unknown.length} outcome unknown (${unknownThatLanded} of them had landed); ` +
      `acknowledged lost: ${lost.length}, failed but written: ${writtenThoughFailed.length}, ` +
      `duplicates after retries: ${duplicates.length}`,
  );
}, 120_000);

it('answers a compiled read like a resolved one while the database is down, and both once it is back', async () => {
  const compiled = `{ statements(first: 2) { totalCount edges { node { text speaker { name } } } } }`;
  // A speaker's aliases have no SQL form: this one goes through the resolvers.
  const resolved = `{ statements(first: 2) { totalCount edges { node { text speaker { name aliases { totalCount } } } } } }`;
  const outcome = (r: Awaited<ReturnType<typeof post>>) => ({
    status: r.status,
    retryAfter: r.retryAfter,
    data: r.body.data ?? null,
    codes: (r.body.errors ?? []).map((e: any) => e.extensions.code),
  });
  cluster.stop('fast');
  try {
    const down = [outcome(await post(compiled)), outcome(await post(resolved))];
    // The compiled statement fails, and the request is answered through the resolvers, which classify the failure
    // (SERVICE_UNAVAILABLE, 503, Retry-After) as every read does.
    expect(down[0]).toEqual(down[1]);
    expect(down[0].data).toBeNull();
    expect(down[0].codes.length).toBeGreaterThan(0);
  } finally {
    cluster.start();
  }
  await sleep(1_000);
  for (const query of [compiled, resolved]) {
    const up = await post(query);
    expect(up.status).toBe(200);
    expect(up.body.errors).toBeUndefined();
  }
});
