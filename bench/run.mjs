// npm run bench -- --size S|M|L [--rounds 3] [--duration 10] [--connections 10,50] [--rate 50] [--queries Q1,Q2,...]
//                  [--targets service,floor,postgraphile] [--service-dir DIR]
// node bench/run.mjs --size S --check        (CI: equality with the floor and exact SQL counts, no timing)
//
// Generates (once) a deterministic data set in its own database, starts the service's production build, the raw
// floor and PostGraphile against it, checks that they return the same data, then measures each query in
// interleaved rounds (closed loops at each --connections, an open loop at --rate) and writes
// bench/results/<size>-<time>.json and .md. See bench/README.md.
import { writeFileSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { execFileSync } from 'node:child_process';
import autocannon from 'autocannon';
import pg from 'pg';
import { WORDS, datasetCounts, existingDataset, generate, plan } from './lib/generate.mjs';
import {
  EXPECTED_SQL,
  PG_Q1_GRAPHQL,
  PG_Q2_GRAPHQL,
  PG_Q4_GRAPHQL,
  PG_Q5_GRAPHQL,
  PG_Q6_GRAPHQL,
  PG_Q7_GRAPHQL,
  Q1_GRAPHQL,
  Q2_GRAPHQL,
  Q3_GRAPHQL,
  Q7_GRAPHQL,
  Q8_CREATE_GRAPHQL,
  Q8_LINK_GRAPHQL,
  STATEMENT_PAGE_GRAPHQL,
  WRITE_MARKER,
  cursor,
  fromPostGraphileQ1,
  fromPostGraphileQ2,
  fromPostGraphileQ4,
  fromPostGraphileQ5,
  fromPostGraphileQ6,
  fromPostGraphileQ7,
  globalId,
  pgSpeakerCursor,
  pgStatementCursor,
  speakerCursor,
  speakerType,
} from './lib/queries.mjs';
import { openLoop } from './lib/open-loop.mjs';
import { backendCpuDelta, cpuMs, freePort, machineBusyMs, postgresBackends, rssMb, startProcess, stopProcess } from './lib/procs.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const ALL_QUERIES = ['Q1', 'Q1x100', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8', 'mix', 'mix-shared'];
const ALL_TARGETS = ['service', 'floor', 'postgraphile'];
/** The mix: one autocannon run against the service, each request one of these queries, chosen at random by weight. */
const MIX = { Q1: 40, Q2: 20, Q3: 10, Q4: 10, Q5: 10, Q6: 5, Q7: 5 };
/** A mix of the queries every target has (no Q3, which has no floor or PostGraphile version), run on all three. */
const MIX_SHARED = { Q1: 45, Q2: 20, Q4: 10, Q5: 10, Q6: 10, Q7: 5 };

const { values: opts } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10,50' },
    rate: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3' },
    sample: { type: 'string', default: '20' },
    seed: { type: 'string', default: '7' },
    queries: { type: 'string', default: ALL_QUERIES.join(',') },
    targets: { type: 'string', default: ALL_TARGETS.join(',') },
    regenerate: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    'show-sql': { type: 'boolean', default: false },
    'service-dir': { type: 'string', default: ROOT },
  },
});
const SERVICE_DIR = path.resolve(opts['service-dir']);
const size = opts.size.toUpperCase();
const rounds = Number(opts.rounds);
const duration = Number(opts.duration);
const connectionList = opts.connections.split(',').map(Number);
const rate = Number(opts.rate);
const warmup = Number(opts.warmup);
const sampleSize = Number(opts.sample);
const checkMode = opts.check;
const list = (value, allowed, what) => {
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const unknown = items.filter((v) => !allowed.includes(v));
  if (unknown.length) throw new Error(`unknown ${what}: ${unknown.join(', ')} (known: ${allowed.join(', ')})`);
  return items;
};
const queryNames = checkMode ? ALL_QUERIES.filter((q) => !q.startsWith('mix')) : list(opts.queries, ALL_QUERIES, 'queries');
const targetNames = checkMode ? ['service', 'floor'] : list(opts.targets, ALL_TARGETS, 'targets');
if (!targetNames.includes('service')) throw new Error('--targets must include service');
if (connectionList.some((c) => !(c >= 1))) throw new Error('--connections is a list of positive numbers, e.g. 10,50');
plan(size); // refuses an unknown size

