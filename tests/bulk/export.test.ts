import type { Knex } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import { Role } from '../../src/modules/auth/role';
import { freshRecords, storeRecordsSql } from '../../src/modules/export/export.query';
import { StatementFilter } from '../../src/modules/statements/statement.types';
import { example } from '../helpers/examples';
import { createTestApp, serveHttp, type TestApp } from '../helpers/test-app';

// GET /export/statements.{csv,ndjson,jsonld}: the statements a filter selects, streamed from one snapshot, over
// real HTTP against the demo data.

let t: TestApp;
let http: Awaited<ReturnType<typeof serveHttp>>;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  http = await serveHttp(t.app);
  base = http.base;
});
afterAll(async () => {
  await http.close();
  await t.close();
});

const ndjson = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

/** The IDs `statements(filter:)` answers, for comparison. */
async function statementIds(filter: Record<string, unknown> = {}): Promise<string[]> {
  const { statements } = await t.data(
    `query($filter: StatementFilter) { statements(first: 100, filter: $filter) { totalCount edges { node { id } } } }`,
    { filter },
  );
  expect(statements.totalCount).toBeLessThanOrEqual(100);
  return statements.edges.map((e: { node: { id: string } }) => e.node.id).sort();
}

it('exports every statement as NDJSON, one complete record per line, with the API IDs', async () => {
  const response = await fetch(`${base}/export/statements.ndjson`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="statements-\d{4}-\d{2}-\d{2}\.ndjson"$/);
  const text = await response.text();
  const records = ndjson(text);
  expect(records.map((r) => r.id).sort()).toEqual(await statementIds());
  const medinsky = records.find((r) => r.speaker.name === 'Vladimir Medinsky' && r.positions.length);
  expect(medinsky).toMatchObject({
    text: expect.any(String),
    saidOn: { date: expect.stringMatching(/^2025/), precision: expect.any(String) },
    speaker: { id: expect.any(String), type: 'Person' },
    citations: [expect.objectContaining({ source: expect.objectContaining({ title: expect.any(String) }), excerpt: expect.any(String) })],
    positions: [expect.objectContaining({ stance: expect.any(String), claim: expect.objectContaining({ id: expect.any(String) }) })],
    version: expect.any(Number),
  });
  // In a stable order: the same export twice is the same file.
  expect(await (await fetch(`${base}/export/statements.ndjson`)).text()).toBe(text);
});

it('takes the statement filter as query parameters, with the same names and the same answer', async () => {
  const response = await fetch(`${base}/export/statements.ndjson?topics=ceasefire&saidFrom=2025-05&kind=QUOTE`);
  const ids = ndjson(await response.text()).map((r) => r.id);
  const expected = await statementIds({ topics: ['ceasefire'], saidFrom: '2025-05', kind: 'QUOTE' });
  expect(expected.length).toBeGreaterThan(0);
  expect(ids.sort()).toEqual(expected);
  // A list as repeated parameters or comma-separated.
  const { speakers } = await t.data(`{ speakers(first: 2, filter: { kind: PERSON }) { edges { node { id } } } }`);
  const [a, b] = speakers.edges.map((e: { node: { id: string } }) => e.node.id);
  const repeated = ndjson(await (await fetch(`${base}/export/statements.ndjson?speakerIds=${a}&speakerIds=${b}`)).text());
  const joined = ndjson(await (await fetch(`${base}/export/statements.ndjson?speakerIds=${a},${b}`)).text());
  expect(repeated.map((r) => r.id).sort()).toEqual(await statementIds({ speakerIds: [a, b] }));
  expect(joined).toEqual(repeated);
});

it('reads quotes, backslashes and SQL in a text filter as text', async () => {
  let found = 0;
  for (const text of ['Medinsky', "Medinsky's", "ceasefire'); drop table statement; --", "back\\slash \\' $1 $$ e'\\x01'"]) {
    for (const field of ['text', 'speakerName']) {
      const response = await fetch(`${base}/export/statements.ndjson?${field}=${encodeURIComponent(text)}`);
      expect({ text, field, status: response.status }).toEqual({ text, field, status: 200 });
      const ids = ndjson(await response.text()).map((r) => r.id);
      expect(ids.sort()).toEqual(await statementIds({ [field]: text }));
      found += ids.length;
    }
  }
  expect(found).toBeGreaterThan(0);
  expect(await t.count('statement')).toBeGreaterThan(0);
});

