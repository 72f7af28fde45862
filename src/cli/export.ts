import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { createContext } from '../context';
import { EXPORT_FORMATS, type ExportFormat } from '../modules/export/export.formats';
import { filterFromQuery } from '../modules/export/export.router';
import { exportStatements } from '../modules/export/export.service';
import { classifyError } from '../shared/format-error';
import { silentLogger } from '../shared/logger';

// `npm run export -- --format csv|ndjson|jsonld [--out FILE] [--bom] [--<filter field> VALUE ...]`: the same export
// as GET /export/statements.<format>, from the database in DATABASE_URL, to a file or standard output. Filter
// fields as in the URL: `--topics ceasefire --saidFrom 2025`.
async function main(): Promise<void> {
  const { values, tokens } = parseArgs({
    options: { format: { type: 'string', default: 'ndjson' }, out: { type: 'string' }, bom: { type: 'boolean', default: false } },
    strict: false,
    tokens: true,
  });
  const format = String(values.format) as ExportFormat;
  if (!Object.hasOwn(EXPORT_FORMATS, format)) throw new Error(`--format is one of ${Object.keys(EXPORT_FORMATS).join(', ')}.`);
  // Filter fields are not known to parseArgs: `--topics ceasefire` reads as a flag and a positional after it.
  const query: Record<string, string[]> = {};
  const all = tokens ?? [];
  for (const [i, token] of all.entries()) {
    if (token.kind === 'positional' && all[i - 1]?.kind === 'option') continue;
    if (token.kind === 'positional') throw new Error(`"${token.value}" is no option: filter fields are given as --name value.`);
    if (token.kind !== 'option' || ['format', 'out', 'bom'].includes(token.name)) continue;
    const next = all[i + 1];
    const value = token.value ?? (next?.kind === 'positional' ? next.value : undefined);
    if (value === undefined) throw new Error(`--${token.name} needs a value.`);
    (query[token.name] ??= []).push(value);
  }
  const app = await createApp({ ...loadConfig(), seedDemoData: false, databasePoolSize: 2 }, silentLogger);
  try {
    const filter = await filterFromQuery(app.schema, createContext(app.orm), query);
    const out = values.out ? createWriteStream(String(values.out)) : process.stdout;
    const started = Date.now();
    const db = app.orm.em.getKnex();
    const written = await exportStatements(db, filter, format, out, { bom: Boolean(values.bom), writer: db });
    const seconds = (Date.now() - started) / 1000;
    console.error(`${written} statements in ${seconds.toFixed(1)} s (${Math.round(written / Math.max(seconds, 0.001))}/s)`);
  } finally {
    await app.stop();
  }
}

main().catch((error: unknown) => {
  // Standard output closed early (`| head`): nothing more to say.
  if ((error as { code?: string }).code === 'EPIPE') process.exit(0);
  // A bad filter reads as the URL's 400 would.
  console.error(classifyError(error, error instanceof Error ? error.message : String(error)).message);
  process.exit(1);
});
