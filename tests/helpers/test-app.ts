import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp, listen, type App } from '../../src/app';
import { silentLogger, type Logger } from '../../src/shared/logger';
import { loadConfig, type Config } from '../../src/config';
import { createContext } from '../../src/context';
import { JsonText } from '../../src/shared/response-sql';
import { createApiKey } from '../../src/modules/auth/auth.service';
import type { Role } from '../../src/modules/auth/role';
import { adminQuery, withDatabase } from './database';

export interface GraphQLResult<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface TestApp {
  app: App;
  /** Runs an operation through Apollo (parsing, validation, resolvers, formatError) like an HTTP request would. */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { key?: string; idempotencyKey?: string },
  ): Promise<GraphQLResult<T>>;
  /** `gql` for an operation that must succeed: fails the test on any error, returns the data. */
  data<T = any>(query: string, variables?: Record<string, unknown>, options?: { key?: string }): Promise<T>;
  /** Creates an API key with this role and returns its secret. */
  key(role: Role, name?: string): Promise<string>;
  /** Rows in a table, to assert that a rejected write wrote nothing. */
  count(table: string): Promise<number>;
  /** Runs `fn` and returns how many SQL statements reached PostgreSQL meanwhile. */
  countSql(fn: () => Promise<unknown>): Promise<number>;
  close(): Promise<void>;
}

/** A fresh copy of the demo database and an app on it, for one test file. */
export async function createTestApp(overrides: Partial<Config> = {}, logger: Logger = silentLogger): Promise<TestApp> {
  const serverUrl = process.env.TEST_SERVER_URL!;
  const template = process.env.TEST_TEMPLATE_DATABASE!;
  const database = `${template.replace(/_template$/, '')}_${randomUUID().slice(0, 8)}`;
  await adminQuery(serverUrl, `create database "${database}" template "${template}"`);

  // Test files send many requests from one address; the rate-limit tests set small limits themselves.
  const defaults = loadConfig({ RATE_LIMIT_ANONYMOUS: '1000000', RATE_LIMIT_KEY: '1000000' });
  const app = await createApp({ ...defaults, databaseUrl: withDatabase(serverUrl, database), seedDemoData: false, ...overrides }, logger);
  let sqlCount = 0;
  app.orm.em.getKnex().on('query', () => {
    sqlCount++;
  });

  const testApp: TestApp = {
    app,
    async gql(query, variables, options = {}) {
      const contextValue = createContext(app.orm, {
        authorization: options.key ? `Bearer ${options.key}` : undefined,
        idempotencyKey: options.idempotencyKey,
      });
      const response = await app.server.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      const result = response.body.singleResult as GraphQLResult;
      // A compiled query's data is the JSON text PostgreSQL wrote (HTTP clients receive it as it is).
      return result.data instanceof JsonText ? { ...result, data: JSON.parse(result.data.text) } : result;
    },
    async data(query, variables, options) {
      const result = await testApp.gql(query, variables, options);
      expect(result.errors).toBeUndefined();
      return result.data;
    },
    async key(role, name = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}`) {
      return (await createApiKey(app.orm.em.fork(), name, role)).key;
    },
    async count(table) {
      const [row] = await app.orm.em.fork().execute(`select count(*)::int as n from "${table}"`);
      return row.n as number;
    },
    async countSql(fn) {
      const before = sqlCount;
      await fn();
      return sqlCount - before;
    },
    async close() {
      await app.stop();
      await adminQuery(serverUrl, `drop database if exists "${database}" with (force)`);
    },
  };
  return testApp;
}

/** The app over real HTTP on a free loopback port, for tests of status codes, headers and disconnects. */
export async function serveHttp(app: App): Promise<{ base: string; close(): Promise<void> }> {
  const server = await listen(app, 0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
