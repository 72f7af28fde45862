import 'reflect-metadata';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Config } from './config';
import { createContext, type Context } from './context';
import { ormOptions } from './mikro-orm.config';
import { closedReadsPlugin } from './modules/auth/closed-reads';
import { loadDemoData } from './modules/seed/seed';
import { loadExamples, PLAYGROUND_CSP, playgroundPlugin, playgroundRouter } from './playground/playground';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './shared/embedded-postgres';
import { createFormatError } from './shared/format-error';
import { createSchema } from './schema';

export interface App {
  orm: MikroORM;
  server: ApolloServer<Context>;
  schema: GraphQLSchema;
  /** The HTTP handler (GraphQL, playground, health); `listen` is up to the caller. */
  handler: express.Express;
  databaseUrl: string;
  stop(): Promise<void>;
}

export type Logger = (message: string) => void;

/** Composition root: database, migrations, demo data, schema, GraphQL server. No globals, so tests reuse it. */
export async function createApp(config: Config, log: Logger = (m) => console.log(m)): Promise<App> {
  let embedded: EmbeddedDatabase | undefined;
  const databaseUrl =
    config.databaseUrl ?? (embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, log })).url;

  let stopping = false;
  const orm = await MikroORM.init({
    ...ormOptions,
    clientUrl: databaseUrl,
    debug: config.logSql ? ['query'] : false,
    pool: {
      min: 0,
      max: 10,
      // Without a listener, a PostgreSQL restart kills the process through an unhandled 'error' event.
      afterCreate: (
        conn: { on(event: 'error', listener: (error: Error) => void): void },
        done: (err: Error | null, conn: unknown) => void,
      ) => {
        conn.on('error', (error) => {
          if (!stopping) log(`database connection lost: ${error.message}`);
        });
        done(null, conn);
      },
    },
  });
  try {
    const applied = await orm.getMigrator().up();
    if (applied.length) log(`applied ${applied.length} migration(s)`);
    if (config.seedDemoData && (await loadDemoData(orm))) log('loaded the Istanbul talks demo data');
  } catch (error) {
    await orm.close();
    await embedded?.stop();
    throw error;
  }

  const schema = await createSchema();
  const server = new ApolloServer<Context>({
    schema,
    // The playground's docs panel and client code generators need introspection, in production too.
    introspection: true,
    hideSchemaDetailsFromClientErrors: config.production,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError({
      exposeInternals: !config.production,
      log: (e) => log(`internal error: ${String((e as Error)?.stack ?? e)}`),
    }),
    // We stop in order ourselves (server, then ORM, then the embedded database).
    stopOnTerminationSignals: false,
    plugins: [
      playgroundPlugin({ endpoint: '/graphql', title: 'Fact tracker — GraphQL playground', examples: loadExamples() }),
      ...(config.readsRequireKey ? [closedReadsPlugin()] : []),
    ],
  });
  await server.start();

  const handler = express();
  handler.disable('x-powered-by');
  handler.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  handler.get('/ready', async (_req, res) => {
    try {
      const pending = await orm.getMigrator().getPendingMigrations();
      if (pending.length) res.status(503).json({ status: 'migrations pending', pending: pending.map((m) => m.name) });
      else res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  handler.use(playgroundRouter());
  handler.use(
    '/graphql',
    (_req, res, next) => {
      res.setHeader('Content-Security-Policy', PLAYGROUND_CSP);
      next();
    },
    express.json({ limit: '1mb' }),
    expressMiddleware(server, {
      context: async ({ req }) =>
        createContext(orm, {
          requestId: (req.headers['x-request-id'] as string | undefined)?.slice(0, 100),
          authorization: req.headers.authorization,
        }),
    }),
  );

  return {
    orm,
    server,
    schema,
    handler,
    databaseUrl,
    async stop() {
      if (stopping) return;
      stopping = true;
      await server.stop();
      // Close the pool before stopping PostgreSQL, or idle clients raise 57P01 unhandled.
      await orm.close(true);
      await embedded?.stop();
    },
  };
}

/** Listens on the configured port; resolves once accepting connections. */
export function listen(app: App, port: number, host: string): Promise<http.Server> {
  const httpServer = http.createServer(app.handler);
  return new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => resolve(httpServer));
  });
}