it('refuses a bad filter with a 400 and the reason, before any row', async () => {
  const cases: [string, string][] = [
    ['topics=Ceasefire', 'topics'],
    ['topics=no-such-topic', 'filter.topics'],
    ['saidFrom=2025-06&saidTo=2025-05', 'saidTo'],
    ['kind=POEM', 'filter'],
    ['hasCounterClaims=maybe', 'hasCounterClaims'],
    ['speakerIds=bm90LWFuLWlk', 'filter.speakerIds'],
    ['color=red', 'color'],
    ['saidFrom=2025&saidFrom=2024', 'saidFrom'],
  ];
  for (const [query, field] of cases) {
    const response = await fetch(`${base}/export/statements.csv?${query}`);
    expect({ query, status: response.status }).toEqual({ query, status: 400 });
    const body: any = await response.json();
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(String(body.errors[0].extensions.field)).toContain(field);
    expect(body.errors[0].message.length).toBeGreaterThan(10);
  }
  expect((await fetch(`${base}/export/statements.xlsx`)).status).toBe(404);
});

it('writes RFC 4180 CSV with every formula-like cell neutralised, and a BOM on request', async () => {
  const editor = await t.key(Role.EDITOR, 'csv-editor');
  const write = (query: string, input: Record<string, unknown>) => t.data(query, { input }, { key: editor });
  const dangerous = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '  =cmd|/C calc!A0'];
  const { createPerson } = await write(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`, {
    name: dangerous[1],
  });
  const { createSource } = await write(`mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id } } }`, {
    title: dangerous[3],
    url: 'https://example.org/csv-injection',
  });
  await write(`mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } } }`, {
    text: dangerous[0],
    kind: 'QUOTE',
    speakerId: createPerson.person.id,
    saidOn: { date: '2031-01-01' },
    setting: dangerous[6],
    citations: [{ sourceId: createSource.source.id, excerpt: dangerous[2], isPrimary: true }],
  });

  const response = await fetch(`${base}/export/statements.csv?saidFrom=2031`);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const rows: string[][] = parse(await response.text());
  expect(rows[0]).toEqual(expect.arrayContaining(['id', 'text', 'speaker_name', 'source_titles', 'excerpts', 'setting']));
  expect(rows).toHaveLength(2);
  const row = Object.fromEntries(rows[0].map((name, i) => [name, rows[1][i]]));
  expect(row.text).toBe(`'${dangerous[0]}`);
  expect(row.speaker_name).toBe(`'${dangerous[1]}`);
  expect(row.excerpts).toBe(`'${dangerous[2]}`);
  expect(row.source_titles).toBe(`'${dangerous[3]}`);
  expect(row.setting).toBe(`'${dangerous[6]}`);
  for (const cell of rows[1]) expect(cell).not.toMatch(/^\s*[=+\-@\t\r]/);

  const everything: string[][] = parse(await (await fetch(`${base}/export/statements.csv`)).text());
  for (const cells of everything.slice(1)) for (const cell of cells) expect(cell).not.toMatch(/^\s*[=+\-@\t\r]/);

  const withBom = Buffer.from(await (await fetch(`${base}/export/statements.csv?bom=true&saidFrom=2031`)).arrayBuffer());
  expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
});

it('writes JSON-LD with the schema.org context: quotations, their speakers, sources and claims', async () => {
  const response = await fetch(`${base}/export/statements.jsonld`);
  expect(response.headers.get('content-type')).toMatch(/^application\/ld\+json/);
  const document: any = await response.json();
  expect(document['@context']).toBe('https://schema.org');
  expect(document['@graph'].map((q: { identifier: string }) => q.identifier).sort()).toEqual(await statementIds());
  const quotation = document['@graph'].find((q: { about: unknown[] }) => q.about.length);
  expect(quotation).toMatchObject({
    '@type': 'Quotation',
    creator: { '@type': expect.stringMatching(/^(Person|Organization)$/), name: expect.any(String) },
    citation: [expect.objectContaining({ '@type': 'CreativeWork', name: expect.any(String) })],
    about: [expect.objectContaining({ '@type': 'Claim', text: expect.any(String) })],
  });
  const empty = await (await fetch(`${base}/export/statements.jsonld?saidFrom=2099`)).json();
  expect(empty).toEqual({ '@context': 'https://schema.org', '@graph': [] });
});

