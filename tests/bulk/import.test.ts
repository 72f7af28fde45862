import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../../src/config';
import { readRecords, type ImportFormat } from '../../src/modules/import/import.formats';
import { ImportFileError } from '../../src/modules/import/import.mapping';
import { importRecords, type ImportOptions } from '../../src/modules/import/import.service';
import { createTestApp, serveHttp, type TestApp } from '../helpers/test-app';

// Imports through the same services as editors' writes: the native NDJSON bundle back into an empty database,
// PolitiFact's LIAR2 file through the shipped mapping, schema.org ClaimReview, bad files and bad rows, re-runs and
// a process killed half-way.

const LIAR2 = join(PROJECT_ROOT, 'tests', 'fixtures', 'liar2', 'valid.csv');
const MAPPING = join(PROJECT_ROOT, 'examples', 'mappings', 'liar2.json');
const CLAIMREVIEW = join(PROJECT_ROOT, 'examples', 'claimreview-sample.jsonld');

/** Every table of records, emptied: a database as a fresh install leaves it, before the demo data. */
const DATA_TABLES = ['statement', 'claim', 'speaker', 'topic', 'event', 'source', 'revision', 'record_origin'];
const empty = async (t: TestApp) => t.app.orm.em.fork().execute(`truncate ${DATA_TABLES.map((n) => `"${n}"`).join(', ')} cascade`);

const run = async (t: TestApp, file: string, format: ImportFormat, options: ImportOptions & { mapping?: string } = {}) =>
  importRecords(t.app.orm, await readRecords(file, format, { mapping: options.mapping }), options);

/** The UUID inside a global ID. */
const uuidOf = (globalId: string): string => Buffer.from(globalId, 'base64').toString().split(':')[1];

/** A small CSV file in LIAR2's columns, for cases the real file does not have. */
async function liar2Csv(name: string, rows: string[], separator = '\n'): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, ['id,label,statement,date,subject,speaker,speaker_description,context,justification', ...rows].join(separator));
  return file;
}

let dir: string;
let demo: TestApp;
let target: TestApp;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'import-'));
  demo = await createTestApp();
  target = await createTestApp();
});
afterAll(async () => {
  await demo?.close();
  await target?.close();
});

/** The whole database as NDJSON, through the export endpoint. */
async function exportAll(t: TestApp): Promise<string> {
  const http = await serveHttp(t.app);
  try {
    const response = await fetch(`${http.base}/export/statements.ndjson`);
    expect(response.status).toBe(200);
    return await response.text();
  } finally {
    await http.close();
  }
}

