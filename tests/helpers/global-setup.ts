import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import path from 'node:path';
import { ormOptions } from '../../src/mikro-orm.config';
import { loadDemoData } from '../../src/modules/seed/seed';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/shared/embedded-postgres';
import { adminQuery, withDatabase } from './database';

declare global {
  // Handed from setup to teardown (same process).
  var embeddedTestDatabase: EmbeddedDatabase | undefined;
}

/**
 * Builds one template database (migrated with the committed migrations, demo data loaded); every test file then
 * gets its own copy (`create database ... template ...`), so files run in parallel without touching each other,
 * and the database in DATABASE_URL itself is never modified.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    globalThis.embeddedTestDatabase = await startEmbeddedPostgres({
      dataDir: path.resolve(__dirname, '../../.data/test'),
      port: Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54339),
      log: () => undefined,
    });
    serverUrl = globalThis.embeddedTestDatabase.url;
  }
  const base = new URL(serverUrl).pathname.slice(1) || 'postgres';
  const template = `${base}_test_template`;
  await adminQuery(serverUrl, `drop database if exists "${template}" with (force)`);
  await adminQuery(serverUrl, `create database "${template}"`);

  const orm = await MikroORM.init({ ...ormOptions, clientUrl: withDatabase(serverUrl, template) });
  try {
    await orm.getMigrator().up();
    await loadDemoData(orm);
  } finally {
    await orm.close(true);
  }
  process.env.TEST_SERVER_URL = serverUrl;
  process.env.TEST_TEMPLATE_DATABASE = template;
}
