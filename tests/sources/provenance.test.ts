import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '../../src/modules/auth/role';
import { MAX_SOURCE_FILE_BYTES, readableText, sourceFile, SourceFileError } from '../../src/modules/sources/readable-text';
import { verifyAllCitations } from '../../src/modules/sources/source.service';
import { decodeId } from '../../src/shared/global-id';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Archived source texts and the anchors of citations in them: written, checked again when the text changes,
// and checked all at once by `npm run verify-citations`.

let t: TestApp;
let editor: string;
let speakerId: string;
beforeAll(async () => {
  t = await createTestApp();
  editor = await t.key(Role.EDITOR);
  const { speakers } = await t.data(`{ speakers(first: 1, filter: { name: "Medinsky" }) { edges { node { id } } } }`);
  speakerId = speakers.edges[0].node.id;
});
afterAll(() => t.close());

const nodes = (connection: { edges: { node: any }[] }) => connection.edges.map((e) => e.node);
const SOURCE_FIELDS = `id version contentHash archivedAt text textVersions(first: 10) { totalCount edges { node { contentHash length archivedFrom current } } }
  citationCounts { verified moved missing unverified total }`;
const CITATION_FIELDS = `excerpt status anchor { exact prefix suffix start end } context(characters: 20) { before exact after }`;

async function createSource(input: Record<string, unknown>) {
  const { data, errors } = await t.gql(
    `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { ${SOURCE_FIELDS} } } }`,
    { input: { title: 'A report', ...input } },
    { key: editor },
  );
  expect(errors).toBeUndefined();
  return data.createSource.source;
}

function archive(input: { id: string; version: number; text?: string; html?: string }) {
  return t.gql(
    `mutation($input: ArchiveSourceInput!) { archiveSource(input: $input) { source { ${SOURCE_FIELDS} } } }`,
    { input },
    { key: editor },
  );
}

async function cite(sourceId: string, excerpts: string[]) {
  const ids: string[] = [];
  for (const excerpt of excerpts) {
    const { data, errors } = await t.gql(
      `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id citations { ${CITATION_FIELDS} } } } }`,
      { input: { text: excerpt, kind: 'PARAPHRASE', speakerId, saidOn: { date: '2025-06-02' }, citations: [{ sourceId, excerpt }] } },
      { key: editor },
    );
    expect(errors).toBeUndefined();
    ids.push(data.createStatement.statement.id);
  }
  return ids;
}

const citationsOf = async (sourceId: string, status?: string[]) =>
  (
    await t.data(
      `query($f: CitationFilter) { citations(first: 100, filter: $f) { totalCount edges { node { ${CITATION_FIELDS} statement { id } } } } }`,
      { f: { sourceIds: [sourceId], ...(status ? { status } : {}) } },
    )
  ).citations;

const TEXT = [
  'Talks in Istanbul',
  '',
  'The delegations met on Monday. Medinsky said Russia would return “6,000 bodies” in the coming week.',
  '',
  'Kyiv asked for a full ceasefire.   The meeting lasted an hour.',
].join('\n');

