// npm run bench:export -- --size S|M|L|XL [--formats ndjson,csv,jsonld] [--service-dir DIR]
//
// Bulk export at scale (issue 9): each format of GET /export/statements.<format> downloaded whole from the service's
// production build over a benchmark data set (`npm run bench` generates them), with statements per second, bytes,
// and the service's peak resident memory while it streams; and PostgreSQL's own COPY of the statement table, the
// most any export could do, for the ratio.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { existingDataset, plan } from './lib/generate.mjs';
import { benchDatabaseUrl, freePort, rssMb, startService, stopProcess } from './lib/procs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    formats: { type: 'string', default: 'ndjson,csv,jsonld' },
    'service-dir': { type: 'string', default: ROOT },
  },
});
const size = opts.size.toUpperCase();
plan(size);
const databaseUrl = benchDatabaseUrl(`fact_tracker_bench_${size}`);

async function main() {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect().catch(() => {
    throw new Error(`no data set ${size} yet: run \`npm run bench -- --size ${size} --queries Q2 --rounds 1\` first`);
  });
  try {
    if (!(await existingDataset(db, size))) throw new Error(`data set ${size} is not complete: run \`npm run bench -- --size ${size}\``);
    const { rows } = await db.query('select count(*)::int as n from statement');
    console.log(`data set ${size}: ${rows[0].n.toLocaleString('en')} statements\n`);

    // The floor: PostgreSQL's own COPY of the statement table (every column) to a file on its side, /dev/null, so
    // that no client's reading is counted (this needs a superuser or pg_write_server_files, as on a bench machine).
    const started = performance.now();
    const copy = spawnSync('psql', [databaseUrl, '-q', '-c', "copy statement to '/dev/null'"]);
    if (copy.status !== 0) throw new Error(`psql copy failed: ${copy.stderr}`);
    const copySeconds = (performance.now() - started) / 1000;
    const copyRate = rows[0].n / copySeconds;
    console.log(
      `PostgreSQL's COPY of the statement table to /dev/null: ${copySeconds.toFixed(1)} s, ${Math.round(copyRate).toLocaleString('en')} rows/s\n`,
    );

    const port = await freePort();
    const service = await startService(path.resolve(opts['service-dir']), databaseUrl, port);
    try {
      // Records not stored yet (a new data set, or statements changed since the last export) are built and stored by
      // the first export: it is timed on its own, then each format from the stored records.
      const missing = (
        await db.query(
          `select count(*)::int as n from statement_export x join statement s on s.id = x.statement_id
           where x.record is null and s.attribution_status not in ('MISATTRIBUTED', 'RETRACTED')`,
        )
      ).rows[0].n;
      const formats = opts.formats.split(',');
      const runs = missing > 0 ? [formats[0], ...formats] : formats;
      console.log('| format | statements | headers after s | seconds | statements/s | / COPY | MB | service RSS MB at start | peak |');
      console.log('|---|---|---|---|---|---|---|---|---|');
      for (const [run, format] of runs.entries()) {
        const idle = rssMb(service.pid);
        let peak = idle;
        const sampler = setInterval(() => {
          peak = Math.max(peak, rssMb(service.pid));
        }, 100);
        const begun = performance.now();
        // node:http rather than fetch, whose client gives up after five minutes without headers or bytes: the first
        // export of a data set stores its records before its first line.
        const response = await new Promise((resolve, reject) =>
          http.get(`http://127.0.0.1:${port}/export/statements.${format}`, resolve).once('error', reject),
        );
        if (response.statusCode !== 200) throw new Error(`${format}: HTTP ${response.statusCode}`);
        const headersAfter = (performance.now() - begun) / 1000;
        let bytes = 0;
        let newlines = 0;
        for await (const chunk of response) {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
        }
        clearInterval(sampler);
        const seconds = (performance.now() - begun) / 1000;
        // NDJSON: a line per statement; CSV: a header line too (texts here hold no line breaks); JSON-LD: a line per
        // statement between the opening line and the two closing ones.
        const statements = format === 'ndjson' ? newlines : format === 'csv' ? newlines - 1 : newlines - 2;
        const rate = statements / seconds;
        console.log(
          `| ${run === 0 && missing > 0 ? `${format}, storing ${missing.toLocaleString('en')} records` : format} | ${statements.toLocaleString('en')} | ${headersAfter.toFixed(1)} | ${seconds.toFixed(1)} | ${Math.round(rate).toLocaleString('en')} | ` +
            `${(rate / copyRate).toFixed(2)}x | ${Math.round(bytes / 1e6).toLocaleString('en')} | ${Math.round(idle)} | ${Math.round(peak)} |`,
        );
        // Storing leaves an old version of every row it filled, which autovacuum clears on a server where it runs
        // (it does by default; some bench machines turn it off): the downloads after it are measured as they would be.
        if (run === 0 && missing > 0) await db.query('vacuum analyze statement_export');
      }
    } finally {
      await stopProcess(service);
    }
  } finally {
    await db.end();
  }
}

main().catch((error) => {
  console.error(`export bench failed: ${error.stack ?? error}`);
  process.exitCode = 1;
});