/** mulberry32: the benchmark's own seeded random numbers, so two runs ask for the same things in the same order. */
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
  if (!existsSync(path.join(SERVICE_DIR, 'dist/src/main.js'))) {
    throw new Error(`${SERVICE_DIR}/dist/src/main.js is missing: run \`npm run build\` there first`);
  }
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
  if (!exists.rowCount) {
    log(`creating database ${database}`);
    await admin.query(`create database "${database}"`);
  }
  const pgVersion = (await admin.query('show server_version')).rows[0].server_version;

  // The service applies its own migrations when it starts, so the database has its tables before data goes in.
  // In check mode it logs every SQL statement (LOG_SQL), and the run counts them per request.
  let sqlLines = 0;
  let printSql = false; // --show-sql: only while counting
  const countSql = (line) => {
    if (!line.includes('"msg":"sql"')) return;
    sqlLines++;
    if (printSql) {
      try {
        console.log(`    sql ${JSON.parse(line).sql.replace(/\s+/g, ' ').slice(0, 160)}`);
      } catch {
        console.log(`    ${line.slice(0, 160)}`);
      }
    }
  };
  const servicePort = await freePort();
  const serviceEnv = {
    DATABASE_URL: urlFor(database),
    SEED_DEMO_DATA: 'false',
    NODE_ENV: 'production',
    LOG_LEVEL: checkMode ? 'info' : 'warn',
    LOG_SQL: checkMode ? 'true' : 'false',
    PORT: String(servicePort),
    HOST: '127.0.0.1',
    RATE_LIMIT_ANONYMOUS: '1000000000',
    RATE_LIMIT_KEY: '1000000000',
    REDIS_URL: '',
  };
  log(`starting the service (production build in ${SERVICE_DIR}) on port ${servicePort}`);
  const service = await startProcess('service', process.execPath, ['dist/src/main.js'], {
    cwd: SERVICE_DIR,
    env: serviceEnv,
    ready: /fact tracker ready/,
    onLine: checkMode ? countSql : undefined,
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
  // Q8's writes and key carry this run's name, so concurrent runs on the same database leave each other alone;
  // what an interrupted run left behind goes once it is an hour old
  const runName = `bench-${Date.now()}`;
  const writeText = `${WRITE_MARKER} ${runName}`;
  const removeWrites = async () => {
    const { rowCount } = await db.query(`delete from statement where text like $1`, [`${writeText}%`]);
    await db.query(`delete from revision where actor = $1`, [runName]);
    await db.query(`delete from api_key where name = $1`, [runName]);
    return rowCount;
  };
  const leftover = await db.query(`delete from statement where text like $1 and created_at < now() - interval '1 hour'`, [
    `${WRITE_MARKER}%`,
  ]);
  await db.query(`delete from revision where actor like 'bench-%' and at < now() - interval '1 hour'`);
  await db.query(`delete from api_key where name like 'bench-%' and created_at < now() - interval '1 hour'`);
  if (leftover.rowCount) log(`removed ${leftover.rowCount} statements an earlier run wrote`);
  const counts = await datasetCounts(db);
  log(
    `rows: ${Object.entries(counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  );

  // What the requests are about: speakers, statements, pages of sources, deep cursors, write inputs
  const VISIBLE = `s.attribution_status not in ('MISATTRIBUTED', 'RETRACTED')`;
  const speakers = (await db.query('select id, kind, name from speaker order by id')).rows;
  // The check also covers the busiest speaker (the skewed end: thousands of statements, hot claims).
  const busiest = (
    await db.query(
      `select sp.id, sp.kind, sp.name from speaker sp
       join (select speaker_id, count(*) as n from statement group by speaker_id order by n desc limit 1) b on b.speaker_id = sp.id`,
    )
  ).rows;
  const statements = (await db.query(`select s.id from statement s where ${VISIBLE} order by md5('pick' || s.id::text) limit 1000`)).rows;
  // the statement with the most positions on hot claims: thousands of counter-claims
  const hotStatement = (
    await db.query(
      `select p.statement_id as id from position p
       join (select claim_id from position group by claim_id order by count(*) desc limit 1) h on h.claim_id = p.claim_id
       join statement s on s.id = p.statement_id where ${VISIBLE} order by p.statement_id limit 1`,
    )
  ).rows;
  // Q4: sources cited by more than 20 visible statements, with the last statement of their first page
  const sourcePages = (
    await db.query(
      `select source_id as source, said_on_start::text as date, id from (
         select c.source_id, s.id, s.said_on_start,
           row_number() over (partition by c.source_id order by s.said_on_start desc, s.id desc) as n,
           count(*) over (partition by c.source_id) as total
         from citation c join statement s on s.id = c.statement_id where ${VISIBLE}) v
       where n = 20 and total > 20 order by md5(source_id::text) limit 500`,
    )
  ).rows;
  if (!sourcePages.length) throw new Error('no source is cited by more than 20 statements: Q4 has nothing to page through');
  // Q6: statements in the older half of the timeline, to start a deep page after
  const deepStarts = (
    await db.query(
      `select s.id, s.said_on_start::text as date from statement s
       where ${VISIBLE} and s.said_on_start < (select percentile_disc(0.5) within group (order by said_on_start) from statement)
       order by md5('deep' || s.id::text) limit 500`,
    )
  ).rows;
  const sources = (await db.query(`select id from source order by md5('src' || id::text) limit 500`)).rows;

  let random = prng(Number(opts.seed));
  const anyOf = (items) => items[Math.floor(random() * items.length)];
  const anySpeaker = () => anyOf(speakers);
  const anyStatement = () => anyOf(statements);
  const anySearch = () => {
    const from = 2000 + Math.floor(random() * 20);
    return { text: `${anyOf(WORDS)} ${anyOf(WORDS)}`, from, to: from + 5 };
  };
  let writes = 0;
  const anyWrite = () => {
    const first = anyOf(sources);
    let second = anyOf(sources);
    while (second.id === first.id) second = anyOf(sources);
    return { speaker: anySpeaker(), sources: [first, second], linkTo: anyStatement(), n: ++writes };
  };

  // Q8 writes with a throwaway EDITOR key, made with the service's own command and deleted at the end
  let apiKey;
  if (queryNames.includes('Q8')) {
    const name = runName;
    const out = execFileSync(
      process.execPath,
      ['dist/src/cli/apikey.js', 'create', '--name', name, '--role', 'EDITOR', '--rate-limit', '1000000000'],
      { cwd: SERVICE_DIR, env: { ...process.env, ...serviceEnv, LOG_LEVEL: 'warn', LOG_SQL: 'false', PORT: '0' }, encoding: 'utf8' },
    );
    apiKey = out.trim().split('\n').pop().trim();
    if (!/^ftk_/.test(apiKey)) throw new Error(`could not create an API key:\n${out}`);
    log(`created the throwaway EDITOR key ${name}`);
  }

  const targets = { service: { pid: service.pid, url: `http://127.0.0.1:${servicePort}` } };
  if (targetNames.includes('floor')) {
    const floorPort = await freePort();
    const floor = await startProcess('floor', process.execPath, ['floor.mjs'], {
      cwd: BENCH_DIR,
      env: { DATABASE_URL: urlFor(database), PORT: String(floorPort) },
      ready: /floor ready/,
    });
    children.push(floor);
    targets.floor = { pid: floor.pid, url: `http://127.0.0.1:${floorPort}` };
  }
  const pgDigests = {};
  if (targetNames.includes('postgraphile')) {
    const port = await freePort();
    log(`starting PostGraphile on port ${port}`);
    const postgraphile = await startProcess('postgraphile', process.execPath, ['postgraphile.mjs'], {
      cwd: BENCH_DIR,
      env: { DATABASE_URL: urlFor(database), PORT: String(port), NODE_ENV: 'production' },
      ready: /postgraphile ready/,
    });
    children.push(postgraphile);
    targets.postgraphile = { pid: postgraphile.pid, url: `http://127.0.0.1:${port}` };
    // PostGraphile's cursors start with a digest of the collection and its ordering: learn them from one page each
    const digest = async (query, edges) => {
      const res = await fetch(`${targets.postgraphile.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const first = edges((await res.json()).data)[0];
      return JSON.parse(Buffer.from(first.cursor, 'base64').toString('utf8'))[0];
    };
    const order = 'orderBy: [SAID_ON_START_DESC, ROW_ID_DESC]';
    pgDigests.speakers = await digest(
      '{ allSpeakers(first: 1, orderBy: [NAME_ASC, ROW_ID_ASC]) { edges { cursor } } }',
      (d) => d.allSpeakers.edges,
    );
    pgDigests.statements = await digest(
      `{ benchPgVisibleStatements(first: 1, ${order}) { edges { cursor } } }`,
      (d) => d.benchPgVisibleStatements.edges,
    );
    pgDigests.sourceStatements = await digest(
      `{ sourceByRowId(rowId: "${sourcePages[0].source}") { visibleStatements(first: 1, ${order}) { edges { cursor } } } }`,
      (d) => d.sourceByRowId.visibleStatements.edges,
    );
  }

  const graphql = (query, variables, key) => ({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const floorRequest = (name, values) => ({ method: 'GET', path: `/${name}?${new URLSearchParams(values.map((v) => ['p', String(v)]))}` });
  const statementCursor = (date, id) => cursor(['s.said_on_start,s.id', date, id]);
  const writeInput = (w) => ({
    kind: 'QUOTE',
    text: `${writeText} ${w.n}: ${anyOf(WORDS)} ${anyOf(WORDS)} ${anyOf(WORDS)}`,
    saidOn: { date: '2024-05-16', precision: 'DAY' },
    speakerId: globalId(speakerType(w.speaker.kind), w.speaker.id),
    citations: w.sources.map((so, i) => ({ sourceId: globalId('Source', so.id), isPrimary: i === 0, excerpt: `excerpt ${i + 1}` })),
  });

  /**
   * Each query: how to pick what a request asks for (`pick`; `special`: parameters the equality check always
   * covers), and per target how to ask (`steps`: the requests of one operation, in order; most queries have one).
   * `fromPostGraphile` maps PostGraphile's answer to the service's names and shape.
   */
  const QUERIES = {
    Q1: {
      pick: anySpeaker,
      special: busiest,
      service: (sp) => graphql(Q1_GRAPHQL, { speakers: [globalId(speakerType(sp.kind), sp.id)] }),
      floor: (sp) => floorRequest('q1', [sp.id]),
      postgraphile: (sp) => graphql(PG_Q1_GRAPHQL, { speaker: sp.id }),
      fromPostGraphile: fromPostGraphileQ1,
    },
    // The service only: its Node CPU per request against Q1's says what a longer page costs (at most 3x, issue 7).
    Q1x100: {
      pick: anySpeaker,
      special: busiest,
      service: (sp) => graphql(Q1_GRAPHQL, { speakers: [globalId(speakerType(sp.kind), sp.id)], first: 100 }),
    },
    Q2: {
      pick: anySpeaker,
      special: busiest,
      service: (sp) => graphql(Q2_GRAPHQL, { after: speakerCursor(sp) }),
      floor: (sp) => floorRequest('q2', [sp.name, sp.id]),
      postgraphile: (sp) => graphql(PG_Q2_GRAPHQL, { after: pgSpeakerCursor(pgDigests.speakers, sp) }),
      fromPostGraphile: fromPostGraphileQ2,
    },
    Q3: {
      pick: anyStatement,
      special: hotStatement,
      service: (st) => graphql(Q3_GRAPHQL, { id: globalId('Statement', st.id) }),
    },
    Q4: {
      pick: () => anyOf(sourcePages),
      special: [],
      service: (p) =>
        graphql(STATEMENT_PAGE_GRAPHQL, { filter: { sourceIds: [globalId('Source', p.source)] }, after: statementCursor(p.date, p.id) }),
      floor: (p) => floorRequest('q4', [p.source, p.date, p.id]),
      postgraphile: (p) => graphql(PG_Q4_GRAPHQL, { source: p.source, after: pgStatementCursor(pgDigests.sourceStatements, p.date, p.id) }),
      fromPostGraphile: fromPostGraphileQ4,
    },
    Q5: {
      pick: anySearch,
      special: [],
      service: (p) => graphql(STATEMENT_PAGE_GRAPHQL, { filter: { text: p.text, saidFrom: String(p.from), saidTo: String(p.to) } }),
      floor: (p) => floorRequest('q5', [p.text, `${p.from}-01-01`, `${p.to}-12-31`]),
      postgraphile: (p) => graphql(PG_Q5_GRAPHQL, { words: p.text, from: `${p.from}-01-01`, to: `${p.to}-12-31` }),
      fromPostGraphile: fromPostGraphileQ5,
    },
    Q6: {
      pick: () => anyOf(deepStarts),
      special: [],
      service: (p) => graphql(STATEMENT_PAGE_GRAPHQL, { after: statementCursor(p.date, p.id) }),
      floor: (p) => floorRequest('q6', [p.date, p.id]),
      postgraphile: (p) => graphql(PG_Q6_GRAPHQL, { after: pgStatementCursor(pgDigests.statements, p.date, p.id) }),
      fromPostGraphile: fromPostGraphileQ6,
    },
    Q7: {
      pick: anyStatement,
      special: hotStatement,
      service: (st) => graphql(Q7_GRAPHQL, { id: globalId('Statement', st.id) }),
      floor: (st) => floorRequest('q7', [st.id]),
      postgraphile: (st) => graphql(PG_Q7_GRAPHQL, { id: st.id }),
      fromPostGraphile: fromPostGraphileQ7,
    },
    Q8: {
      pick: anyWrite,
      special: [],
      write: true,
      // two requests: create, then link what was created (the ID comes from the first answer)
      serviceSteps: (w) => [
        () => graphql(Q8_CREATE_GRAPHQL, { input: writeInput(w) }, apiKey),
        (created) =>
          graphql(
            Q8_LINK_GRAPHQL,
            {
              input: {
                fromId: created?.data?.createStatement?.statement?.id,
                toId: globalId('Statement', w.linkTo.id),
                kind: 'CONTRADICTS',
              },
            },
            apiKey,
          ),
      ],
    },
  };
  /** A mix: each request one of `weights`' queries, chosen at random by weight, on the targets all of them have. */
  const mixOf = (weights) => {
    const mix = {
      pick: () => {
        let x = random() * Object.values(weights).reduce((a, b) => a + b, 0);
        const query = Object.keys(weights).find((q) => (x -= weights[q]) < 0) ?? 'Q1';
        return { query, param: QUERIES[query].pick() };
      },
      special: [],
      mixed: true,
    };
    for (const target of ALL_TARGETS) {
      if (Object.keys(weights).every((q) => target === 'service' || QUERIES[q][target])) {
        mix[target] = ({ query, param }) => QUERIES[query][target](param);
      }
    }
    return mix;
  };
  QUERIES.mix = mixOf(MIX);
  QUERIES['mix-shared'] = mixOf(MIX_SHARED);
  const queryTargets = (query) => targetNames.filter((t) => (t === 'service' ? true : QUERIES[query][t]));

  /** Sends one request and returns its text and parsed body; throws on a non-200 answer or GraphQL errors. */
  const send = async (query, target, req) => {
    const res = await fetch(targets[target].url + req.path, { method: req.method, headers: req.headers, body: req.body });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${query} on ${target} answered ${res.status}: ${text.slice(0, 500)}`);
    const json = JSON.parse(text);
    if (json.errors) throw new Error(`${query} on ${target} answered errors: ${JSON.stringify(json.errors).slice(0, 500)}`);
    return { text, json };
  };
  /** One operation of a query on a target: its steps in order, each fed the previous answer. */
  const operation = async (query, target, param) => {
    const q = QUERIES[query];
    const steps = q.serviceSteps && target === 'service' ? q.serviceSteps(param) : [() => q[target](param)];
    let answer;
    let bytes = 0;
    for (const step of steps) {
      const { text, json } = await send(query, target, step(answer?.json));
      answer = { text, json };
      bytes += Buffer.byteLength(text);
    }
    return { ...answer, bytes };
  };

  // 1. Same data from every target that has the query, for a sample of parameters
  const check = {};
  for (const query of queryNames) {
    const others = queryTargets(query).filter((t) => t !== 'service');
    if (!others.length || QUERIES[query].write || QUERIES[query].mixed) continue;
    const bytes = Object.fromEntries(queryTargets(query).map((t) => [t, 0]));
    const sample = [...QUERIES[query].special, ...Array.from({ length: sampleSize }, () => QUERIES[query].pick())];
    let nonEmpty = 0;
    for (const param of sample) {
      const answers = {};
      for (const target of queryTargets(query)) {
        const { json, bytes: n } = await operation(query, target, param);
        bytes[target] += n;
        answers[target] = json;
      }
      if (JSON.stringify(answers.service).includes('"node"')) nonEmpty++;
      for (const other of others) {
        // the floor writes the service's IDs and cursors; PostGraphile's own IDs and cursors differ in encoding,
        // so against it IDs compare as the UUIDs they carry and cursors are left out
        const pgl = other === 'postgraphile';
        const mine = normalise(answers.service, { uuidOnly: pgl, cursors: !pgl });
        const theirs = normalise(pgl ? QUERIES[query].fromPostGraphile(answers[other]) : answers[other], { uuidOnly: pgl, cursors: !pgl });
        const difference = firstDifference(mine, theirs, '');
        if (difference) throw new Error(`${query} for ${JSON.stringify(param)}: the service and ${other} differ at ${difference}`);
      }
    }
    check[query] = {
      samples: sample.length,
      nonEmpty,
      comparedWith: others,
      bytesPerResponse: Object.fromEntries(Object.entries(bytes).map(([t, n]) => [t, Math.round(n / sample.length)])),
    };
    log(
      `check ${query}: ${['service', ...others].join(', ')} return the same data for ${sample.length} requests (${nonEmpty} with results)`,
    );
  }

  if (checkMode) {
    // 2 (check mode). Exact SQL statements per request, one request at a time, counted from the LOG_SQL lines
    // fixed parameters, whatever --sample says: the special one (busiest speaker, hot statement) if any, then
    // seeded picks, three in all
    const failures = [];
    const seen = {};
    for (const query of queryNames) {
      random = prng(1000 + Number(query.slice(1)));
      const q = QUERIES[query];
      const params = [...q.special, q.pick(), q.pick(), q.pick()].slice(0, 3);
      const counts = [];
      for (const param of params) {
        await sleep(50);
        printSql = opts['show-sql'];
        if (printSql) log(`  ${query} ${JSON.stringify(param).slice(0, 120)}`);
        const before = sqlLines;
        await operation(query, 'service', param);
        // the log lines may trail the answer: wait until none has come for 150 ms
        let last = sqlLines;
        for (;;) {
          await sleep(150);
          if (sqlLines === last) break;
          last = sqlLines;
        }
        printSql = false;
        counts.push(sqlLines - before);
      }
      seen[query] = counts;
      const expected = EXPECTED_SQL[query] ?? [];
      const ok = counts.length === expected.length && counts.every((n, i) => n === expected[i]);
      log(`SQL per request ${query}: ${counts.join(', ')} (expected ${expected.join(', ')})${ok ? '' : '  MISMATCH'}`);
      if (!ok)
        failures.push(`${query} sent ${counts.join(', ')} SQL statements per request, EXPECTED_SQL.${query} says ${expected.join(', ')}`);
    }
    await removeWrites();
    await db.end();
    await admin.end();
    await cleanup();
    if (failures.length) {
      console.error(
        `\ncheck FAILED:\n  ${failures.join('\n  ')}\nIf the service now sends fewer statements on purpose, set EXPECTED_SQL in bench/lib/queries.mjs to ` +
          JSON.stringify(seen),
      );
      process.exit(1);
    }
    log(
      '\ncheck passed: every query with a floor returns the same data from the service and the floor, and the SQL counts are as expected',
    );
    return;
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

  /** autocannon's `requests` for one operation of a query on a target: usually one request, Q8 two in a row. */
  const autocannonRequests = (query, target) => {
    const q = QUERIES[query];
    if (q.serviceSteps && target === 'service') {
      return [
        {
          setupRequest: (req, context) => {
            context.steps = q.serviceSteps(q.pick());
            return { ...req, ...context.steps[0]() };
          },
          onResponse: (status, body, context) => {
            try {
              context.answer = JSON.parse(body);
            } catch {
              context.answer = undefined;
            }
          },
        },
        { setupRequest: (req, context) => ({ ...req, ...context.steps[1](context.answer) }) },
      ];
    }
    return [{ setupRequest: (req) => ({ ...req, ...q[target](q.pick()) }) }];
  };
  const load = (target, query, seconds, shape) => {
    settled = undefined;
    if (shape.rate) {
      const q = QUERIES[query];
      return openLoop({
        url: targets[target].url,
        rate: shape.rate,
        seconds,
        operation: () => {
          const param = q.pick();
          return q.serviceSteps && target === 'service' ? q.serviceSteps(param) : [() => q[target](param)];
        },
      });
    }
    return autocannon({
      url: targets[target].url,
      connections: shape.connections,
      duration: seconds,
      requests: autocannonRequests(query, target),
    });
  };

  const measure = async (target, query, shape, round) => {
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
    const result = await load(target, query, duration, shape);
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
      load: shape.name,
      target,
      requests: n,
      seconds: result.duration,
      // the open loop: responses that came back within the round, per second (its requests all count below)
      reqPerSec: (result.inWindow ?? n) / result.duration,
      p50: result.latency.p50,
      p90: result.latency.p90,
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
      `round ${round} ${query.padEnd(3)} ${shape.name.padEnd(8)} ${target.padEnd(12)} ${row.reqPerSec.toFixed(0).padStart(6)} req/s  ` +
        `p50 ${row.p50} ms  p99 ${row.p99} ms  ${row.sqlPerRequest.toFixed(2)} SQL/req  node ${row.nodeCpuMsPerRequest.toFixed(2)} ms/req  ` +
        `pg ${row.pgCpuMsPerRequest.toFixed(2)} ms/req  other CPU ${row.otherCpuPercent.toFixed(0)}%` +
        `${row.non2xx || row.errors ? `  NON-2XX ${row.non2xx} ERRORS ${row.errors}` : ''}`,
    );
    return row;
  };

  const shapes = [
    ...connectionList.map((c) => ({ name: `${c} conn`, connections: c })),
    // open loop (lib/open-loop.mjs): requests start every 1/rate s, answered or not
    ...(rate > 0 ? [{ name: `${rate}/s`, rate }] : []),
  ];
  if (warmup > 0) {
    log(`warming up (${warmup} s per query and target)`);
    for (const query of queryNames) for (const target of queryTargets(query)) await load(target, query, warmup, shapes[0]);
  }
  const rows = [];
  for (let round = 1; round <= rounds; round++) {
    for (const shape of shapes) {
      for (const query of queryNames) {
        const order = round % 2 ? queryTargets(query) : [...queryTargets(query)].reverse();
        for (const target of order) rows.push(await measure(target, query, shape, round));
      }
    }
  }
  const written = await removeWrites();
  if (written) log(`removed the ${written} statements Q8 wrote`);
  await stats.end();
  await db.end();
  await admin.end();
  await cleanup();

  // 3. Report: medians over the rounds, ratios service / floor and service / PostGraphile
  const summary = [];
  for (const shape of shapes) {
    for (const query of queryNames) {
      const entry = { query, load: shape.name, targets: {}, ratios: {} };
      for (const target of queryTargets(query)) {
        const mine = rows.filter((r) => r.query === query && r.target === target && r.load === shape.name);
        entry.targets[target] = Object.fromEntries(METRICS.map((m) => [m, median(mine.map((r) => r[m]))]));
      }
      for (const other of Object.keys(entry.targets).filter((t) => t !== 'service')) {
        entry.ratios[other] = Object.fromEntries(METRICS.map((m) => [m, entry.targets.service[m] / entry.targets[other][m]]));
      }
      summary.push(entry);
    }
  }
  const meta = {
    date: new Date().toISOString(),
    size,
    rows: counts,
    rounds,
    durationSeconds: duration,
    loads: shapes,
    warmupSeconds: warmup,
    seed: Number(opts.seed),
    mix: MIX,
    mixShared: MIX_SHARED,
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
  'p90',
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

/**
 * IDs decoded: the service's base64 "Type:uuid" stays "Type:uuid" (or, with `uuidOnly`, the uuid alone);
 * PostGraphile's base64 JSON ["Type","uuid"] becomes the uuid. Cursors decoded to their JSON values, or dropped
 * (`cursors: false`). So the comparison is of meaning, not encoding.
 */
function normalise(value, options, key) {
  if (Array.isArray(value)) return value.map((v) => normalise(v, options));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([k]) => options.cursors || !/^(cursor|endCursor|startCursor)$/.test(k));
    return Object.fromEntries(entries.map(([k, v]) => [k, normalise(v, options, k)]));
  }
  if (typeof value === 'string' && key === 'id') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const typed = /^(\w+):([0-9a-f-]{36})$/.exec(decoded);
    if (typed) return options.uuidOnly ? typed[2] : decoded;
    const postgraphile = /^\["\w+","([0-9a-f-]{36})"\]$/.exec(decoded);
    if (postgraphile) return postgraphile[1];
    return value;
  }
  if (typeof value === 'string' && /^(cursor|endCursor|startCursor)$/.test(key)) {
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
const TARGET_LABEL = { service: 'service', floor: 'floor', postgraphile: 'PostGraphile' };

function renderMarkdown(meta, check, summary, rows) {
  const lines = [
    `# Benchmark: data set ${meta.size}, ${meta.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Rows: ${Object.entries(meta.rows)
      .map(([t, n]) => `${fmt(n)} ${t}`)
      .join(', ')}.`,
    `${meta.cpus} CPUs (${meta.cpuModel}), Node ${meta.node}, PostgreSQL ${meta.postgresql}, service commit ${meta.commit}. ` +
      `Loads: ${meta.loads.map((l) => (l.rate ? `an open loop at ${l.rate} req/s` : `a closed loop of ${l.connections} connections`)).join(', ')}; ` +
      `${meta.rounds} interleaved rounds of ${meta.durationSeconds} s per query, load and target after ${meta.warmupSeconds} s of warm-up; medians of the rounds. ` +
      `Mix: ${Object.entries(meta.mix)
        .map(([q, w]) => `${w}% ${q}`)
        .join(', ')}; mix-shared: ${Object.entries(meta.mixShared ?? {})
        .map(([q, w]) => `${w}% ${q}`)
        .join(', ')}.`,
    `Equality check: ${
      Object.entries(check)
        .map(([q, c]) => `${q} (service = ${c.comparedWith.map((t) => TARGET_LABEL[t]).join(' = ')}) for ${c.samples} requests`)
        .join('; ') || 'none'
    }.`,
    '',
    '| query | load | target | req/s | p50 / p90 / p99 ms | SQL per request | Node CPU ms/req | PostgreSQL CPU ms/req | bytes/response | RSS MB | other CPU % |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of summary) {
    Object.entries(s.targets).forEach(([target, m], i) => {
      lines.push(
        `| ${i ? '' : s.query} | ${i ? '' : s.load} | ${TARGET_LABEL[target]} | ${fmt(m.reqPerSec)} | ${fmt(m.p50)} / ${fmt(m.p90)} / ${fmt(m.p99)} | ${fmt(m.sqlPerRequest, 1)} | ` +
          `${fmt(m.nodeCpuMsPerRequest, 2)} | ${fmt(m.pgCpuMsPerRequest, 2)} | ${fmt(m.bytesPerResponse)} | ${fmt(m.rssMb)} | ${fmt(m.otherCpuPercent)} |`,
      );
    });
  }
  lines.push(
    '',
    'Ratios, service / other target (throughput: higher is better for the service; everything else: lower is better):',
    '',
    '| query | load | service / | req/s | p50 | p99 | SQL per request | Node CPU per request | PostgreSQL CPU per request | bytes/response |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const s of summary) {
    for (const [other, r] of Object.entries(s.ratios)) {
      lines.push(
        `| ${s.query} | ${s.load} | ${TARGET_LABEL[other]} | ${fmt(r.reqPerSec, 2)}x | ${fmt(r.p50, 1)}x | ${fmt(r.p99, 1)}x | ${fmt(r.sqlPerRequest, 1)}x | ` +
          `${fmt(r.nodeCpuMsPerRequest, 1)}x | ${fmt(r.pgCpuMsPerRequest, 1)}x | ${fmt(r.bytesPerResponse, 2)}x |`,
      );
    }
  }
  lines.push(
    '',
    'Every round:',
    '',
    '| round | query | load | target | req/s | p50 / p99 ms | SQL/req | Node ms/req | PG ms/req | other CPU % | non-2xx |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    lines.push(
      `| ${r.round} | ${r.query} | ${r.load} | ${TARGET_LABEL[r.target]} | ${fmt(r.reqPerSec)} | ${r.p50} / ${r.p99} | ${fmt(r.sqlPerRequest, 2)} | ` +
        `${fmt(r.nodeCpuMsPerRequest, 2)} | ${fmt(r.pgCpuMsPerRequest, 2)} | ${fmt(r.otherCpuPercent)} | ${r.non2xx + r.errors} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

main().catch(async (error) => {
  console.error(`bench failed: ${error.stack ?? error}`);
  await cleanup();
  process.exit(1);
});