describe('anchoring a citation when it is written', () => {
  it('anchors an excerpt typed with straight quotes and other spacing, and shows it in its context', async () => {
    const source = await createSource({ text: TEXT });
    expect(nodes(source.textVersions)).toEqual([
      { contentHash: source.contentHash, length: TEXT.length, archivedFrom: 'TEXT', current: true },
    ]);
    expect(source.text).toBe(TEXT);
    const excerpt = 'Medinsky said Russia would return "6,000 bodies"\n in the coming week.';
    const { data, errors } = await t.gql(
      `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { citations { ${CITATION_FIELDS} } } } }`,
      {
        input: {
          text: 'Russia will return 6,000 bodies.',
          kind: 'PARAPHRASE',
          speakerId,
          saidOn: { date: '2025-06-02' },
          citations: [{ sourceId: source.id, excerpt }],
        },
      },
      { key: editor },
    );
    expect(errors).toBeUndefined();
    const [citation] = data.createStatement.statement.citations;
    const exact = 'Medinsky said Russia would return “6,000 bodies” in the coming week.';
    const start = TEXT.indexOf(exact);
    expect(citation).toEqual({
      excerpt, // stored as the editor typed it
      status: 'VERIFIED',
      anchor: {
        exact,
        prefix: TEXT.slice(start - 32, start),
        suffix: TEXT.slice(start + exact.length, start + exact.length + 32),
        start,
        end: start + exact.length,
      },
      context: { before: TEXT.slice(start - 20, start), exact, after: TEXT.slice(start + exact.length, start + exact.length + 20) },
    });
  });

  it('refuses an excerpt the archived text does not hold, naming the citation, and writes nothing', async () => {
    const source = await createSource({ text: TEXT });
    const statements = await t.count('statement');
    const { errors } = await t.gql(
      `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } } }`,
      {
        input: {
          text: 'x',
          kind: 'PARAPHRASE',
          speakerId,
          saidOn: { date: '2025' },
          citations: [{ sourceId: source.id, excerpt: 'Medinsky said Russia would return 7,000 bodies' }],
        },
      },
      { key: editor },
    );
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'citations.0.excerpt', sourceId: source.id });
    expect(errors?.[0].message).toMatch(/not in the text archived/);
    expect(await t.count('statement')).toBe(statements);
  });

  it('leaves a citation UNVERIFIED, with no anchor or context, when its source has no archived text', async () => {
    const source = await createSource({});
    expect(source).toMatchObject({ contentHash: null, archivedAt: null, text: null, textVersions: { totalCount: 0 } });
    await cite(source.id, ['Whatever was printed']);
    const { edges } = await citationsOf(source.id);
    expect(edges[0].node).toMatchObject({ status: 'UNVERIFIED', anchor: null, context: null });
  });

  it('picks the occurrence whose surroundings match when an excerpt appears twice', async () => {
    const text = 'First: the ceasefire was refused. Later: the ceasefire was refused. End.';
    const source = await createSource({ text });
    await cite(source.id, ['the ceasefire was refused']);
    let [{ node }] = (await citationsOf(source.id)).edges;
    expect(node.anchor.start).toBe(text.indexOf('the ceasefire')); // the first, when nothing else tells them apart
    // Text added before both moves them; the remembered prefix ("First: ") still finds the first one.
    const moved = `Update, 3 June. ${text}`;
    const current = (await t.data(`query($id: ID!) { source(id: $id) { version } }`, { id: source.id })).source;
    expect((await archive({ id: source.id, version: current.version, text: moved })).errors).toBeUndefined();
    [{ node }] = (await citationsOf(source.id)).edges;
    expect(node).toMatchObject({
      status: 'MOVED',
      anchor: { start: moved.indexOf('the ceasefire'), prefix: expect.stringMatching(/First: $/) },
    });
  });
});

