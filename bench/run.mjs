// npm run bench -- --size S|M|L --rounds 3 --duration 10 [--connections 10] [--warmup 3]
//
// Generates (once) a deterministic data set in its own database, starts the service's production build and the raw
// floor against it, checks that both return the same data, then measures Q1 and Q2 in interleaved closed-loop
// rounds and writes bench/results/<size>-<time>.json and .md. See bench/README.md.
import { writeFileSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { execFileSync } from 'node:child_process';
import autocannon from 'autocannon';
import pg from 'pg';
import { datasetCounts, existingDataset, generate, plan } from './lib/generate.mjs';
import { Q1_GRAPHQL, Q2_GRAPHQL, globalId, speakerCursor, speakerType } from './lib/queries.mjs';
import { backendCpuDelta, cpuMs, freePort, machineBusyMs, postgresBackends, rssMb, startProcess, stopProcess } from './lib/procs.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');

const { values: opts } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    sample: { type: 'string', default: '20' },
    seed: { type: 'string', default: '7' },
    regenerate: { type: 'boolean', default: false },
    'service-dir': { type: 'string', default: ROOT },
  },
});
const SERVICE_DIR = path.resolve(opts['service-dir']);
const size = opts.size.toUpperCase();
const rounds = Number(opts.rounds);
const duration = Number(opts.duration);
const connections = Number(opts.connections);
const warmup = Number(opts.warmup);
const sampleSize = Number(opts.sample);
plan(size); // refuses an unknown size