describe('native NDJSON', () => {
  it('round-trips: export, import into an empty database, export again gives the same file', async () => {
    const exported = await exportAll(demo);
    const file = join(dir, 'demo.ndjson');
    await writeFile(file, exported);
    await empty(target);
    expect(await target.count('statement')).toBe(0);

    // Small batches: links reach statements that later batches bring.
    const report = await run(target, file, 'ndjson', { batchSize: 5 });
    const lines = exported.split('\n').filter(Boolean).length;
    const links = exported
      .split('\n')
      .filter(Boolean)
      .reduce((n, line) => n + JSON.parse(line).links.length, 0);
    expect(links).toBeGreaterThan(5);
    expect(report).toMatchObject({ read: lines, created: lines, updated: 0, unchanged: 0, linked: links, rejected: [], unlinked: [] });
    expect(await exportAll(target)).toBe(exported);
    // Every row written left its revision.
    expect(await target.count('revision')).toBeGreaterThanOrEqual(lines);

    // A re-run adds nothing, and writes no revision.
    const revisions = await target.count('revision');
    expect(await run(target, file, 'ndjson')).toMatchObject({ read: lines, created: 0, updated: 0, unchanged: lines, linked: 0 });
    expect(await target.count('revision')).toBe(revisions);
    expect(await exportAll(target)).toBe(exported);
  });

  it('updates a record whose version changed, with a revision, and refuses broken lines by number', async () => {
    const exported = (await exportAll(demo)).split('\n').filter(Boolean);
    const firstLine = exported.find((line) => JSON.parse(line).links.length)!;
    const first = JSON.parse(firstLine);
    // The words corrected, and a link's note: the statement is updated, the link corrected, each with a revision.
    const [link, ...links] = first.links;
    const changed = {
      ...first,
      text: `${first.text} (corrected)`,
      version: first.version + 1,
      links: [{ ...link, note: 'Checked again.' }, ...links],
    };
    const file = join(dir, 'changed.ndjson');
    const other = exported.find((line) => line !== firstLine)!;
    await writeFile(file, [JSON.stringify(changed), '{"id": "not an id", "speaker": {}}', '{ broken', other].join('\n'));

    const report = await run(target, file, 'ndjson');
    expect(report).toMatchObject({ read: 4, created: 0, updated: 1, unchanged: 1, linked: 1, unlinked: [] });
    const [relation] = await target.app.orm.em.fork().execute<{ note: string; revisions: number }[]>(
      `select r.note, (select count(*)::int from revision v where v.entity_id = r.id and v.action = 'UPDATE') as revisions
         from statement_relation r where r.from_id = ? and r.to_id = ? and r.kind = ?`,
      [uuidOf(first.id), uuidOf(link.to), link.kind],
    );
    expect(relation).toEqual({ note: 'Checked again.', revisions: 1 });
    expect(report.rejected).toEqual([
      { line: 2, recordId: 'not an id', reason: expect.stringMatching(/id: "not an id" is not a valid ID/) },
      { line: 3, reason: expect.stringMatching(/^The line is not JSON/) },
    ]);
    const { node } = await target.data(
      `query($id: ID!) { node(id: $id) { ... on Statement { text revisions(first: 5) { edges { node { action actor } } } } } }`,
      {
        id: first.id,
      },
    );
    expect(node.text).toBe(changed.text);
    expect(node.revisions.edges.map((e: { node: { action: string } }) => e.node.action)).toContain('UPDATE');
  });

  it('imports a statement whose links lead out of the file and the database, and reports those links', async () => {
    const linked = (await exportAll(demo)).split('\n').find((line) => line && JSON.parse(line).links.length)!;
    const file = join(dir, 'one.ndjson');
    await writeFile(file, `${linked}\n`);
    await empty(target);
    const report = await run(target, file, 'ndjson');
    expect(report).toMatchObject({ read: 1, created: 1, linked: 0, rejected: [] });
    expect(report.unlinked).toHaveLength(JSON.parse(linked).links.length);
    expect(report.unlinked[0]).toEqual({
      line: 1,
      recordId: JSON.parse(linked).id,
      reason: expect.stringMatching(/^A link [A-Z_]+ to statement \S+, which is neither in the file nor in the database\.$/),
    });
  });
});