describe('replacing a source text (a correction, a silent edit)', () => {
  it('re-anchors every citation: VERIFIED in place, MOVED elsewhere, MISSING when edited or deleted; and keeps both versions', async () => {
    const original = [
      'Paragraph one says the exchange will start next weekend.',
      'Paragraph two says 1,000 prisoners will be freed.',
      'Paragraph three says the talks lasted an hour.',
      'Paragraph four says no date was set.',
    ].join('\n\n');
    const source = await createSource({ text: original });
    const [stays, moves, edited, deleted] = await cite(source.id, [
      'the exchange will start next weekend',
      'the talks lasted an hour',
      '1,000 prisoners will be freed',
      'no date was set',
    ]);
    const revisions = await t.count('revision');
    const corrected = [
      'Paragraph one says the exchange will start next weekend.',
      'Correction: an earlier version gave the wrong number.',
      'Paragraph two says 1,200 prisoners will be freed.',
      'Paragraph three says the talks lasted an hour.',
    ].join('\n\n');
    const { data, errors } = await archive({ id: source.id, version: source.version, text: corrected });
    expect(errors).toBeUndefined();
    const after = data.archiveSource.source;
    expect(after.version).toBe(source.version + 1);
    expect(after.contentHash).not.toBe(source.contentHash);
    expect(after.citationCounts).toEqual({ verified: 1, moved: 1, missing: 2, unverified: 0, total: 4 });
    expect(nodes(after.textVersions).map((v: any) => [v.contentHash, v.current])).toEqual([
      [after.contentHash, true],
      [source.contentHash, false],
    ]);

    // The earlier version stays readable.
    const { source: versions } = await t.data(
      `query($id: ID!) { source(id: $id) { textVersions(first: 2) { edges { node { current text } } } } }`,
      { id: source.id },
    );
    expect(nodes(versions.textVersions)).toEqual([
      { current: true, text: corrected },
      { current: false, text: original },
    ]);

    const byStatement = new Map((await citationsOf(source.id)).edges.map((e: any) => [e.node.statement.id, e.node]));
    expect(byStatement.get(stays)).toMatchObject({ status: 'VERIFIED', anchor: { start: 19 } });
    expect(byStatement.get(moves)).toMatchObject({
      status: 'MOVED',
      anchor: { start: corrected.indexOf('the talks lasted'), exact: 'the talks lasted an hour' },
      context: { exact: 'the talks lasted an hour' },
    });
    for (const id of [edited, deleted]) expect(byStatement.get(id)).toMatchObject({ status: 'MISSING', context: null });

    const missing = await citationsOf(source.id, ['MISSING']);
    expect(missing.totalCount).toBe(2);
    expect(missing.edges.map((e: any) => e.node.statement.id).sort()).toEqual([edited, deleted].sort());

    // One revision, naming both hashes and what the check found.
    expect(await t.count('revision')).toBe(revisions + 1);
    const { source: history } = await t.data(
      `query($id: ID!) { source(id: $id) { revisions(first: 1) { edges { node { before after } } } } }`,
      {
        id: source.id,
      },
    );
    const [{ node: revision }] = history.revisions.edges;
    expect(revision.before.contentHash).toBe(source.contentHash);
    expect(revision.after.contentHash).toBe(after.contentHash);
    expect(revision.after.citationCheck.counts).toEqual({ VERIFIED: 1, MOVED: 1, MISSING: 2, UNVERIFIED: 0 });
    expect(revision.after.citationCheck.changed).toHaveLength(3);

    // Restoring the old text finds the missing passages again where they were.
    const restored = await archive({ id: source.id, version: after.version, text: original });
    expect(restored.errors).toBeUndefined();
    expect(restored.data.archiveSource.source.citationCounts).toMatchObject({ verified: 3, moved: 1, missing: 0 });
    expect(restored.data.archiveSource.source.textVersions.totalCount).toBe(2); // the old version is stored once
  });

  it('changes nothing when the same text is archived again', async () => {
    const source = await createSource({ text: TEXT });
    const revisions = await t.count('revision');
    const { data, errors } = await archive({ id: source.id, version: source.version, text: TEXT.replace(/\n/g, '\r\n') });
    expect(errors).toBeUndefined();
    expect(data.archiveSource.source).toMatchObject({ version: source.version, contentHash: source.contentHash });
    expect(await t.count('revision')).toBe(revisions);
  });

  it('refuses a stale version, an empty text, NUL characters, text and html together, and text over the limit, writing nothing', async () => {
    const source = await createSource({ text: TEXT });
    const texts = await t.count('source_text');
    const cases: [Record<string, unknown>, string][] = [
      [{ version: source.version + 1, text: 'new' }, 'CONFLICT'],
      [{ version: source.version, text: '  \n ' }, 'BAD_USER_INPUT'],
      [{ version: source.version, text: 'a\u0000b' }, 'BAD_USER_INPUT'],
      [{ version: source.version, text: 'a', html: '<p>b</p>' }, 'BAD_USER_INPUT'],
      [{ version: source.version, text: 'x'.repeat(1_000_001) }, 'BAD_USER_INPUT'],
    ];
    for (const [input, code] of cases) {
      const { errors } = await archive({ id: source.id, ...input } as any);
      expect(errors?.[0].extensions?.code).toBe(code);
    }
    expect(await t.count('source_text')).toBe(texts);
  });
});

