import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { Config } from '../../src/config';
import { createTestApp, serveHttp, type TestApp } from '../helpers/test-app';

// Execution has a deadline and stops when nobody is waiting. To make "slow" real and repeatable, another
// connection holds a lock on the statement table, so the request's first SQL statement waits on it. The query
// takes several statements: a filtered list is left to its resolver by the read planner, and so is all below it.

const QUERY = `{ statements(first: 20) { edges { node { id speaker { name
  statements(first: 5, filter: { kind: QUOTE }) { edges { node { citations { excerpt source { title } } } } } } } } } }`;

async function started(overrides: Partial<Config>) {
  const t = await createTestApp(overrides);
  const http = await serveHttp(t.app);
  return { t, http, url: `${http.base}/graphql` };
}

/** Holds an exclusive lock on `statement` from another connection until released. */
async function lockStatements(t: TestApp): Promise<() => Promise<void>> {
  const client = new Client({ connectionString: t.app.databaseUrl });
  await client.connect();
  await client.query('begin');
  await client.query('lock table statement in access exclusive mode');
  return async () => {
    await client.query('rollback');
    await client.end();
  };
}

const post = (url: string, query: string, signal?: AbortSignal) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }), signal });

let app: Awaited<ReturnType<typeof started>>;
afterEach(async () => {
  await app?.http.close();
  await app?.t.close();
});

it('runs a normal request in full (the baseline: several SQL statements)', async () => {
  app = await started({});
  const sql = await app.t.countSql(async () => {
    const response = await post(app.url, QUERY);
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
  });
  expect(sql).toBeGreaterThanOrEqual(4);
});

it('stops resolving when the client disconnects: no SQL after the one that was running', async () => {
  app = await started({});
  const release = await lockStatements(app.t);
  const sql = await app.t.countSql(async () => {
    const request = post(app.url, QUERY, AbortSignal.timeout(300)).catch((e: unknown) => e);
    await sleep(600);
    await release();
    expect(String(await request)).toMatch(/TimeoutError|AbortError/);
    await sleep(300); // let the server finish what it had started
  });
  // The page query that was waiting on the lock ran; speakers, citations and sources were never asked for.
  expect(sql).toBe(1);
});

it('answers TIMEOUT for what was left when the execution deadline passes', async () => {
  app = await started({ executionTimeoutMs: 300 });
  const release = await lockStatements(app.t);
  const sql = await app.t.countSql(async () => {
    const request = post(app.url, QUERY);
    await sleep(600);
    await release();
    const body = (await (await request).json()) as { errors?: { extensions: { code: string } }[] };
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(new Set(body.errors!.map((e) => e.extensions.code))).toEqual(new Set(['TIMEOUT']));
  });
  expect(sql).toBe(1);
});

it('has PostgreSQL cancel a statement that runs past statement_timeout', async () => {
  app = await started({ statementTimeoutMs: 200 });
  const release = await lockStatements(app.t);
  try {
    const started = performance.now();
    const body = (await (await post(app.url, QUERY)).json()) as { errors?: { extensions: { code: string } }[] };
    expect(body.errors?.[0].extensions.code).toBe('TIMEOUT');
    expect(performance.now() - started).toBeLessThan(2_000);
  } finally {
    await release();
  }
});
