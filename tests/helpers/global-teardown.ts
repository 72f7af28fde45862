import { adminQuery } from './database';

export default async function globalTeardown(): Promise<void> {
  const { TEST_SERVER_URL, TEST_TEMPLATE_DATABASE } = process.env;
  if (TEST_SERVER_URL && TEST_TEMPLATE_DATABASE) {
    await adminQuery(TEST_SERVER_URL, `drop database if exists "${TEST_TEMPLATE_DATABASE}" with (force)`);
  }
  await globalThis.embeddedTestDatabase?.stop();
}