describe('HTML pages', () => {
  const PAGE = `<!doctype html><html><head><title>Talks end without a ceasefire</title>
    <script>document.title = 'changed by a script'</script><style>p { color: red }</style></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
    <article><h1>Talks end without a ceasefire</h1>
    <p>The second round of talks in Istanbul ended after just over an hour, with an agreement to exchange prisoners of war.</p>
    <p>Russia's delegation proposed a truce of two to three days in some areas of the front line, the <a href="https://example.org/a">report</a> said.</p>
    <p>Ukraine's delegation said Russia had again refused an unconditional ceasefire, a demand backed by Kyiv's allies.</p>
    <img src="https://tracker.example/pixel.gif" onerror="document.title='loaded'"></article>
    <aside><h3>Most read</h3><ul><li>Something else entirely</li></ul></aside>
    <footer>Copyright. Leave a reply. Share on X.</footer></body></html>`;

  it('archives the readable text of a page, inertly, and anchors excerpts in it', async () => {
    const source = await createSource({ html: PAGE });
    expect(nodes(source.textVersions)[0].archivedFrom).toBe('HTML');
    expect(source.text.startsWith('Talks end without a ceasefire\n\n')).toBe(true);
    expect(source.text).toContain(
      "Russia's delegation proposed a truce of two to three days in some areas of the front line, the report said.",
    );
    for (const chrome of ['Home', 'Sport', 'color: red', 'changed by a script', 'Copyright', 'pixel.gif', 'https://example.org/a']) {
      expect(source.text).not.toContain(chrome);
    }
    await cite(source.id, ['a demand backed by Kyiv’s allies']);
    expect((await citationsOf(source.id)).edges[0].node.status).toBe('VERIFIED');
  });

  it('refuses a page built to make parsing slow, and a page with no text', async () => {
    const source = await createSource({});
    const bomb = `<html><body>${'<div><span>x</span></div>'.repeat(30_000)}</body></html>`;
    for (const html of [bomb, '<html><body><script>1</script></body></html>']) {
      const { errors } = await archive({ id: source.id, version: source.version, html });
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'html' });
    }
    expect((await t.data(`query($id: ID!) { source(id: $id) { contentHash version } }`, { id: source.id })).source).toEqual({
      contentHash: null,
      version: source.version,
    });
  });
});

describe('files', () => {
  it('reads a saved page in its declared encoding, UTF-16 text by its byte-order mark, and refuses text it would have to guess', () => {
    const page = Buffer.concat([
      Buffer.from('<html><head><meta charset="windows-1252"><title>Caf'),
      Buffer.from([0xe9]),
      Buffer.from('</title></head><body><p>The caf'),
      Buffer.from([0xe9, 0x20, 0x93]),
      Buffer.from('quoted'),
      Buffer.from([0x94]),
      Buffer.from(' here.</p></body></html>'),
    ]);
    const html = sourceFile(page, 'page.bin');
    expect('html' in html).toBe(true);
    expect(readableText((html as { html: Uint8Array }).html)).toBe('Café\n\nThe café “quoted” here.');
    expect(sourceFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ще не вмерла', 'utf16le')]), 'a.txt')).toEqual({
      text: 'Ще не вмерла',
    });
    expect(() => sourceFile(Buffer.from([0x43, 0x61, 0x66, 0xe9]), 'latin1.txt')).toThrow(SourceFileError);
    expect(() => sourceFile(Buffer.alloc(MAX_SOURCE_FILE_BYTES + 1), 'big.txt')).toThrow(/at most/);
  });

  it('archives a file from the command line and reports the check of the citations', async () => {
    const source = await createSource({ text: TEXT });
    await cite(source.id, ['Kyiv asked for a full ceasefire.']);
    const dir = await mkdtemp(join(tmpdir(), 'archive-'));
    const file = join(dir, 'correction.txt');
    await writeFile(file, `Correction added.\n\n${TEXT}`);
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'cli', 'archive-source.js'), ...args], {
          env: { ...process.env, DATABASE_URL: t.app.databaseUrl },
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code) => resolve({ code, out }));
      });
    const done = await run(['--source', source.id, file]);
    expect(done).toMatchObject({ code: 0, out: expect.stringMatching(/Citations: 0 VERIFIED, 1 MOVED, 0 MISSING/) });
    expect((await citationsOf(source.id)).edges[0].node.status).toBe('MOVED');
    expect(await run(['--source', source.id, join(dir, 'missing.txt')])).toMatchObject({
      code: 2,
      out: expect.stringMatching(/cannot be read/),
    });
  });
});