/** mulberry32: the benchmark's own seeded random numbers, so two runs ask for the same speakers in the same order. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const serverUrl = new URL(process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/');
const database = `fact_tracker_bench_${size}`;
const urlFor = (db) => Object.assign(new URL(serverUrl.href), { pathname: `/${db}` }).href;
const log = (message) => console.log(message);

const children = [];
async function cleanup() {
  await Promise.all(children.map((child) => stopProcess(child)));
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

async function main() {
  if (!existsSync(path.join(SERVICE_DIR, 'dist/src/main.js'))) throw new Error(`${SERVICE_DIR}/dist/src/main.js is missing: run \`npm run build\` there first`);
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
  if (!exists.rowCount) {
    log(`creating database ${database}`);
    await admin.query(`create database "${database}"`);
  }
  const pgVersion = (await admin.query('show server_version')).rows[0].server_version;

  // The service applies its own migrations when it starts, so the database has its tables before data goes in.
  const servicePort = await freePort();
  log(`starting the service (production build) on port ${servicePort}`);
  const service = await startProcess('service', process.execPath, ['dist/src/main.js'], {
    cwd: SERVICE_DIR,
    env: {
      DATABASE_URL: urlFor(database),
      SEED_DEMO_DATA: 'false',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(servicePort),
      HOST: '127.0.0.1',
      RATE_LIMIT_ANONYMOUS: '1000000000',
      REDIS_URL: '',
    },
    ready: /fact tracker ready/,
  });
  children.push(service);

  const db = new pg.Client({ connectionString: urlFor(database) });
  await db.connect();
  const existing = opts.regenerate ? undefined : await existingDataset(db, size);
  if (existing) log(`data set ${size} already there (generated ${existing.generated_at.toISOString()})`);
  else {
    log(`generating data set ${size}`);
    await generate(db, size, log);
  }
  const counts = await datasetCounts(db);
  log(
    `rows: ${Object.entries(counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  );
  const speakers = (await db.query('select id, kind, name from speaker order by id')).rows;
  // The check also covers the busiest speaker (the skewed end: thousands of statements, hot claims).
  const busiest = (
    await db.query(
      `select sp.id, sp.kind, sp.name from speaker sp
       join (select speaker_id, count(*) as n from statement group by speaker_id order by n desc limit 1) b on b.speaker_id = sp.id`,
    )
  ).rows;
  await db.end();

  const floorPort = await freePort();
  const floor = await startProcess('floor', process.execPath, ['floor.mjs'], {
    cwd: BENCH_DIR,
    env: { DATABASE_URL: urlFor(database), PORT: String(floorPort) },
    ready: /floor ready/,
  });
  children.push(floor);

  const random = prng(Number(opts.seed));
  const anySpeaker = () => speakers[Math.floor(random() * speakers.length)];
  const targets = {
    service: { pid: service.pid, url: `http://127.0.0.1:${servicePort}` },
    floor: { pid: floor.pid, url: `http://127.0.0.1:${floorPort}` },
  };
  const graphql = (query, variables) => ({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  /** For each query and target: the request for a speaker (Q1: whose statements; Q2: where the page starts). */
  const requests = {
    Q1: {
      service: (sp) => graphql(Q1_GRAPHQL, { speakers: [globalId(speakerType(sp.kind), sp.id)] }),
      floor: (sp) => ({ method: 'GET', path: `/q1?speaker=${sp.id}` }),
    },
    Q2: {
      service: (sp) => graphql(Q2_GRAPHQL, { after: speakerCursor(sp) }),
      floor: (sp) => ({ method: 'GET', path: `/q2?${new URLSearchParams({ name: sp.name, id: sp.id })}` }),
    },
  };

  // 1. Same data from both, for a sample of speakers
  const check = {};
  for (const query of Object.keys(requests)) {
    const bytes = { service: 0, floor: 0 };
    const sample = [...busiest, ...Array.from({ length: sampleSize }, () => anySpeaker())];
    for (const sp of sample) {
      const bodies = {};
      for (const target of Object.keys(targets)) {
        const req = requests[query][target](sp);
        const res = await fetch(targets[target].url + req.path, { method: req.method, headers: req.headers, body: req.body });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`${query} on ${target} answered ${res.status}: ${text.slice(0, 500)}`);
        const json = JSON.parse(text);
        if (json.errors) throw new Error(`${query} on ${target} answered errors: ${JSON.stringify(json.errors).slice(0, 500)}`);
        bytes[target] += Buffer.byteLength(text);
        bodies[target] = normalise(json);
      }
      const difference = firstDifference(bodies.service, bodies.floor, '');
      if (difference) {
        throw new Error(`${query} for speaker ${sp.id}: the service and the floor differ at ${difference}`);
      }
    }
    check[query] = {
      speakers: sample.length,
      equal: true,
      bytesPerResponse: { service: Math.round(bytes.service / sample.length), floor: Math.round(bytes.floor / sample.length) },
    };
    log(`check ${query}: service and floor return the same data for ${sample.length} speakers (the busiest and ${sampleSize} random)`);
  }

  // 2. Measurements: interleaved rounds, the target order alternating from round to round
  const stats = new pg.Client({ connectionString: urlFor('postgres') });
  await stats.connect();
  const readTransactions = async () => {
    await stats.query('select pg_stat_clear_snapshot()');
    const { rows } = await stats.query('select (xact_commit + xact_rollback)::bigint as n from pg_stat_database where datname = $1', [
      database,
    ]);
    return Number(rows[0].n);
  };
  // A backend publishes its counts when it goes idle, but at most once a second: one that published less than a
  // second before waits 10 s (PostgreSQL 15's PGSTAT_IDLE_INTERVAL). So after load, wait 10.5 s, then until the
  // number stops moving. Each read-only statement the targets send is its own transaction, so this counts them.
  let settled; // the last settled count, while nothing has run since
  const transactions = async () => {
    if (settled !== undefined) return settled;
    await sleep(10_500);
    let last = await readTransactions();
    for (let i = 0; i < 30; i++) {
      await sleep(700);
      const now = await readTransactions();
      if (now === last) break;
      last = now;
    }
    return (settled = last);
  };

  const load = (target, query, seconds) => {
    settled = undefined;
    return autocannon({
      url: targets[target].url,
      connections,
      duration: seconds,
      requests: [{ setupRequest: (req) => ({ ...req, ...requests[query][target](anySpeaker()) }) }],
    });
  };

  const measure = async (target, query, round) => {
    const pid = targets[target].pid;
    const before = {
      xacts: await transactions(),
      node: cpuMs(pid),
      pg: postgresBackends(database),
      busy: machineBusyMs(),
      self: process.cpuUsage(),
    };
    let rss = rssMb(pid);
    const sampler = setInterval(() => (rss = Math.max(rss, rssMb(pid))), 250);
    const result = await load(target, query, duration);
    clearInterval(sampler);
    const nodeMs = cpuMs(pid) - before.node;
    const pgMs = backendCpuDelta(before.pg, postgresBackends(database));
    const busyMs = machineBusyMs() - before.busy;
    const self = process.cpuUsage(before.self);
    const selfMs = (self.user + self.system) / 1000;
    const xacts = (await transactions()) - before.xacts; // read from the `postgres` database, so not counted here
    const n = result.requests.total;
    const row = {
      round,
      query,
      target,
      requests: n,
      seconds: result.duration,
      reqPerSec: n / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      sqlPerRequest: xacts / n,
      nodeCpuMsPerRequest: nodeMs / n,
      pgCpuMsPerRequest: pgMs / n,
      bytesPerResponse: result.throughput.total / n,
      rssMb: rss,
      loadGeneratorCpuMs: selfMs,
      otherCpuPercent: (100 * (busyMs - nodeMs - pgMs - selfMs)) / (result.duration * 1000),
    };
    log(
      `round ${round} ${query} ${target.padEnd(7)} ${row.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  ` +
        `${row.sqlPerRequest.toFixed(2)} SQL/req  node ${row.nodeCpuMsPerRequest.toFixed(2)} ms/req  pg ${row.pgCpuMsPerRequest.toFixed(2)} ms/req  ` +
        `other CPU ${row.otherCpuPercent.toFixed(0)}%${row.non2xx || row.errors ? `  NON-2XX ${row.non2xx} ERRORS ${row.errors}` : ''}`,
    );
    return row;
  };

  if (warmup > 0) {
    log(`warming up (${warmup} s per query and target)`);
    for (const query of Object.keys(requests)) for (const target of Object.keys(targets)) await load(target, query, warmup);
  }
  const rows = [];
  for (let round = 1; round <= rounds; round++) {
    for (const query of Object.keys(requests)) {
      const order = round % 2 ? ['service', 'floor'] : ['floor', 'service'];
      for (const target of order) rows.push(await measure(target, query, round));
    }
  }
  await stats.end();
  await admin.end();
  await cleanup();

  // 3. Report: medians over the rounds, ratios service / floor
  const summary = {};
  for (const query of Object.keys(requests)) {
    summary[query] = {};
    for (const target of Object.keys(targets)) {
      const mine = rows.filter((r) => r.query === query && r.target === target);
      summary[query][target] = Object.fromEntries(METRICS.map((m) => [m, median(mine.map((r) => r[m]))]));
    }
    summary[query].ratio = Object.fromEntries(METRICS.map((m) => [m, summary[query].service[m] / summary[query].floor[m]]));
  }
  const meta = {
    date: new Date().toISOString(),
    size,
    rows: counts,
    rounds,
    durationSeconds: duration,
    connections,
    warmupSeconds: warmup,
    seed: Number(opts.seed),
    node: process.version,
    postgresql: pgVersion,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    commit: gitCommit(),
  };
  const markdown = renderMarkdown(meta, check, summary, rows);
  console.log(`\n${markdown}`);
  mkdirSync(path.join(BENCH_DIR, 'results'), { recursive: true });
  const stamp = meta.date.replace(/[:.]/g, '-').slice(0, 19);
  const base = path.join(BENCH_DIR, 'results', `${size}-${stamp}`);
  writeFileSync(`${base}.json`, `${JSON.stringify({ meta, check, summary, rounds: rows }, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdown);
  log(`wrote ${path.relative(ROOT, base)}.json and .md`);
}

const METRICS = [
  'reqPerSec',
  'p50',
  'p99',
  'sqlPerRequest',
  'nodeCpuMsPerRequest',
  'pgCpuMsPerRequest',
  'bytesPerResponse',
  'rssMb',
  'otherCpuPercent',
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Global IDs decoded to "Type:uuid" and cursors to their JSON values, so the comparison is of meaning, not encoding. */
function normalise(value, key) {
  if (Array.isArray(value)) return value.map((v) => normalise(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, k)]));
  if (typeof value === 'string' && key === 'id') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return /^\w+:[0-9a-f-]{36}$/.test(decoded) ? decoded : value;
  }
  if (typeof value === 'string' && key === 'cursor') {
    try {
      return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    } catch {
      return value;
    }
  }
  return value;
}

/** The path of the first field where two responses differ (key order ignored), or undefined. */
function firstDifference(a, b, at) {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${at} (list on one side only)`;
    if (a.length !== b.length) return `${at} (${a.length} items against ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (!(k in a) || !(k in b)) return `${at}.${k} (on one side only)`;
      const d = firstDifference(a[k], b[k], `${at}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return a === b ? undefined : `${at} (${JSON.stringify(a)} against ${JSON.stringify(b)})`;
}

