import { randomUUID } from 'node:crypto';
import { Role } from '../../src/modules/auth/role';
import { createTestApp, type TestApp } from '../helpers/test-app';

// A client that lost an answer retries with the same Idempotency-Key: the write happens once, and the retry
// gets the first answer back.

let t: TestApp;
let key: string;
let speakerId: string;
beforeAll(async () => {
  t = await createTestApp();
  key = await t.key(Role.EDITOR);
  const { data } = await t.gql(`{ speakers(first: 1) { edges { node { id } } } }`);
  speakerId = data.speakers.edges[0].node.id;
});
afterAll(() => t.close());

const CREATE = `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id text version } } }`;
const input = (text: string) => ({ text, kind: 'PARAPHRASE', speakerId, saidOn: { date: '2025-06-02' } });

it('writes once and answers the same for a repeated key and input', async () => {
  const idempotencyKey = randomUUID();
  const [statements, revisions] = [await t.count('statement'), await t.count('revision')];
  const first = await t.gql(CREATE, { input: input('Said once, sent twice.') }, { key, idempotencyKey });
  const second = await t.gql(CREATE, { input: input('Said once, sent twice.') }, { key, idempotencyKey });
  expect(first.errors).toBeUndefined();
  expect(second).toEqual(first);
  expect(await t.count('statement')).toBe(statements + 1);
  expect(await t.count('revision')).toBe(revisions + 1);
});

it('refuses the same key with a different input as a CONFLICT, writing nothing', async () => {
  const idempotencyKey = randomUUID();
  await t.gql(CREATE, { input: input('The first text.') }, { key, idempotencyKey });
  const statements = await t.count('statement');
  const other = await t.gql(CREATE, { input: input('Another text.') }, { key, idempotencyKey });
  expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'Idempotency-Key' });
  expect(await t.count('statement')).toBe(statements);
});

it('writes once when the same key arrives many times at once', async () => {
  const idempotencyKey = randomUUID();
  const statements = await t.count('statement');
  const answers = await Promise.all(
    Array.from({ length: 8 }, () => t.gql(CREATE, { input: input('Eight retries at once.') }, { key, idempotencyKey })),
  );
  expect(answers.map((a) => a.errors)).toEqual(Array(8).fill(undefined));
  expect(new Set(answers.map((a) => a.data.createStatement.statement.id)).size).toBe(1);
  expect(await t.count('statement')).toBe(statements + 1);
});

it('scopes keys to the API key that sent them, and to the mutation within a request', async () => {
  const idempotencyKey = randomUUID();
  const otherDesk = await t.key(Role.EDITOR);
  const statements = await t.count('statement');
  await t.gql(CREATE, { input: input('Two desks, one key.') }, { key, idempotencyKey });
  await t.gql(CREATE, { input: input('Two desks, one key.') }, { key: otherDesk, idempotencyKey });
  expect(await t.count('statement')).toBe(statements + 2);

  const TWO = `mutation($a: CreateStatementInput!, $b: CreateStatementInput!) {
    a: createStatement(input: $a) { statement { id } } b: createStatement(input: $b) { statement { id } } }`;
  const variables = { a: input('First of a pair.'), b: input('Second of a pair.') };
  const pair = await t.gql(TWO, variables, { key, idempotencyKey: randomUUID() });
  expect(pair.data.a.statement.id).not.toBe(pair.data.b.statement.id);
  expect(await t.count('statement')).toBe(statements + 4);
});

it('refuses a malformed key before writing', async () => {
  const statements = await t.count('statement');
  for (const idempotencyKey of ['', 'x'.repeat(256), 'with space', 'non-ascii-ключ']) {
    const result = await t.gql(CREATE, { input: input('Never written.') }, { key, idempotencyKey });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
  }
  expect(await t.count('statement')).toBe(statements);
});

it('answers a failed write with an error and leaves nothing behind, and the key free for a corrected retry', async () => {
  const idempotencyKey = randomUUID();
  const statements = await t.count('statement');
  const bad = await t.gql(
    CREATE,
    { input: { ...input('Bad speaker.'), speakerId: 'UGVyc29uOjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA==' } },
    { key, idempotencyKey },
  );
  expect(bad.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  expect(await t.count('statement')).toBe(statements);
  expect(await t.count('idempotency_key')).toBeGreaterThan(0);
  const good = await t.gql(CREATE, { input: input('Bad speaker.') }, { key, idempotencyKey });
  expect(good.errors).toBeUndefined();
  expect(await t.count('statement')).toBe(statements + 1);
});
