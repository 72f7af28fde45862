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
    lines.length = 0;
    let result: any;
    const count = await t.countSql(async () => {
      result = await t.gql('{ statements(first: 3) { totalCount edges { node { text speaker { name } } } } }');
    });
    expect(result.errors).toBeUndefined();
    const logged = lines.filter((l) => l.msg === 'sql');
    // the page with its speakers (one planned statement), the count
    expect(count).toBe(2);
    expect(logged).toHaveLength(count);
    expect(logged.map((l) => l.sql)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/from "statement" as "s".*from "speaker" as "sp"|from "speaker" as "sp".*from "statement" as "s"/s),
        expect.stringMatching(/count\(\*\)/),
      ]),
    );
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
