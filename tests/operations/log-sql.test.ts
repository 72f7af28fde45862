import { Writable } from 'node:stream';
import pino from 'pino';
import { createTestApp, type TestApp } from '../helpers/test-app';

// LOG_SQL=true shows an operator every statement the service sends: the plain-row reads of the GraphQL read
// path (knex) as well as the ORM's writes, one line each, counted like the statements PostgreSQL receives.

interface Line {
  msg: string;
  sql?: string;
}

function capture(): { logger: pino.Logger; lines: Line[] } {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('with LOG_SQL=true', () => {
  const { logger, lines } = capture();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ logSql: true }, logger);
  });
  afterAll(() => t.close());

  it('logs each read statement with its SQL', async () => {
    const cases = [
      // compiled whole: the page, its speakers and its count in one statement
      {
        query: '{ statements(first: 3) { totalCount edges { node { text speaker { name } } } } }',
        sql: [/from "statement" as "s"[^]*from "speaker" as "sp"[^]*count\(\*\)|count\(\*\)[^]*from "statement" as "s"/],
      },
      // a filtered list below is left to its resolver: the planned page with its speakers, then the loader's count
      {
        query: '{ statements(first: 3) { edges { node { speaker { name statements(filter: { kind: QUOTE }) { totalCount } } } } } }',
        sql: [/from "speaker" as "sp"[^]*from "statement" as "s"/, /count\(\*\)/],
      },
    ];
    for (const { query, sql } of cases) {
      lines.length = 0;
      let result: any;
      const count = await t.countSql(async () => {
        result = await t.gql(query);
      });
      expect(result.errors).toBeUndefined();
      const logged = lines.filter((l) => l.msg === 'sql');
      expect(count).toBe(sql.length);
      expect(logged).toHaveLength(count);
      expect(logged.map((l) => l.sql)).toEqual(sql.map((pattern) => expect.stringMatching(pattern)));
    }
  });
});

describe('without LOG_SQL', () => {
  const { logger, lines } = capture();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, logger);
  });
  afterAll(() => t.close());

  it('logs no SQL', async () => {
    const result = await t.gql('{ statements(first: 3) { edges { node { text } } } }');
    expect(result.errors).toBeUndefined();
    expect(lines.filter((l) => l.msg === 'sql')).toHaveLength(0);
  });
});