function gitCommit() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: SERVICE_DIR, encoding: 'utf8' }).trim();
    // the service runs what `npm run build` compiled from the working tree, which may hold uncommitted changes
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'migrations'], { cwd: SERVICE_DIR, encoding: 'utf8' }).trim();
    return dirty ? `${commit} with uncommitted changes in src/ or migrations/` : commit;
  } catch {
    return undefined;
  }
}

const fmt = (n, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-';

function renderMarkdown(meta, check, summary, rows) {
  const lines = [
    `# Benchmark: data set ${meta.size}, ${meta.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Rows: ${Object.entries(meta.rows)
      .map(([t, n]) => `${fmt(n)} ${t}`)
      .join(', ')}.`,
    `${meta.cpus} CPUs (${meta.cpuModel}), Node ${meta.node}, PostgreSQL ${meta.postgresql}, commit ${meta.commit}. ` +
      `Closed loops of ${meta.connections} connections, ${meta.rounds} interleaved rounds of ${meta.durationSeconds} s ` +
      `per query and target after ${meta.warmupSeconds} s of warm-up; medians of the rounds.`,
    `Equality check: ${Object.entries(check)
      .map(([q, c]) => `${q} equal for ${c.speakers} speakers (the busiest and random ones)`)
      .join('; ')}.`,
    '',
    '| query | target | req/s | p50 / p99 ms | SQL per request | Node CPU ms/req | PostgreSQL CPU ms/req | bytes/response | RSS MB | other CPU % |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [query, s] of Object.entries(summary)) {
    for (const target of ['service', 'floor']) {
      const m = s[target];
      lines.push(
        `| ${target === 'service' ? query : ''} | ${target} | ${fmt(m.reqPerSec)} | ${fmt(m.p50)} / ${fmt(m.p99)} | ${fmt(m.sqlPerRequest, 1)} | ` +
          `${fmt(m.nodeCpuMsPerRequest, 2)} | ${fmt(m.pgCpuMsPerRequest, 2)} | ${fmt(m.bytesPerResponse)} | ${fmt(m.rssMb)} | ${fmt(m.otherCpuPercent)} |`,
      );
    }
  }
  lines.push(
    '',
    'Ratios, service / floor (throughput: higher is better for the service; everything else: lower is better):',
    '',
    '| query | req/s | p50 | p99 | SQL per request | Node CPU per request | PostgreSQL CPU per request | bytes/response |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const [query, s] of Object.entries(summary)) {
    const r = s.ratio;
    lines.push(
      `| ${query} | ${fmt(r.reqPerSec, 2)}x | ${fmt(r.p50, 1)}x | ${fmt(r.p99, 1)}x | ${fmt(r.sqlPerRequest, 1)}x | ${fmt(r.nodeCpuMsPerRequest, 1)}x | ` +
        `${fmt(r.pgCpuMsPerRequest, 1)}x | ${fmt(r.bytesPerResponse, 2)}x |`,
    );
  }
  lines.push(
    '',
    'Every round:',
    '',
    '| round | query | target | req/s | p50 / p99 ms | SQL/req | Node ms/req | PG ms/req | other CPU % | non-2xx |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    lines.push(
      `| ${r.round} | ${r.query} | ${r.target} | ${fmt(r.reqPerSec)} | ${r.p50} / ${r.p99} | ${fmt(r.sqlPerRequest, 2)} | ${fmt(r.nodeCpuMsPerRequest, 2)} | ` +
        `${fmt(r.pgCpuMsPerRequest, 2)} | ${fmt(r.otherCpuPercent)} | ${r.non2xx + r.errors} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

main().catch(async (error) => {
  console.error(`bench failed: ${error.stack ?? error}`);
  await cleanup();
  process.exit(1);
});
