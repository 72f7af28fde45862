import 'reflect-metadata';
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { formatOf, IMPORT_FORMATS, readRecords, type ImportFormat } from '../modules/import/import.formats';
import { ImportFileError } from '../modules/import/import.mapping';
import { importRecords, reasonOf, type ImportReport } from '../modules/import/import.service';
import { isDatabaseUnavailable } from '../shared/format-error';
import { silentLogger } from '../shared/logger';

const USAGE = `npm run import -- FILE [--format ndjson|csv|claimreview] [--mapping M.json] [--dry-run] [--batch N] [--report R.json]`;

// Imports a file into the database in DATABASE_URL: a native NDJSON export, a CSV file with a mapping file, or
// schema.org ClaimReview JSON-LD. Shows a progress bar on a terminal (a line every few seconds otherwise), prints
// the report and writes it, with every refused record, to a JSON file.
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      format: { type: 'string' },
      mapping: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      batch: { type: 'string', default: '500' },
      report: { type: 'string' },
    },
    allowPositionals: true,
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new ImportFileError(`Name one file to import.\nUsage: ${USAGE}`);
  const format = (values.format ?? formatOf(file)) as ImportFormat | undefined;
  if (!format || !IMPORT_FORMATS.includes(format)) {
    throw new ImportFileError(`--format is one of ${IMPORT_FORMATS.join(', ')} (the file name does not say which).\nUsage: ${USAGE}`);
  }
  const batchSize = Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    throw new ImportFileError('--batch is a whole number from 1 to 10000.');
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw new ImportFileError(`${file} cannot be read: ${(error as Error).message}`);
  }

  const bar = new SingleBar({
    stream: process.stderr,
    format: '{bar} {percentage}% | {rows} records | {rate} records/s | ETA {eta_formatted}',
    noTTYOutput: true,
    notTTYSchedule: 5000,
    hideCursor: true,
  });
  let bytes = 0;
  // The file is checked (format, mapping, columns) before the database is opened.
  const items = await readRecords(file, format, { mapping: values.mapping, bytesRead: (read) => (bytes = read) });
  const app = await createApp({ ...loadConfig(), seedDemoData: false, databasePoolSize: 2 }, silentLogger);
  const started = Date.now();
  const rate = (report: ImportReport) => Math.round(report.read / Math.max((Date.now() - started) / 1000, 0.001));
  bar.start(Math.max(size, 1), 0, { rows: 0, rate: 0 });
  let report: ImportReport;
  try {
    report = await importRecords(app.orm, items, {
      batchSize,
      dryRun: values['dry-run'],
      actor: `import ${basename(file)}`,
      onProgress: (r) => bar.update(Math.min(bytes, size), { rows: r.read, rate: rate(r) }),
    });
    bar.update(size, { rows: report.read, rate: rate(report) });
  } finally {
    bar.stop();
    await app.stop();
  }

  const seconds = (Date.now() - started) / 1000;
  const out = values.report ?? `${basename(file)}.import-report.json`;
  await writeFile(out, `${JSON.stringify({ file, format, dryRun: values['dry-run'], seconds, ...report }, null, 2)}\n`);
  const lines = [
    `${values['dry-run'] ? 'Dry run (nothing written)' : 'Imported'} ${file} in ${seconds.toFixed(1)} s (${rate(report)} records/s):`,
    `  read ${report.read}, created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected.length}`,
    ...(report.linked || report.unlinked.length
      ? [`  links between statements added or changed: ${report.linked}, refused: ${report.unlinked.length}`]
      : []),
    ...report.rejected.slice(0, 10).map((r) => `  rejected line ${r.line}${r.recordId ? ` (${r.recordId})` : ''}: ${r.reason}`),
    ...(report.rejected.length > 10 ? [`  ... and ${report.rejected.length - 10} more`] : []),
    ...report.unlinked.slice(0, 3).map((r) => `  link refused, line ${r.line}: ${r.reason}`),
    ...report.warnings.slice(0, 10).map((w) => `  note: ${w}`),
    ...(report.warnings.length > 10 ? [`  ... and ${report.warnings.length - 10} more notes`] : []),
    `Report with every refused record and note: ${out}`,
  ];
  console.log(lines.join('\n'));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A bad file or mapping stops the import before anything is written.
    if (error instanceof ImportFileError) console.error(error.message);
    else if (isDatabaseUnavailable(error)) {
      console.error(
        `The database became unavailable: ${reasonOf(error)} The batches written so far are kept: run the same command again to finish.`,
      );
    } else console.error(error);
    process.exit(error instanceof ImportFileError ? 2 : 1);
  },
);
