import { Client } from 'pg';
import { createTestApp, type TestApp } from '../helpers/test-app';

// The pool opens all its connections as the service starts, warms each one (a search planned, so its dictionaries
// and catalog entries are loaded), and keeps them: a search then runs on a connection that has done this already.

const POOL_SIZE = 4;
let t: TestApp;
let observer: Client;

beforeAll(async () => {
  t = await createTestApp({ databasePoolSize: POOL_SIZE });
  observer = new Client({ connectionString: t.app.databaseUrl });
  await observer.connect();
});
afterAll(async () => {
  await observer.end();
  await t.close();
});

/** The service's connections to its database, with the last statement each one ran. */
async function serviceConnections(): Promise<{ pid: number; query: string }[]> {
  const { rows } = await observer.query(
    `select pid, query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() order by pid`,
  );
  return rows;
}

it('opens every connection of the pool at start and warms each with a planned search', async () => {
  const connections = await serviceConnections();
  expect(connections).toHaveLength(POOL_SIZE);
  for (const { query } of connections) expect(query).toMatch(/^explain select "hit"\."kind"/);
});

it('serves searches on those connections and opens no others', async () => {
  const before = (await serviceConnections()).map((c) => c.pid);
  const { search } = await t.data(`{ search(query: "ceasefire", first: 5) { totalCount edges { node { kind highlight } } } }`);
  expect(search.totalCount).toBeGreaterThan(0);
  expect((await serviceConnections()).map((c) => c.pid)).toEqual(before);
});