describe('republished sources', () => {
  it('links a copy to its original both ways, and refuses loops', async () => {
    const original = await createSource({ title: 'The original report' });
    const copy = await createSource({ title: 'A syndicated copy', republishesId: original.id, text: TEXT });
    const { source } = await t.data(
      `query($id: ID!) { source(id: $id) { republishes { title } republishedBy { totalCount edges { node { id title } } } } }`,
      { id: original.id },
    );
    expect(source).toEqual({
      republishes: null,
      republishedBy: { totalCount: 1, edges: [{ node: { id: copy.id, title: 'A syndicated copy' } }] },
    });

    const update = (id: string, version: number, republishesId: string) =>
      t.gql(
        `mutation($input: UpdateSourceInput!) { updateSource(input: $input) { source { id } } }`,
        { input: { id, version, republishesId } },
        { key: editor },
      );
    expect((await update(original.id, original.version, original.id)).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'republishesId',
    });
    expect((await update(original.id, original.version, copy.id)).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'republishesId',
    });
    const { errors } = await t.gql(
      `mutation($input: DeleteInput!) { deleteSource(input: $input) { deletedId } }`,
      { input: { id: original.id } },
      { key: editor },
    );
    expect(errors?.[0].extensions?.code).toBe('CONFLICT');
  });
});

describe('limits', () => {
  it('prices whole texts so one query cannot read a hundred of them, and bounds the context asked for', async () => {
    const { errors } = await t.gql(`{ sources(first: 100) { edges { node { text } } } }`);
    expect(errors?.[0].extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED' });
    const source = await createSource({ text: TEXT });
    await cite(source.id, ['The meeting lasted an hour.']);
    for (const characters of [0, 2_001]) {
      const { errors: refused } = await t.gql(
        `query($id: ID!, $n: Int!) { source(id: $id) { id } citations(filter: { sourceIds: [$id] }) { edges { node { context(characters: $n) { exact } } } } }`,
        { id: source.id, n: characters },
      );
      expect(refused?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'characters' });
    }
  });

  it('reads a page of citations with their anchors, contexts, statements and sources in a fixed number of SQL statements', async () => {
    const query = (n: number) => `{ citations(first: ${n}) { edges { node { status anchor { start } context { exact }
      statement { text speaker { name } } source { title republishes { title publisher { name } } citationCounts { total } textVersions(first: 1) { edges { node { length } } } } } } } }`;
    const few = await t.countSql(() => t.data(query(2)));
    const many = await t.countSql(() => t.data(query(50)));
    // Whatever the page's size: the page, then one statement per relation the resolvers batch.
    expect(few).toBeLessThanOrEqual(5);
    expect(many).toBeLessThanOrEqual(5);
  });
});

describe('verify-citations', () => {
  it('finds and corrects anchors that no longer match their text, and leaves a revision on the source', async () => {
    const source = await createSource({ text: TEXT });
    await cite(source.id, ['Kyiv asked for a full ceasefire.']);
    // An anchor written against another text (by an older version, or a restore from backup).
    await t.app.orm.em
      .getKnex()
      .raw(`update citation set anchor_start = 3, anchor_end = 10, anchor_exact = 'wrong' where source_id = ?`, [
        decodeId(source.id, 'id').id,
      ]);
    const revisions = await t.count('revision');
    const report = await verifyAllCitations(t.app.orm.em.fork(), 'verify-citations');
    expect(report.sources).toBeGreaterThanOrEqual(1);
    expect(report.changed).toContainEqual(
      expect.objectContaining({ sourceId: decodeId(source.id, 'id').id, from: 'VERIFIED', to: 'MOVED' }),
    );
    expect(report.changed).toHaveLength(1); // every other citation (the demo record's included) is where it was
    const { edges } = await citationsOf(source.id);
    expect(edges[0].node).toMatchObject({ status: 'MOVED', anchor: { start: TEXT.indexOf('Kyiv asked') } });
    expect(await t.count('revision')).toBe(revisions + 1);
    // A second run finds nothing new to record.
    const again = await verifyAllCitations(t.app.orm.em.fork(), 'verify-citations');
    expect(again.changed).toEqual([]);
    expect(await t.count('revision')).toBe(revisions + 1);
  });
});
