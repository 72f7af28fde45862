// npm run bench:provenance -- [--citations N] [--service-dir DIR]
//
// Provenance at scale (issue 10), in a database of its own (fact_tracker_bench_provenance, recreated): one
// source whose archived text is as long as allowed (1,000,000 characters, about 12,000 sentences), cited N times
// (default 100,000: each sentence by several statements, as a long transcript is). Prints seconds, rates and the
// process's peak resident memory for: reducing a 1 MB HTML page to its text; anchoring citations as they are
// written (the service's createStatement, in batches of 500); replacing the text with a correction that shifts
// every passage and drops a tenth of them (every citation re-anchored); restoring it; verify-citations over
// everything; and listing the MISSING citations with their context through GraphQL.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { adminQuery, benchDatabaseUrl } from './lib/procs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    citations: { type: 'string', default: '100000' },
    'service-dir': { type: 'string', default: ROOT },
  },
});
const CITATIONS = Number(opts.citations);
const WRITTEN_ONE_BY_ONE = Math.min(5_000, CITATIONS);
const dist = (module) => path.join(path.resolve(opts['service-dir']), 'dist', 'src', module);
const target = benchDatabaseUrl('fact_tracker_bench_provenance');

/** Runs `fn`, sampling this process's resident memory; answers seconds and the peak in MB. */
async function measured(fn) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const result = await fn();
    return { result, seconds: (performance.now() - started) / 1000, peakMb: Math.round(peak / 2 ** 20) };
  } finally {
    clearInterval(sampler);
  }
}

const sentence = (i) => `Sentence ${i}: the delegation said the talks on item ${i} would go on “as planned” next week.`;
/** Paragraphs of ten sentences, up to the archive's limit; `drop` leaves out every paragraph it names. */
function document(sentences, drop = () => false) {
  const paragraphs = [];
  for (let p = 0; p * 10 < sentences; p++) {
    if (drop(p)) continue;
    paragraphs.push(Array.from({ length: Math.min(10, sentences - p * 10) }, (_, k) => sentence(p * 10 + k)).join(' '));
  }
  return paragraphs.join('\n\n');
}
let SENTENCES = 1;
while (document(SENTENCES + 10).length < 990_000) SENTENCES += 10;

const row = (name, m, count, unit) =>
  console.log(
    `| ${name.padEnd(58)} | ${m.seconds.toFixed(2).padStart(7)} | ${
      count
        ? Math.round(count / m.seconds)
            .toLocaleString('en')
            .padStart(9) + ` ${unit}/s`
        : ''.padStart(19)
    } | ${String(m.peakMb).padStart(6)} |`,
  );

