// npm run bench:search -- --size S|M|L [--requests 60] [--service-dir DIR]
//
// Finding things at scale (issue 8): latency percentiles of the service's search, name and timeline queries over a
// benchmark data set, one request at a time, and the plan PostgreSQL chooses for each (which scans, and whether any
// reads a large table whole). Uses the data set `npm run bench` generates (and generates it when missing).
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { WORDS, existingDataset, generate, plan } from './lib/generate.mjs';
import { globalId, speakerType } from './lib/queries.mjs';
import { benchDatabaseUrl, freePort, startService, stopProcess } from './lib/procs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    requests: { type: 'string', default: '60' },
    'service-dir': { type: 'string', default: ROOT },
  },
});
const size = opts.size.toUpperCase();
plan(size);
const requests = Number(opts.requests);
const SERVICE_DIR = path.resolve(opts['service-dir']);
const databaseUrl = benchDatabaseUrl(`fact_tracker_bench_${size}`);

const requireService = createRequire(path.join(SERVICE_DIR, 'package.json'));
requireService('reflect-metadata'); // the modules declare GraphQL types as they load
const knex = requireService('knex')({ client: 'pg' });
const { searchRows } = requireService('./dist/src/modules/search/search.query.js');
const { speakerList } = requireService('./dist/src/modules/speakers/speaker.loaders.js');
const { timelineRows, TIMELINE_KEYS } = requireService('./dist/src/modules/timeline/timeline.query.js');
const { SEARCH_ORDERS } = requireService('./dist/src/modules/search/search.query.js');
const { searchTerms } = requireService('./dist/src/modules/search/words.js');
const SEARCH_KEYS = SEARCH_ORDERS.RELEVANCE.keys;
const { applyKeyset } = requireService('./dist/src/shared/pagination.js');

let seed = 11;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (items) => items[Math.floor(random() * items.length)];
/** One letter changed, as a hurried journalist types it. */
const typo = (name) => {
  const i = 1 + Math.floor(random() * (name.length - 2));
  return name.slice(0, i) + (name[i] === 'a' ? 'e' : 'a') + name.slice(i + 1);
};

