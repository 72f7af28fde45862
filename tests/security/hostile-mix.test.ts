import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminQuery, withDatabase } from '../helpers/database';
import { example } from '../helpers/examples';
import { HOSTILE_SHAPES } from './hostile-queries';
import { freePort } from '../helpers/ports';

// The hostile shapes, sent over and over from several clients at once, next to journalists' ordinary queries,
// against the service running as its own process: it stays alive, its memory stays under the documented bound
// (README: Security and operations), and the ordinary queries keep being answered.

/** The bound the README documents for one instance under this mix. */
const RSS_BOUND_MB = 512;
const DURATION_MS = 12_000;
const MAIN = path.resolve(__dirname, '../../dist/src/main.js');

let child: ChildProcess;
let base: string;
let database: string;

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(field))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error('dist/src/main.js is missing: `npm test` builds it first (pretest).');
  const serverUrl = process.env.TEST_SERVER_URL!;
  database = `${process.env.TEST_TEMPLATE_DATABASE!.replace(/_template$/, '')}_${randomUUID().slice(0, 8)}`;
  await adminQuery(serverUrl, `create database "${database}" template "${process.env.TEST_TEMPLATE_DATABASE}"`);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: withDatabase(serverUrl, database),
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SEED_DEMO_DATA: 'false',
      RATE_LIMIT_ANONYMOUS: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode}`);
    if (
      await fetch(`${base}/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(100);
  }
  throw new Error('the service did not become ready in 30 s');
}, 60_000);

afterAll(async () => {
  child?.kill('SIGTERM');
  await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  await adminQuery(process.env.TEST_SERVER_URL!, `drop database if exists "${database}" with (force)`);
});

const post = (query: string, variables?: unknown, signal?: AbortSignal) =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal,
  });

/** Allowed, but as heavy as the limits let through: 100 statements with 100 counter-claims each. */
const HEAVY_ALLOWED = `{ statements(first: 100) { edges { node { id text speaker { name } counterClaims(first: 100) { totalCount edges { node { id text } } } } } } }`;
/** The 144-byte query that once took 4 GB: its lists are now pages of 20. */
const POSITIONS_DEFAULT_PAGES = `{ claims(first: 1) { edges { node { positions { edges { node { statement { counterClaims { edges { node { counterClaims { totalCount } } } } } } } } } } } }`;

it('stays alive and within its memory bound under hostile queries, and keeps answering ordinary ones', async () => {
  const pid = child.pid!;
  const startRss = rssMb(pid, 'VmRSS');
  const deadline = Date.now() + DURATION_MS;
  const counts = { hostile: 0, refused: 0, heavy: 0, normal: 0, normalFailed: 0, disconnected: 0 };
  const normalLatencies: number[] = [];

  const attacker = async (offset: number) => {
    for (let i = offset; Date.now() < deadline; i++) {
      const shape = HOSTILE_SHAPES[i % HOSTILE_SHAPES.length];
      const response = await post(shape.query, shape.variables);
      counts.hostile++;
      if (response.status === 400) counts.refused++;
      await response.arrayBuffer();
    }
  };
  const heavy = async (query: string) => {
    while (Date.now() < deadline) {
      const response = await post(query);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      counts.heavy++;
    }
  };
  // Clients that hang up mid-answer: their executions must stop, not pile up.
  const quitter = async () => {
    while (Date.now() < deadline) {
      await post(HEAVY_ALLOWED, undefined, AbortSignal.timeout(10)).then(
        (r) => r.arrayBuffer(),
        () => undefined,
      );
      counts.disconnected++;
      await sleep(20);
    }
  };
  const journalist = async () => {
    const query = example('EverythingMedinskySaid');
    while (Date.now() < deadline) {
      const started = performance.now();
      const response = await post(query);
      const body = (await response.json()) as { errors?: unknown };
      normalLatencies.push(performance.now() - started);
      counts.normal++;
      if (response.status !== 200 || body.errors) counts.normalFailed++;
      await sleep(50);
    }
  };
  let peakSampled = startRss;
  const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, rssMb(pid, 'VmRSS'))), 100);
  try {
    await Promise.all([
      attacker(0),
      attacker(3),
      attacker(7),
      heavy(HEAVY_ALLOWED),
      heavy(POSITIONS_DEFAULT_PAGES),
      quitter(),
      journalist(),
      journalist(),
    ]);
  } finally {
    clearInterval(sampler);
  }

  expect(child.exitCode).toBeNull();
  const health = await fetch(`${base}/health`);
  expect(health.status).toBe(200);
  const peak = Math.max(peakSampled, rssMb(pid, 'VmHWM'));
  normalLatencies.sort((a, b) => a - b);
  const p = (q: number) => normalLatencies[Math.min(normalLatencies.length - 1, Math.floor(q * normalLatencies.length))].toFixed(0);
  console.log(
    `hostile mix for ${DURATION_MS / 1000} s: ${counts.hostile} hostile requests (${counts.refused} refused with 400), ` +
      `${counts.heavy} heavy allowed, ${counts.disconnected} abandoned, ${counts.normal} ordinary ` +
      `(${counts.normalFailed} failed; p50 ${p(0.5)} ms, p99 ${p(0.99)} ms); RSS ${startRss.toFixed(0)} MB at start, ` +
      `peak ${peak.toFixed(0)} MB (bound ${RSS_BOUND_MB} MB)`,
  );
  expect(counts.refused).toBe(counts.hostile);
  expect(counts.normal).toBeGreaterThan(10);
  expect(counts.normalFailed).toBe(0);
  expect(peak).toBeLessThan(RSS_BOUND_MB);
}, 60_000);