describe('CSV with a mapping file: LIAR2', () => {
  const rows = async () => parse(await readFile(LIAR2), { columns: true, bom: true }) as Record<string, string>[];

  it('imports valid.csv with the shipped mapping: every row, speaker and verdict, as the file has them', async () => {
    await empty(target);
    const report = await run(target, LIAR2, 'csv', { mapping: MAPPING });
    const file = await rows();
    expect(report).toMatchObject({ read: file.length, created: file.length, updated: 0, unchanged: 0, rejected: [] });

    const db = target.app.orm.em.fork();
    expect(await target.count('statement')).toBe(file.length);
    // One speaker per name (valid.csv has no two people of one name), and PolitiFact, the reviewer.
    const names = new Set(file.map((r) => r.speaker.trim()));
    expect(await target.count('speaker')).toBe(names.size + 1);
    // Verdicts per rating, counted in the file by the mapping's table.
    const mapping = JSON.parse(await readFile(MAPPING, 'utf8'));
    const expected: Record<string, number> = {};
    for (const r of file) expected[mapping.ratings[r.label].label] = (expected[mapping.ratings[r.label].label] ?? 0) + 1;
    const stored = await db.execute<{ rating_label: string; n: number }[]>(
      'select rating_label, count(*)::int as n from claim_review group by 1',
    );
    expect(Object.fromEntries(stored.map((r) => [r.rating_label, r.n]))).toEqual(expected);
    // Each row is traceable to its line in the file.
    expect(await target.count('record_origin')).toBe(file.length);

    // The rows answer GraphQL like any statement: speaker named as a name, date, topics, PolitiFact's verdict.
    const obama = file.find((r) => r.id === '419')!;
    const { search } = await target.data(
      `{ search(query: "only candidate who doesn't take a dime from oil company", first: 1, kinds: [STATEMENT]) { edges { node { node { ... on Statement {
          id text kind saidOn { date precision } setting speaker { name } topics { slug } origin { dataset recordId importedAt }
          positions(first: 1) { edges { node { stance claim { reviews(first: 1) { edges { node { ratingLabel rating reviewer { name } summary } } } } } } }
      } } } } } }`,
    );
    const statement = search.edges[0].node.node;
    expect(statement).toMatchObject({
      text: obama.statement,
      kind: 'QUOTE',
      saidOn: { date: '2008-04-16', precision: 'DAY' },
      setting: 'a television ad',
      speaker: { name: 'Barack Obama' },
      topics: [{ slug: 'energy' }],
      origin: { dataset: 'liar2', recordId: '419' },
    });
    expect(Date.now() - new Date(statement.origin.importedAt).getTime()).toBeLessThan(10 * 60_000);
    // The same through node(id); statements added by editors have no origin.
    const { node } = await target.data(`query($id: ID!) { node(id: $id) { ... on Statement { origin { dataset recordId } } } }`, {
      id: statement.id,
    });
    expect(node.origin).toEqual({ dataset: 'liar2', recordId: '419' });
    const { statements } = await demo.data(`{ statements(first: 1) { edges { node { origin { dataset } } } } }`);
    expect(statements.edges[0].node.origin).toBeNull();
    // A page of statements with their origins is one SQL statement, as any list is.
    const page = `{ statements(first: 20) { edges { node { text origin { dataset recordId importedAt } } } } }`;
    expect(await target.countSql(() => target.data(page))).toBe(1);
    expect(statement.positions.edges[0].node.claim.reviews.edges[0].node).toEqual({
      ratingLabel: 'Mostly True',
      rating: 'MOSTLY_TRUE',
      reviewer: { name: 'PolitiFact' },
      summary: obama.justification,
    });
    // "Says ..." is PolitiFact's paraphrase; pseudo-speakers are organisations, not people.
    const [says] = await db.execute<{ kind: string }[]>(`select kind from statement where text like 'Says %' group by kind`);
    expect(says.kind).toBe('PARAPHRASE');
    const [facebook] = await db.execute<{ kind: string }[]>(`select kind from speaker where name = 'Facebook Posts'`);
    expect(facebook.kind).toBe('ORGANIZATION');
  });

  it('adds nothing on a re-run, and updates a changed row with a revision', async () => {
    const revisions = await target.count('revision');
    const file = await rows();
    expect(await run(target, LIAR2, 'csv', { mapping: MAPPING })).toMatchObject({ created: 0, updated: 0, unchanged: file.length });
    expect(await target.count('revision')).toBe(revisions);

    // PolitiFact revises one verdict: the review changes, and its revision says so.
    const text = await readFile(LIAR2, 'utf8');
    const changedFile = join(dir, 'valid-changed.csv');
    await writeFile(changedFile, text.replace(/^419,4,/m, '419,5,'));
    const report = await run(target, changedFile, 'csv', { mapping: MAPPING });
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: file.length - 1, rejected: [] });
    const [review] = await target.app.orm.em
      .fork()
      .execute<{ id: string; rating_label: string }[]>(
        `select r.id, r.rating_label from claim_review r join position p on p.claim_id = r.claim_id join record_origin o on o.statement_id = p.statement_id where o.record_id = '419'`,
      );
    expect(review.rating_label).toBe('True');
    const [revision] = await target.app.orm.em
      .fork()
      .execute<{ before: { ratingLabel: string }; after: { ratingLabel: string } }[]>(
        `select before, after from revision where entity_id = ? and action = 'UPDATE'`,
        [review.id],
      );
    expect([revision.before.ratingLabel, revision.after.ratingLabel]).toEqual(['Mostly True', 'True']);
  });

  it('keeps two people of one name apart and reports it; finds a known speaker whatever the accents or case', async () => {
    const file = await liar2Csv(
      'homonyms.csv',
      [
        'h1,3,"Says the church grew under his leadership.","May 1, 2018",religion,mark harris,"Rev. Mark Harris, a former pastor in Charlotte.",a debate,Checked.',
        'h2,1,"Oshkosh cut its debt in half.","May 2, 2018",city-budget,mark harris,"Mark Harris, a Wisconsin Democrat, mayor of Oshkosh.",an interview,Checked.',
        'h3,3,"Says the church grew again.","June 1, 2018",religion,mark harris,"Rev. Mark Harris, a former pastor in Charlotte.",a rally,Checked.',
        'h4,5,"Ukraine proposed a 30-day ceasefire.","May 16, 2025",ceasefire,volodymyr zelenskyy,,a post on X,Checked.',
      ],
      '\r\n',
    );
    const before = await demo.count('speaker');
    const report = await run(demo, file, 'csv', { mapping: MAPPING });
    expect(report).toMatchObject({ created: 4, rejected: [] });
    expect(report.warnings).toEqual([expect.stringMatching(/^"Mark Harris" names more than one speaker/)]);
    // Two Mark Harrises and PolitiFact are new; Zelensky is the demo data's "Volodymyr Zelensky" (alias Zelenskyy).
    expect(await demo.count('speaker')).toBe(before + 3);
    const { speakers } = await demo.data(
      `{ speakers(first: 5, filter: { name: "Mark Harris" }) { edges { node { name description statements(first: 5) { totalCount } } } } }`,
    );
    expect(speakers.edges.map((e: { node: { statements: { totalCount: number } } }) => e.node.statements.totalCount).sort()).toEqual([
      1, 2,
    ]);
    const { search } = await demo.data(
      `{ search(query: "30-day ceasefire proposed", first: 5, kinds: [STATEMENT]) { edges { node { node { ... on Statement { text speaker { name } } } } } } }`,
    );
    expect(search.edges.map((e: { node: { node: unknown } }) => e.node.node)).toContainEqual({
      text: 'Ukraine proposed a 30-day ceasefire.',
      speaker: { name: 'Volodymyr Zelensky' },
    });
  });

  it('refuses bad rows with their line and reason, and imports the others', async () => {
    const file = await liar2Csv('bad-rows.csv', [
      'b1,3,"A fine row.","May 1, 2018",taxes,jane roe,,a speech,Checked.',
      'b2,3,"A row with a date nobody wrote.","Someday 1, 2018",taxes,jane roe,,a speech,Checked.',
      'b3,9,"A row with an unknown label.","May 1, 2018",taxes,jane roe,,a speech,Checked.',
      'b4,3,"","May 1, 2018",taxes,jane roe,,a speech,Checked.',
      'b5,3,"Another fine row,\nover two lines.","May 2, 2018",taxes,jane roe,,a speech,Checked.',
    ]);
    const report = await run(target, file, 'csv', { mapping: MAPPING });
    expect(report).toMatchObject({ read: 5, created: 2 });
    expect(report.rejected).toEqual([
      { line: 3, recordId: 'b2', reason: 'date "Someday 1, 2018" is not a date written as "MMMM d, yyyy".' },
      { line: 4, recordId: 'b3', reason: expect.stringMatching(/^label "9" is not in the mapping's ratings/) },
      { line: 5, recordId: 'b4', reason: expect.stringMatching(/^text must not be empty/) },
    ]);
  });

  it('never holds a record too large to read: an NDJSON line is refused, a CSV record stops the import there', async () => {
    const csv = await liar2Csv('huge.csv', [
      'g1,3,"Before the huge row.","May 1, 2018",taxes,jane roe,,a speech,Checked.',
      `g2,3,"${'x'.repeat(2_000_000)}","May 1, 2018",taxes,jane roe,,a speech,Checked.`,
      'g3,3,"After the huge row.","May 1, 2018",taxes,jane roe,,a speech,Checked.',
    ]);
    // A CSV record that large means broken quoting: what follows cannot be trusted, so the import stops there.
    await expect(run(target, csv, 'csv', { mapping: MAPPING })).rejects.toThrow(
      /^Line 3: a record longer than 1,000,000 characters, so the file's quoting is broken from there/,
    );
    const [{ n }] = await target.app.orm.em.fork().execute(`select count(*)::int as n from statement where text like '% the huge row.'`);
    expect(n).toBe(1);

    // A record that links to no other statement, so that it stands alone in this database.
    const first = (await exportAll(demo)).split('\n').find((line) => line && !JSON.parse(line).links.length)!;
    const ndjson = join(dir, 'huge.ndjson');
    await writeFile(ndjson, [first, `{"id": "${'x'.repeat(5_000_000)}"}`, '', first].join('\n'));
    const fromNdjson = await run(target, ndjson, 'ndjson');
    expect(fromNdjson.read).toBe(3);
    expect(fromNdjson.rejected).toEqual([{ line: 2, reason: 'The line is longer than 4 MB, the most a record may take.' }]);
  });

  it('stops before writing on a bad file: no mapping, a mapping naming a missing column, a broken mapping', async () => {
    const statements = await target.count('statement');
    await expect(readRecords(LIAR2, 'csv')).rejects.toThrow(/needs a mapping file/);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "dataset": ');
    await expect(readRecords(LIAR2, 'csv', { mapping: broken })).rejects.toThrow(ImportFileError);
    const wrong = join(dir, 'wrong.json');
    const mapping = JSON.parse(await readFile(MAPPING, 'utf8'));
    await writeFile(wrong, JSON.stringify({ ...mapping, columns: { ...mapping.columns, text: 'quote' } }));
    await expect(run(target, LIAR2, 'csv', { mapping: wrong })).rejects.toThrow('The file has no column "quote" (columns.text)');
    await writeFile(wrong, JSON.stringify({ ...mapping, ratings: { 0: { label: 'False', rating: 'WRONGISH' } } }));
    await expect(readRecords(LIAR2, 'csv', { mapping: wrong })).rejects.toThrow(/ratings.0.rating is one of TRUE/);
    await expect(readRecords(CLAIMREVIEW, 'ndjson').then((items) => importRecords(target.app.orm, items))).rejects.toThrow(/is not NDJSON/);
    await expect(run(target, MAPPING, 'claimreview')).rejects.toThrow(/holds no schema.org ClaimReview/);
    expect(await target.count('statement')).toBe(statements);
  });
});