async function main() {
  await adminQuery(`drop database if exists fact_tracker_bench_provenance with (force)`);
  await adminQuery(`create database fact_tracker_bench_provenance`);
  process.env.DATABASE_URL = target;
  const { createApp } = await import(dist('app.js'));
  const { loadConfig } = await import(dist('config.js'));
  const { silentLogger } = await import(dist('shared/logger.js'));
  const sources = await import(dist('modules/sources/source.service.js'));
  const { readableText } = await import(dist('modules/sources/readable-text.js'));
  const { createPerson } = await import(dist('modules/speakers/speaker.service.js'));
  const { createStatement } = await import(dist('modules/statements/statement.service.js'));
  const { createContext } = await import(dist('context.js'));
  const app = await createApp({ ...loadConfig(), seedDemoData: false }, silentLogger);
  const { orm } = app;
  const knex = orm.em.getKnex();
  const text = document(SENTENCES);
  console.log(
    `One source: ${text.length.toLocaleString('en')} characters, ${SENTENCES.toLocaleString('en')} sentences; ${CITATIONS.toLocaleString('en')} citations.\n`,
  );
  console.log(`| ${'step'.padEnd(58)} | seconds | ${'rate'.padEnd(19)} | RSS MB |`);
  console.log(`| ${'-'.repeat(58)} | ------: | ${'-'.repeat(19)} | -----: |`);

  const html = `<!doctype html><html><head><title>Transcript</title></head><body><nav>${'<a href="/x">Menu</a> '.repeat(200)}</nav><article><h1>Transcript</h1>${text
    .split('\n\n')
    .map((p) => `<p>${p}</p>`)
    .join('\n')}</article><aside>${'<p>Most read</p>'.repeat(100)}</aside></body></html>`;
  const extracted = await measured(async () => readableText(html));
  row(`HTML page of ${(html.length / 1e6).toFixed(1)} MB to readable text`, extracted);

  const ids = await orm.em.fork().transactional(async (em) => {
    const writer = { em, actor: 'bench' };
    const speaker = createPerson(writer, { name: 'A Speaker' });
    const source = sources.createSource(writer, { title: 'A long transcript' });
    await em.flush();
    const archived = await measured(() => sources.archiveSourceText(writer, source, { text, from: 'TEXT' }));
    row('archive the 1,000,000-character text (no citations yet)', archived);
    return { speaker: speaker.id, source: source.id };
  });

  // Written through the service, as an editor's or an import's writes are: each excerpt anchored as it is written.
  const written = await measured(async () => {
    for (let from = 0; from < WRITTEN_ONE_BY_ONE; from += 500) {
      await orm.em.fork().transactional(async (em) => {
        const writer = { em, actor: 'bench' };
        for (let i = from; i < Math.min(from + 500, WRITTEN_ONE_BY_ONE); i++) {
          await createStatement(writer, {
            text: `Statement ${i}`,
            kind: 'PARAPHRASE',
            speakerId: ids.speaker,
            saidOn: { date: '2025-06-02' },
            citations: [{ sourceId: ids.source, excerpt: sentence(i % SENTENCES).replace(/[“”]/g, '"') }],
          });
        }
      });
    }
  });
  row(
    `write ${WRITTEN_ONE_BY_ONE.toLocaleString('en')} statements, each citation anchored (batches of 500)`,
    written,
    WRITTEN_ONE_BY_ONE,
    'stmt',
  );

  // The rest in bulk (as the bench's data generator writes), unanchored: the next archive anchors them.
  if (CITATIONS > WRITTEN_ONE_BY_ONE) {
    await knex.raw(`set statement_timeout = 0`);
    await knex.raw(
      `with s as (
         insert into statement (id, text, kind, speaker_id, said_on_start, said_on_end, said_on_precision)
         select gen_random_uuid(), 'Statement ' || i, 'PARAPHRASE', ?, '2025-06-02', '2025-06-02', 'DAY'
         from generate_series(?::int, ?::int) i returning id, text)
       insert into citation (id, statement_id, source_id, excerpt)
       select gen_random_uuid(), s.id, ?, 'Sentence ' || n || ': the delegation said the talks on item ' || n || ' would go on "as planned" next week.'
       from s, lateral (select (substr(s.text, 11)::int % ?) as n) k`,
      [ids.speaker, WRITTEN_ONE_BY_ONE, CITATIONS - 1, ids.source, SENTENCES],
    );
    await knex.raw('analyze citation');
  }

  const archive = (newText) =>
    measured(() =>
      orm.em.fork().transactional(async (em) => {
        const writer = { em, actor: 'bench' };
        const source = await em.findOneOrFail('Source', ids.source);
        return (await sources.archiveSourceText(writer, source, { text: newText, from: 'TEXT' })).check.counts;
      }),
    );
  const corrected = `Correction: an earlier version of this transcript misnumbered some items.\n\n${document(SENTENCES, (p) => p % 10 === 3)}`;
  const drift = await archive(corrected);
  const counts = (c) => `${c.VERIFIED} VERIFIED, ${c.MOVED} MOVED, ${c.MISSING} MISSING`;
  row(`replace the text (${counts(drift.result)})`, drift, CITATIONS, 'cit.');
  const restored = await archive(text);
  row(`restore it (${counts(restored.result)})`, restored, CITATIONS, 'cit.');
  await archive(corrected);

  const verified = await measured(() => sources.verifyAllCitations(orm.em.fork(), 'bench'));
  row(`verify-citations over everything (${verified.result.changed.length} changed)`, verified, CITATIONS, 'cit.');

  const query = `{ citations(first: 100, filter: { status: [MISSING] }) { totalCount edges { node { excerpt anchor { start } statement { text } source { title } } } } }`;
  const listed = await measured(async () => {
    let answer;
    for (let i = 0; i < 20; i++) {
      const response = await app.server.executeOperation({ query }, { contextValue: createContext(orm, {}) });
      answer = response.body.singleResult;
    }
    return answer;
  });
  if (listed.result.errors) throw new Error(JSON.stringify(listed.result.errors));
  const data =
    typeof listed.result.data === 'object' && 'text' in listed.result.data ? JSON.parse(listed.result.data.text) : listed.result.data;
  console.log(
    `| ${`GraphQL: 100 MISSING citations of ${data.citations.totalCount.toLocaleString('en')}, with totalCount`.padEnd(58)} | ${((listed.seconds / 20) * 1000).toFixed(1).padStart(5)}ms | ${'(mean of 20)'.padEnd(19)} | ${String(listed.peakMb).padStart(6)} |`,
  );
  const contexts = `{ citations(first: 100, filter: { status: [MOVED] }) { edges { node { context(characters: 200) { before exact after } } } } }`;
  const context = await measured(async () => {
    for (let i = 0; i < 20; i++) await app.server.executeOperation({ query: contexts }, { contextValue: createContext(orm, {}) });
  });
  console.log(
    `| ${'GraphQL: 100 MOVED citations, each with 400 characters of context'.padEnd(58)} | ${((context.seconds / 20) * 1000).toFixed(1).padStart(5)}ms | ${'(mean of 20)'.padEnd(19)} | ${String(context.peakMb).padStart(6)} |`,
  );
  await app.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