const SEARCH = `query($query: String!) { search(query: $query, first: 20) { edges { node { kind rank highlight node { id } } } } }`;
const NAME = `query($name: String) { speakers(filter: { name: $name }, first: 10) { edges { node { id name nameMatch } } } }`;
const TIMELINE = `query($ids: [ID!]) { timeline(filter: { speakerIds: $ids }, first: 20) { edges { node { kind date { date } statement { id } } } } }`;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const port = await freePort();
  const service = await startService(SERVICE_DIR, databaseUrl, port, {
    timeoutMs: 1_800_000, // a first start migrates the data set (search documents for every statement)
  }).catch(async (error) => {
    if (!/database .* does not exist/.test(String(error))) throw error;
    throw new Error(`no data set ${size} yet: run \`npm run bench -- --size ${size} --queries Q2 --rounds 1\` first`);
  });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  // The service's own reading of a query, for the plans below.
  const connected = requireService('knex')({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  try {
    if (!(await existingDataset(db, size))) await generate(db, size, console.log);
    const { rows: speakers } = await db.query('select id, kind, name, aliases from speaker order by md5(id::text) limit 200');
    const { rows: busiest } = await db.query(
      'select speaker_id as id, count(*)::int as n from statement group by speaker_id order by n desc limit 1',
    );
    const { rows: counts } = await db.query('select count(*)::int as n from statement');
    console.log(`data set ${size}: ${counts[0].n.toLocaleString('en')} statements, ${speakers.length} speakers sampled`);

    const mix = [
      ['rare term (one statement)', SEARCH, () => ({ query: String(1 + Math.floor(random() * counts[0].n)) })],
      ['common term (~18% of statements)', SEARCH, () => ({ query: pick(WORDS) })],
      ['phrase', SEARCH, () => ({ query: `"${pick(WORDS)} ${pick(WORDS)}"` })],
      ['exclusion', SEARCH, () => ({ query: `${pick(WORDS)} -${pick(WORDS)}` })],
      ['name with a typo', NAME, () => ({ name: typo(pick(speakers).name) })],
      ['name in Cyrillic', NAME, () => ({ name: pick(speakers).aliases.at(-1) })],
      ['search for a name in Cyrillic', SEARCH, () => ({ query: pick(speakers).aliases.at(-1) })],
      ['timeline page of the busiest speaker', TIMELINE, () => ({ ids: [globalId('Person', busiest[0].id)] })],
      [
        'timeline page of a speaker',
        TIMELINE,
        () => {
          const sp = pick(speakers);
          return { ids: [globalId(speakerType(sp.kind), sp.id)] };
        },
      ],
    ];
    const ask = async (label, query, variables) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: variables() }),
      });
      const body = await response.json();
      if (body.errors) throw new Error(`${label}: ${JSON.stringify(body.errors)}`);
    };
    // Warm-up: the whole mix, 10 requests at a time, so that every connection of the service's pool (10) has served
    // each kind of request. A new PostgreSQL connection is slow at first (src/modules/search/warm-up.ts); a running
    // service keeps its connections, and its steady state is what is measured.
    const WARM_UP = 30;
    const started = performance.now();
    for (const [label, query, variables] of mix) {
      for (let i = 0; i < WARM_UP; i += 10) await Promise.all(Array.from({ length: 10 }, () => ask(label, query, variables)));
    }
    console.log(`warm-up: ${WARM_UP} requests of each kind, 10 at a time, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log('\n| query | p50 ms | p90 ms | p99 ms | max ms | requests |\n|---|---|---|---|---|---|');
    for (const [label, query, variables] of mix) {
      const times = [];
      for (let i = 0; i < requests; i++) {
        const started = performance.now();
        await ask(label, query, variables);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const f = (ms) => ms.toFixed(1);
      console.log(
        `| ${label} | ${f(percentile(times, 50))} | ${f(percentile(times, 90))} | ${f(percentile(times, 99))} | ${f(times.at(-1))} | ${times.length} |`,
      );
    }

    // Plans: the page query of each kind of request, as the service builds it.
    const page = { limit: 20, backward: false };
    const termsOf = (text) => searchTerms(connected, text, true);
    const planned = [
      [
        'search, common term',
        applyKeyset(
          searchRows(knex, await termsOf(WORDS[0]), ['STATEMENT', 'CLAIM', 'SPEAKER', 'EVENT', 'SOURCE'], 'RELEVANCE'),
          page,
          SEARCH_KEYS,
          false,
        ),
      ],
      [
        'search, rare term',
        applyKeyset(
          searchRows(knex, await termsOf('12345'), ['STATEMENT', 'CLAIM', 'SPEAKER', 'EVENT', 'SOURCE'], 'RELEVANCE'),
          page,
          SEARCH_KEYS,
          false,
        ),
      ],
      [
        'search, phrase of common words',
        applyKeyset(
          searchRows(knex, await termsOf(`"${WORDS[0]} ${WORDS[1]}"`), ['STATEMENT', 'CLAIM', 'SPEAKER', 'EVENT', 'SOURCE'], 'RELEVANCE'),
          page,
          SEARCH_KEYS,
          false,
        ),
      ],
      [
        'name with a typo',
        (() => {
          const list = speakerList(knex, { name: typo(speakers[0].name) });
          return applyKeyset(list.rows, page, list.keys, list.descending);
        })(),
      ],
      [
        'timeline of the busiest speaker',
        applyKeyset(timelineRows(knex, { speakerIds: [globalId('Person', busiest[0].id)] }, page), page, TIMELINE_KEYS, false),
      ],
    ];
    console.log('\nPlans (EXPLAIN ANALYZE of the page query):');
    for (const [label, qb] of planned) {
      const { sql, bindings } = qb.toSQL().toNative();
      const { rows } = await db.query(`explain (analyze, format json) ${sql}`, bindings);
      const scans = [];
      const seq = [];
      const walk = (node) => {
        if (/Scan/.test(node['Node Type']) && node['Relation Name']) {
          scans.push(`${node['Node Type']} on ${node['Relation Name']}`);
          // A sequential scan under a LIMIT stops early; only one that reads many rows is reported.
          const read = ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
          if (node['Node Type'] === 'Seq Scan' && read > 50_000) seq.push(`${node['Relation Name']} (${read.toLocaleString('en')} rows)`);
        }
        for (const child of node.Plans ?? []) walk(child);
      };
      walk(rows[0]['QUERY PLAN'][0].Plan);
      console.log(
        `- ${label}: ${rows[0]['QUERY PLAN'][0]['Planning Time'].toFixed(1)} ms to plan, ${rows[0]['QUERY PLAN'][0]['Execution Time'].toFixed(1)} ms to run; ${[...new Set(scans)].join(', ')}${seq.length ? `  <- reads ${seq.join(', ')}` : ''}`,
      );
    }
  } finally {
    await db.end();
    await connected.destroy();
    await stopProcess(service);
    await knex.destroy();
  }
}

main().catch((error) => {
  console.error(`search bench failed: ${error.stack ?? error}`);
  process.exitCode = 1;
});