describe('schema.org ClaimReview', () => {
  it('imports speakers, claims, statements and verdicts that every query, search and export then shows', async () => {
    const report = await run(demo, CLAIMREVIEW, 'claimreview');
    expect(report).toMatchObject({ read: 5, created: 4, updated: 0 });
    expect(report.rejected).toEqual([
      { line: 5, recordId: expect.stringContaining('unattributed'), reason: expect.stringMatching(/itemReviewed.author/) },
    ]);

    // Known speakers are found by Wikidata ID (Putin, Zelensky) or name (Medinsky); Peskov is new.
    const { search } = await demo.data(
      `{ search(query: "6,000 bodies", first: 10, kinds: [STATEMENT]) { edges { node { node { ... on Statement {
          text kind saidOn { date } speaker { name } citations { source { url title } }
          positions(first: 1) { edges { node { claim { reviews(first: 1) { edges { node { ratingLabel rating url reviewer { name } } } } } } } }
      } } } } } }`,
    );
    // The demo data holds the same words by Medinsky, without this review: the import adds its own statement.
    const medinsky = search.edges
      .map((e: { node: { node: unknown } }) => e.node.node)
      .find(
        (n: { speaker: { name: string }; positions: { edges: { node: { claim: { reviews: { edges: unknown[] } } } }[] } }) =>
          n.speaker.name === 'Vladimir Medinsky' && n.positions.edges.some((p) => p.node.claim.reviews.edges.length),
      );
    expect(medinsky).toMatchObject({
      text: 'Russia will return the bodies of 6,000 Ukrainian soldiers in the coming week.',
      kind: 'PARAPHRASE',
      saidOn: { date: '2025-06-02' },
      citations: [{ source: { url: 'https://factcheck.example.org/sources/medinsky-briefing-2025-06-02' } }],
    });
    expect(medinsky.positions.edges[0].node.claim.reviews.edges[0].node).toEqual({
      ratingLabel: 'Unproven',
      rating: 'UNPROVEN',
      url: 'https://factcheck.example.org/2025/06/medinsky-bodies-timeline',
      reviewer: { name: 'Sample Fact Desk' },
    });
    const db = demo.app.orm.em.fork();
    const bySpeaker = await db.execute<{ name: string; rating: string }[]>(
      `select sp.name, r.rating from record_origin o join statement s on s.id = o.statement_id join speaker sp on sp.id = s.speaker_id
       join position p on p.statement_id = s.id join claim_review r on r.claim_id = p.claim_id where o.dataset = 'claimreview' order by sp.name`,
    );
    expect(bySpeaker).toEqual([
      { name: 'Dmitry Peskov', rating: 'TRUE' },
      { name: 'Vladimir Medinsky', rating: 'UNPROVEN' },
      { name: 'Vladimir Putin', rating: 'MOSTLY_FALSE' },
      { name: 'Volodymyr Zelensky', rating: 'MOSTLY_TRUE' },
    ]);
    expect(await exportAll(demo)).toContain('Sample Fact Desk');
    expect(await run(demo, CLAIMREVIEW, 'claimreview')).toMatchObject({ created: 0, unchanged: 4 });
  });
});

