// npm run bench:import -- --size S|M|L [--limit N] [--batch N] [--service-dir DIR]
//
// Bulk import at scale (issue 9): the first N statements of a benchmark data set (`npm run bench` generates them),
// exported as the native NDJSON bundle, imported by `npm run import` into an empty database; then the same file
// again (every record unchanged), and LIAR2's valid.csv through the shipped mapping. Prints records per second and
// the importer's peak resident memory for each.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { existingDataset, plan } from './lib/generate.mjs';
import { adminQuery, benchDatabaseUrl, rssMb } from './lib/procs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    limit: { type: 'string' },
    batch: { type: 'string', default: '500' },
    'service-dir': { type: 'string', default: ROOT },
  },
});
const size = opts.size.toUpperCase();
plan(size);
const source = benchDatabaseUrl(`fact_tracker_bench_${size}`);
const target = benchDatabaseUrl('fact_tracker_bench_import');
const serviceDir = path.resolve(opts['service-dir']);
const cli = (name) => path.join(serviceDir, 'dist', 'src', 'cli', `${name}.js`);

/** Runs a command line tool of the service to its end, sampling its resident memory; resolves with seconds and peak MB. */
function runTool(args, databaseUrl) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: tmp,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid))), 100);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output = (output + d).slice(-5000)));
    child.once('exit', (code) => {
      clearInterval(sampler);
      if (code === 0) resolve({ seconds: (performance.now() - started) / 1000, peak, output });
      else reject(new Error(`${args.map((a) => path.basename(a)).join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

/** The first `limit` lines of a file, into another. */
async function head(from, to, limit) {
  const out = createWriteStream(to);
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(from) })) {
    if (n++ >= limit) break;
    out.write(`${line}\n`);
  }
  await new Promise((resolve) => out.end(resolve));
  return Math.min(n, limit);
}

const tmp = mkdtempSync(path.join(tmpdir(), 'bench-import-'));

async function main() {
  const db = new pg.Client({ connectionString: source });
  await db.connect().catch(() => {
    throw new Error(`no data set ${size} yet: run \`npm run bench -- --size ${size} --queries Q2 --rounds 1\` first`);
  });
  try {
    if (!(await existingDataset(db, size))) throw new Error(`data set ${size} is not complete: run \`npm run bench -- --size ${size}\``);
  } finally {
    await db.end();
  }

  const all = path.join(tmp, 'all.ndjson');
  await runTool([cli('export'), '--format', 'ndjson', '--out', all], source);
  const file = path.join(tmp, 'statements.ndjson');
  const records = await head(all, file, Number(opts.limit ?? Infinity));
  rmSync(all);
  console.log(`data set ${size}: ${records.toLocaleString('en')} statements as NDJSON, imported in batches of ${opts.batch}\n`);

  await adminQuery('drop database if exists fact_tracker_bench_import with (force)');
  await adminQuery('create database fact_tracker_bench_import');
  console.log(
    '| run | records | seconds | records/s | importer peak RSS MB | created | unchanged | rejected | links made | links refused |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const liar2 = path.join(ROOT, 'tests', 'fixtures', 'liar2', 'valid.csv');
  const mapping = path.join(ROOT, 'examples', 'mappings', 'liar2.json');
  const runs = [
    ['NDJSON into an empty database', [file, '--batch', opts.batch]],
    ['the same file again', [file, '--batch', opts.batch]],
    ['LIAR2 valid.csv with its mapping', [liar2, '--mapping', mapping, '--batch', opts.batch]],
  ];
  for (const [name, args] of runs) {
    const report = path.join(tmp, 'report.json');
    const { seconds, peak } = await runTool([cli('import'), ...args, '--report', report], target);
    const r = JSON.parse(readFileSync(report, 'utf8'));
    console.log(
      `| ${name} | ${r.read.toLocaleString('en')} | ${seconds.toFixed(1)} | ${Math.round(r.read / seconds).toLocaleString('en')} | ` +
        `${Math.round(peak)} | ${r.created.toLocaleString('en')} | ${r.unchanged.toLocaleString('en')} | ${r.rejected.length} | ` +
        `${r.linked.toLocaleString('en')} | ${r.unlinked.length.toLocaleString('en')} |`,
    );
  }
  console.log('\n(seconds include starting the command: connecting and checking migrations, about a second)');
}

main()
  .catch((error) => {
    console.error(`import bench failed: ${error.stack ?? error}`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(tmp, { recursive: true, force: true }));
