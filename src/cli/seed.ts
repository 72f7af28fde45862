import 'reflect-metadata';
import { createApp } from '../app';
import { loadConfig } from '../config';

// `npm run seed`: migrate the database in DATABASE_URL and load the demo data into it (a no-op when present).
async function main(): Promise<void> {
  const app = await createApp({ ...loadConfig(), seedDemoData: true });
  await app.stop();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