/**
 * Adds `count` statements by one speaker, their text the SQL expression `text` of `n`. Setup, so without the
 * service's statement timeout: the search-document trigger makes a large insert take seconds on a busy machine.
 */
async function insertStatements(db: Knex, speakerId: string, count: number, text: string, options: { searchable?: boolean } = {}) {
  await db.transaction(async (trx) => {
    await trx.raw('set local statement_timeout = 0');
    if (options.searchable === false) await trx.raw('alter table statement disable trigger statement_search_document');
    await trx.raw(
      `insert into statement (id, created_at, updated_at, version, text, kind, speaker_id, said_on_start, said_on_end, said_on_precision, attribution_status)
       select gen_random_uuid(), now(), now(), 1, ${text}, 'QUOTE', ?, date '2030-01-01', date '2030-01-01', 'DAY', 'UNVERIFIED'
       from generate_series(1, ?) as n`,
      [speakerId, count],
    );
    if (options.searchable === false) await trx.raw('alter table statement enable trigger statement_search_document');
  });
}

it('exports one snapshot: statements written while the export streams are not in it', async () => {
  const db = t.app.orm.em.getKnex();
  const [{ id: speakerId }] = await db('speaker').select('id').limit(1);
  const before = Number(
    (await db('statement').count({ n: '*' }).whereRaw(`attribution_status not in ('MISATTRIBUTED', 'RETRACTED')`))[0].n,
  );
  // Enough rows (about 2 MB) that the export is still streaming when the writes land.
  await insertStatements(db, speakerId, 4000, `'Bulk statement ' || n || ' ' || repeat('words ', 80)`);
  const response = await fetch(`${base}/export/statements.ndjson`);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = decoder.decode((await reader.read()).value, { stream: true });
  // Still streaming: the first chunk holds a small part of the rows.
  expect(text.split('\n').length).toBeLessThan(before + 1000);
  await db.raw(
    `insert into statement (id, created_at, updated_at, version, text, kind, speaker_id, said_on_start, said_on_end, said_on_precision, attribution_status)
     select gen_random_uuid(), now(), now(), 1, 'Written during the export ' || n, 'QUOTE', ?, date '1999-01-01', date '1999-01-01', 'DAY', 'UNVERIFIED'
     from generate_series(1, 10) as n`,
    [speakerId],
  );
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
  const records = ndjson(text);
  expect(records).toHaveLength(before + 4000);
  expect(records.some((r) => r.text.startsWith('Written during the export'))).toBe(false);
  await db('statement').where('text', 'like', 'Written during the export%').orWhere('text', 'like', 'Bulk statement%').delete();
});

const hidden = `attribution_status not in ('MISATTRIBUTED', 'RETRACTED')`;
/** What the records must hold: built now from the tables, without the stored ones. */
const fresh = async (): Promise<string[]> =>
  (await t.app.orm.em.getKnex().raw(freshRecords(t.app.orm.em.getKnex(), new StatementFilter()).sql)).rows.map(
    (row: { record: string }) => row.record,
  );
const exported = async (): Promise<string[]> =>
  (await (await fetch(`${base}/export/statements.ndjson`)).text()).split('\n').filter(Boolean);