describe('the command', () => {
  const cli = (args: string[], databaseUrl: string) =>
    spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'cli', 'import.js'), ...args], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
  const finished = (child: ReturnType<typeof cli>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('survives being killed half-way: whole batches only, and a re-run finishes the file', async () => {
    await empty(target);
    const total = (await parse(await readFile(LIAR2), { columns: true })).length;
    const child = cli([LIAR2, '--mapping', MAPPING, '--batch', '100'], target.app.databaseUrl);
    const done = finished(child);
    // Killed without warning once some batches have committed.
    for (let n = 0; n < 100 && (await target.count('record_origin')) < 300; n++) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await done;
    const imported = await target.count('record_origin');
    expect(imported).toBeGreaterThan(0);
    expect(imported).toBeLessThan(total);
    expect(imported % 100).toBe(0);
    expect(await target.count('statement')).toBe(imported);

    const rerun = await finished(cli([LIAR2, '--mapping', MAPPING, '--report', 'liar2-report.json'], target.app.databaseUrl));
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`read ${total}, created ${total - imported}, updated 0, unchanged ${imported}, rejected 0`);
    // Not a terminal: plain progress lines instead of a redrawn bar.
    expect(rerun.stderr).toMatch(/\d+% \| \d+ records \| \d+ records\/s \| ETA/);
    const report = JSON.parse(await readFile(join(dir, 'liar2-report.json'), 'utf8'));
    expect(report).toMatchObject({ read: total, created: total - imported, unchanged: imported, rejected: [] });
    expect(await target.count('statement')).toBe(total);
  });

  it('stops with exit code 2 and the reason on a bad file, writing nothing', async () => {
    const statements = await target.count('statement');
    const noMapping = await finished(cli([LIAR2], target.app.databaseUrl));
    expect(noMapping.code).toBe(2);
    expect(noMapping.stderr).toMatch(/needs a mapping file/);
    const unknown = await finished(cli([join(dir, 'data.xlsx')], target.app.databaseUrl));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--format is one of ndjson, csv, claimreview/);
    expect(await target.count('statement')).toBe(statements);
  });

  it('reports what it would do on a dry run, and writes nothing', async () => {
    const statements = await target.count('statement');
    const dry = await finished(cli([CLAIMREVIEW, '--dry-run'], target.app.databaseUrl));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run (nothing written)');
    expect(dry.stdout).toContain('read 5, created 4, updated 0, unchanged 0, rejected 1');
    expect(await target.count('statement')).toBe(statements);
  });
});
