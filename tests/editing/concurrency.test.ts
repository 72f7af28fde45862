import { Role } from '../../src/modules/auth/role';
import { createTestApp, type TestApp } from '../helpers/test-app';

// No lost updates: concurrent editors of one statement each either land their edit (and it is in the history)
// or get CONFLICT with the current version; nobody overwrites anybody silently.

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await createTestApp();
  key = await t.key(Role.EDITOR, 'concurrent-desk');
});
afterAll(() => t.close());

const READ = `query($id: ID!) { statement(id: $id) { version } }`;
const UPDATE = `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { version } } }`;
const HISTORY = `query($id: ID!) { statement(id: $id) { version revisions(first: 100) { edges { node { action before after } } } } }`;

async function statementIds(): Promise<string[]> {
  const { data } = await t.gql(`{ statements(first: 2) { edges { node { id } } } }`);
  return data.statements.edges.map((e: any) => e.node.id);
}

it('keeps every one of 32 concurrent edits: each editor retries on CONFLICT until it lands', async () => {
  const [id] = await statementIds();
  const editor = async (i: number) => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const { data } = await t.gql(READ, { id });
      const result = await t.gql(UPDATE, { input: { id, version: data.statement.version, text: `Edit number ${i}` } }, { key });
      if (!result.errors) return attempt;
      expect(result.errors[0].extensions?.code).toBe('CONFLICT');
    }
    throw new Error(`editor ${i} never got through`);
  };
  const attempts = await Promise.all(Array.from({ length: 32 }, (_, i) => editor(i)));
  expect(attempts.some((a) => a > 0)).toBe(true); // they really did collide

  const { data } = await t.gql(HISTORY, { id });
  const updates = data.statement.revisions.edges.map((e: any) => e.node).filter((r: any) => r.action === 'UPDATE');
  expect(updates).toHaveLength(32);
  expect(new Set(updates.map((r: any) => r.after.text))).toEqual(new Set(Array.from({ length: 32 }, (_, i) => `Edit number ${i}`)));
  // A chain with no gaps and no forks: every edit started from the version the previous one produced.
  const chain = updates.map((r: any) => [r.before.version, r.after.version]).sort((a: number[], b: number[]) => a[0] - b[0]);
  expect(chain).toEqual(Array.from({ length: 32 }, (_, i) => [i + 1, i + 2]));
  expect(data.statement.version).toBe(33);
});

it('accepts exactly one of 32 editors who all read the same version, and tells the others the current one', async () => {
  const [, id] = await statementIds();
  const revisionsBefore = await t.count('revision');
  const results = await Promise.all(
    Array.from({ length: 32 }, (_, i) => t.gql(UPDATE, { input: { id, version: 1, text: `Same-version edit ${i}` } }, { key })),
  );
  const accepted = results.filter((r) => !r.errors);
  const refused = results.filter((r) => r.errors);
  expect(accepted).toHaveLength(1);
  expect(refused).toHaveLength(31);
  for (const r of refused) expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'version', currentVersion: 2 });
  expect(await t.count('revision')).toBe(revisionsBefore + 1);
});