it('keeps each record it stores true: any change to what a record shows makes the next export build it again', async () => {
  const db = t.app.orm.em.getKnex();
  const forgotten = async () =>
    Number(
      (
        await db.raw(
          `select count(*) as n from statement_export x join statement s on s.id = x.statement_id where x.record is null and s.${hidden}`,
        )
      ).rows[0].n,
    );

  // Every table a record reads from, changed the way an editor, a merge or an import would change it.
  const changes: [string, string][] = [
    [
      'a statement',
      `update statement set setting = 'A changed setting' where id = (select id from statement where ${hidden} order by id limit 1)`,
    ],
    [
      'a speaker',
      `update speaker set name = name || ' (renamed)' where id = (select speaker_id from statement where ${hidden} order by id limit 1)`,
    ],
    [
      'a principal',
      `update speaker set kind = 'ORGANIZATION' where id = (select on_behalf_of_id from statement where on_behalf_of_id is not null order by id limit 1)`,
    ],
    [
      'a mentioned speaker',
      `update speaker set name = 'Mentioned, renamed' where id = (select speaker_id from statement_mention order by statement_id limit 1)`,
    ],
    [
      "a source's publisher",
      `update source set publisher_id = (select id from speaker where kind = 'ORGANIZATION' order by id limit 1) where id = (select source_id from citation order by id limit 1)`,
    ],
    [
      'a publisher',
      `update speaker set name = 'Renamed publisher' where id = (select so.publisher_id from citation c join source so on so.id = c.source_id where so.publisher_id is not null order by c.id limit 1)`,
    ],
    [
      'a new verdict',
      `insert into claim_review (id, claim_id, reviewer_id, rating_label, rating, reviewed_on, summary)
       select gen_random_uuid(), (select claim_id from position order by id limit 1), id, 'False', 'FALSE', date '2025-06-01', 'A verdict'
       from speaker where kind = 'ORGANIZATION' order by id desc limit 1`,
    ],
    [
      'a reviewer',
      `update speaker set name = 'Renamed reviewer' where id = (select cr.reviewer_id from claim_review cr join position p on p.claim_id = cr.claim_id order by cr.id limit 1)`,
    ],
    ['a source', `update source set title = 'A new title' where id = (select source_id from citation order by id limit 1)`],
    [
      'an event',
      `update event set location = 'Elsewhere' where id = (select event_id from statement where event_id is not null order by id limit 1)`,
    ],
    [
      'a topic',
      `update topic set name = 'A renamed topic' where id = (select topic_id from statement_topic order by statement_id limit 1)`,
    ],
    ['a claim', `update claim set text = text || ' (reworded)' where id = (select claim_id from position order by id limit 1)`],
    [
      'a verdict',
      `update claim_review set summary = 'A new summary' where id = (select cr.id from claim_review cr join position p on p.claim_id = cr.claim_id order by cr.id limit 1)`,
    ],
    ['a stance', `update position set stance = 'DENIES' where id = (select id from position where stance <> 'DENIES' order by id limit 1)`],
    ['a citation', `delete from citation where id = (select id from citation order by id limit 1)`],
    [
      'a topic of a statement',
      `delete from statement_topic where (statement_id, topic_id) = (select statement_id, topic_id from statement_topic order by statement_id limit 1)`,
    ],
    [
      'a mention',
      `delete from statement_mention where (statement_id, speaker_id) = (select statement_id, speaker_id from statement_mention order by statement_id limit 1)`,
    ],
    ['a link', `update statement_relation set note = 'A new note' where id = (select id from statement_relation order by id limit 1)`],
  ];
  for (const [what, change] of changes) {
    await exported(); // stores every record
    expect(await forgotten()).toBe(0);
    const { rowCount } = await db.raw(change);
    expect([what, rowCount]).toEqual([what, 1]);
    expect([what, (await forgotten()) > 0]).toEqual([what, true]);
    expect(await exported()).toEqual(await fresh());
  }
});

it('never stores a record built from a snapshot older than a change it does not show', async () => {
  const db = t.app.orm.em.getKnex();
  await exported(); // every record stored
  const [{ id }] = (await db.raw(`select id from statement where ${hidden} order by id limit 1`)).rows;
  await db.raw(`update statement set setting = 'Said twice' where id = ?`, [id]); // its record forgotten
  const client = db.client as { acquireConnection(): Promise<any>; releaseConnection(conn: unknown): unknown };
  const conn = await client.acquireConnection();
  try {
    // A store begins (its snapshot), then a speaker is renamed and committed before the store reaches the record.
    await conn.query('begin isolation level repeatable read');
    await conn.query('select 1');
    await db.raw(`update speaker set name = name || ' (again)' where id = (select speaker_id from statement where id = ?)`, [id]);
    const { sql, bindings } = storeRecordsSql(db, [id], undefined);
    await expect(conn.query(sql, [...bindings])).rejects.toMatchObject({ code: '40001' });
  } finally {
    await conn.query('rollback');
    client.releaseConnection(conn);
  }
  expect(await exported()).toEqual(await fresh());
});

