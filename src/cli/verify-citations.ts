import 'reflect-metadata';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { verifyAllCitations } from '../modules/sources/source.service';
import { CitationStatus } from '../shared/enums';
import { encodeId } from '../shared/global-id';
import { silentLogger } from '../shared/logger';

// Checks every citation of every source with an archived text against that text, as archiving a new text does
// for one source, and prints what it found. Exits 1 when any excerpt is missing from its source's text, so a
// scheduled run can alert someone.
async function main(): Promise<number> {
  const app = await createApp({ ...loadConfig(), seedDemoData: false, databasePoolSize: 2 }, silentLogger);
  try {
    const started = Date.now();
    const report = await verifyAllCitations(app.orm.em.fork(), 'verify-citations', (done) => {
      if (done % 1000 === 0) process.stderr.write(`${done} sources checked\n`);
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`Checked ${report.sources} source(s) with an archived text in ${seconds} s.`);
    for (const status of Object.values(CitationStatus)) console.log(`  ${status.padEnd(10)} ${report.counts[status]}`);
    if (report.changed.length) {
      console.log(`\nChanged since the last check (${report.changed.length}):`);
      for (const c of report.changed) {
        console.log(`  ${c.from} -> ${c.to}  statement ${encodeId('Statement', c.statementId)}  source ${encodeId('Source', c.sourceId)}`);
      }
    }
    if (report.counts[CitationStatus.MISSING]) {
      console.log(`\n${report.counts[CitationStatus.MISSING]} excerpt(s) are no longer in their source's text: list them with`);
      console.log('  { citations(filter: { status: [MISSING] }) { edges { node { excerpt statement { id } source { id title } } } } }');
    }
    return report.counts[CitationStatus.MISSING] ? 1 : 0;
  } finally {
    await app.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
