import path from 'node:path';
import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { PROJECT_ROOT } from './config';
import { entities } from './modules';

/** Shared ORM options; `createOrmConfig` in app.ts adds the connection. */
export const ormOptions = {
  entities,
  extensions: [Migrator],
  allowGlobalContext: false,
  forceUtcTimezone: true,
  // Relations resolved through references are batched per tick, so no field resolver issues N queries.
  dataloader: true,
  migrations: {
    // Compiled runs (npm start) load dist/migrations/*.js; ts-jest loads the sources (MikroORM detects it).
    path: path.join(PROJECT_ROOT, 'dist', 'migrations'),
    pathTs: path.join(PROJECT_ROOT, 'migrations'),
    glob: '!(*.d).{js,ts}',
    snapshotName: '.snapshot',
    // Only the CLI keeps the snapshot (below): applying migrations at start would rewrite it from the database.
    snapshot: false,
    transactional: true,
    allOrNothing: true,
    emit: 'ts' as const,
  },
};

// The MikroORM CLI (migration:create, migration:check) needs a default export; the app does not use it.
export default defineConfig({
  ...ormOptions,
  migrations: { ...ormOptions.migrations, snapshot: true },
  clientUrl: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/fact_tracker',
});