it('sends its headers while it is still storing records, so a long first export is seen to begin', async () => {
  const db = t.app.orm.em.getKnex();
  await db.raw('update statement_export set record = null'); // every record to store again
  const client = db.client as { acquireConnection(): Promise<any>; releaseConnection(conn: unknown): unknown };
  const conn = await client.acquireConnection();
  let locked = true;
  try {
    // Storing writes the records' table, and waits behind this lock until the headers are in.
    await conn.query('begin');
    await conn.query('lock table statement_export in share mode');
    const response = await fetch(`${base}/export/statements.ndjson`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="statements-/);
    await conn.query('commit');
    locked = false;
    expect((await response.text()).split('\n').filter(Boolean)).toEqual(await fresh());
  } finally {
    if (locked) await conn.query('rollback');
    client.releaseConnection(conn);
  }
});

it('streams a bounded number of exports at once and asks the others to come back, while GraphQL keeps answering', async () => {
  const limited = await createTestApp({ exportsAtOnce: 1 });
  const server = await serveHttp(limited.app);
  try {
    const db = limited.app.orm.em.getKnex();
    const [{ id: speakerId }] = await db('speaker').select('id').limit(1);
    // About 20 MB of records, more than the sockets buffer, so an export whose client does not read stays open.
    // The search trigger is off for this insert: it would take a minute, and no search runs here.
    await insertStatements(db, speakerId, 8000, `'Long statement ' || n || ' ' || repeat('the same words ', 160)`, { searchable: false });
    const first = await fetch(`${server.base}/export/statements.ndjson`);
    expect(first.status).toBe(200);
    const second = await fetch(`${server.base}/export/statements.csv`);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('60');
    expect(((await second.json()) as any).errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: 60, limit: 'EXPORTS_AT_ONCE' });
    const { statements } = await limited.data('{ statements(first: 1) { totalCount } }');
    expect(statements.totalCount).toBeGreaterThan(8000);
    // The first client goes away: its slot is free again.
    await first.body!.cancel();
    let third = await fetch(`${server.base}/export/statements.ndjson?topics=ceasefire`);
    for (let i = 0; i < 50 && third.status === 429; i++) {
      await third.arrayBuffer();
      await new Promise((r) => setTimeout(r, 100));
      third = await fetch(`${server.base}/export/statements.ndjson?topics=ceasefire`);
    }
    expect(third.status).toBe(200);
    expect(ndjson(await third.text()).length).toBeGreaterThan(0);
  } finally {
    await server.close();
    await limited.close();
  }
});

it('needs a key where reads are closed, as GraphQL does', async () => {
  const closed = await createTestApp({ readsRequireKey: true });
  const server = await serveHttp(closed.app);
  try {
    const anonymous = await fetch(`${server.base}/export/statements.ndjson`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const reader = await closed.key(Role.READER, 'researcher');
    const allowed = await fetch(`${server.base}/export/statements.ndjson`, { headers: { authorization: `Bearer ${reader}` } });
    expect(allowed.status).toBe(200);
    expect(ndjson(await allowed.text()).length).toBeGreaterThan(0);
  } finally {
    await server.close();
    await closed.close();
  }
});

it('offers the download links of the playground example, which hold what its query counts', async () => {
  const query = example('CeasefireStatementsToDownload');
  const { statements } = await t.data(query);
  expect(statements.totalCount).toBeGreaterThan(0);
  const links = [...query.matchAll(/^#\s+(\/export\/\S+)/gm)].map((m) => m[1]);
  expect(links).toHaveLength(3);
  for (const link of links) {
    const response = await fetch(`${base}${link}`);
    expect({ link, status: response.status }).toEqual({ link, status: 200 });
    const text = await response.text();
    if (link.includes('.ndjson')) expect(ndjson(text)).toHaveLength(statements.totalCount);
    if (link.includes('.csv')) expect(parse(text)).toHaveLength(statements.totalCount + 1);
    if (link.includes('.jsonld')) expect(JSON.parse(text)['@graph']).toHaveLength(statements.totalCount);
  }
});
