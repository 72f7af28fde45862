// npm run bench:pages -- [--size S|M|L] [--duration 10] [--connections 1] [--service-dir DIR]
//
// The public pages under load (issue 11): each page type of the demo record, then of a benchmark data set (M:
// 200,000 statements) at its heaviest (the claim with the most positions, the busiest speaker, the most cited
// source, a statement with counter-claims, the home page with and without a search). autocannon keeps
// `--connections` requests in flight for `--duration` seconds per page; prints requests/s, p50 and p99. One
// connection (the default) measures how long a page takes; more measure throughput, and queueing in latency.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { WORDS, existingDataset, generate, plan } from './lib/generate.mjs';
import { globalId, speakerType } from './lib/queries.mjs';
import { adminQuery, benchDatabaseUrl, freePort, startService, stopProcess } from './lib/procs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    size: { type: 'string', default: 'M' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1' },
    'service-dir': { type: 'string', default: ROOT },
  },
});
const size = opts.size.toUpperCase();
plan(size);
const SERVICE_DIR = path.resolve(opts['service-dir']);

async function ensureDatabase(name) {
  const { rows } = await adminQuery(`select 1 from pg_database where datname = '${name}'`);
  if (!rows.length) await adminQuery(`create database "${name}"`);
}

/** Loads each page under load; one row per page. */
async function measure(label, port, pages) {
  for (const [name, pagePath] of pages) {
    const check = await fetch(`http://127.0.0.1:${port}${pagePath}`);
    if (check.status !== 200) throw new Error(`${name}: ${pagePath} answered ${check.status}`);
    const bytes = (await check.arrayBuffer()).byteLength;
    const result = await autocannon({
      url: `http://127.0.0.1:${port}${pagePath}`,
      connections: Number(opts.connections),
      duration: Number(opts.duration),
    });
    if (result.non2xx) throw new Error(`${name}: ${result.non2xx} answers were not 200`);
    console.log(
      `| ${label.padEnd(5)} | ${name.padEnd(44)} | ${String(Math.round(bytes / 1024)).padStart(5)} KB | ${String(Math.round(result.requests.average)).padStart(6)} | ${String(result.latency.p50).padStart(5)} | ${String(result.latency.p99).padStart(5)} |`,
    );
  }
}

async function run(label, databaseUrl, pickPages) {
  const port = await freePort();
  const service = await startService(SERVICE_DIR, databaseUrl, port, { timeoutMs: 1_800_000 });
  try {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await measure(label, port, await pickPages(db));
    } finally {
      await db.end();
    }
  } finally {
    await stopProcess(service);
  }
}

const one = async (db, sql) => (await db.query(sql)).rows[0];
const BUSIEST_SPEAKER = `select s.speaker_id as id, sp.kind from statement s join speaker sp on sp.id = s.speaker_id
  group by 1, 2 order by count(*) desc, 1 limit 1`;

/** Each kind of page at its heaviest in this database, and a search for a word of its statements. */
async function heaviestPages(db) {
  const claim = await one(db, `select claim_id as id from position group by 1 order by count(*) desc, 1 limit 1`);
  const speaker = await one(db, BUSIEST_SPEAKER);
  const source = await one(db, `select source_id as id from citation group by 1 order by count(*) desc, 1 limit 1`);
  const statement = await one(db, `select from_id as id from statement_relation group by 1 order by count(*) desc, 1 limit 1`);
  const word = WORDS[0]; // "ceasefire": in the demo record, and in 18% of a data set's statements
  return [
    ['home: latest disputes', '/'],
    [`home: search "${word}"`, `/?q=${word}`],
    ['claim with the most positions', `/claims/${encodeURIComponent(globalId('Claim', claim.id))}`],
    ['statement with the most links', `/statements/${encodeURIComponent(globalId('Statement', statement.id))}`],
    ['speaker with the most statements', `/speakers/${encodeURIComponent(globalId(speakerType(speaker.kind), speaker.id))}`],
    ['source with the most citations', `/sources/${encodeURIComponent(globalId('Source', source.id))}`],
  ];
}

async function main() {
  console.log(`| data  | page                                         |      size |  req/s |   p50 |   p99 |`);
  console.log(`| ----- | -------------------------------------------- | --------: | -----: | ----: | ----: |`);

  // The demo record, loaded by the service's own command.
  await adminQuery('drop database if exists fact_tracker_bench_demo with (force)');
  await adminQuery('create database fact_tracker_bench_demo');
  const demo = benchDatabaseUrl('fact_tracker_bench_demo');
  execFileSync(process.execPath, ['dist/src/cli/seed.js'], {
    cwd: SERVICE_DIR,
    env: { ...process.env, DATABASE_URL: demo, LOG_LEVEL: 'warn' },
  });
  await run('demo', demo, heaviestPages);

  // A benchmark data set, generated the first time (as `npm run bench` does).
  const name = `fact_tracker_bench_${size}`;
  await ensureDatabase(name);
  const databaseUrl = benchDatabaseUrl(name);
  await run(size, databaseUrl, async (db) => {
    if (!(await existingDataset(db, size))) await generate(db, size, () => {});
    return heaviestPages(db);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
