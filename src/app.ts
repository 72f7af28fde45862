import 'reflect-metadata';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { MikroORM } from '@mikro-orm/postgresql';
import { json } from 'body-parser';
import express from 'express';
import proxyAddress from 'proxy-addr';
import type { GraphQLSchema } from 'graphql';
import type { Config } from './config';
import { createContext, type Context } from './context';
import { graphqlEndpoint, pathOf, sendJson, type ErrorHandler } from './http/graphql-endpoint';
import { rateLimit } from './http/rate-limit';
import { pageRouter } from './modules/pages/page.router';
import { primaryForWrites, ReadReplicas } from './shared/replicas';
import { useNamedStatements } from './shared/loader-utils';
import { connectRedis } from './http/redis';
import { corsPolicy, lastResortErrorHandler, notFound, playgroundSecurityHeaders, securityHeaders } from './http/security';
import { ormOptions } from './mikro-orm.config';
import { findRateLimitedKey } from './modules/auth/auth.service';
import { closedReadsPlugin } from './modules/auth/closed-reads';
import { exportRouter } from './modules/export/export.router';
import { loadDemoData } from './modules/seed/seed';
import { connectionWarmUp, runWarmUp, warmPool, type WarmUp, type WarmUpConnection } from './modules/search/warm-up';
import { loadExamples, playgroundPlugin, playgroundRouter } from './playground/playground';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './shared/embedded-postgres';
import { ErrorCode } from './shared/errors';
import { createFormatError } from './shared/format-error';
import { createLogger, requestLogger, type Logger } from './shared/logger';
import { compiledResponsePlugin, stringifyResult } from './shared/response-sql';
import { responseCompiler } from './read-plans';
import { costLimitPlugin, limitRules } from './shared/query-limits';
import { errorOutcomePlugin, requestSignal } from './shared/request-guard';
import { createSchema } from './schema';

export interface App {
  orm: MikroORM;
  server: ApolloServer<Context>;
  schema: GraphQLSchema;
  /** The HTTP handler (GraphQL, playground, pages, exports, health); `listen` is up to the caller. */
  handler: http.RequestListener;
  databaseUrl: string;
  logger: Logger;
  replicas: ReadReplicas;
  stop(): Promise<void>;
}

/** Composition root: database, migrations, demo data, schema, GraphQL server. No globals, so tests reuse it. */
export async function createApp(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<App> {
  useNamedStatements(config.databaseNamedStatements);
  const log = (message: string) => logger.info(message);
  let embedded: EmbeddedDatabase | undefined;
  const databaseUrl =
    config.databaseUrl ?? (embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, log })).url;

  let stopping = false;
  // What each new connection runs before its first use, once the schema is known (see `connectionWarmUp`).
  let warmUp: WarmUp | undefined;
  const orm = await MikroORM.init({
    ...ormOptions,
    clientUrl: databaseUrl,
    driverOptions: {
      // A runaway statement is cancelled by PostgreSQL itself, whatever the client does.
      // The word similarity a misspelt name needs to match (nameMatches): 0.5 lets one letter in six be wrong; a
      // name of one or two letters needs a whole word (strict word similarity 0.5 leaves no room for another letter).
      // No parallel query: starting its workers took 35 ms here, more than the statements it was chosen for
      // (`disputes(first: 10)` at 200,000 statements: 53 ms in parallel, 4 ms without).
      connection: {
        statement_timeout: config.statementTimeoutMs,
        options:
          '-c pg_trgm.word_similarity_threshold=0.5 -c pg_trgm.strict_word_similarity_threshold=0.5 -c max_parallel_workers_per_gather=0',
      },
      // With the database down, answer SERVICE_UNAVAILABLE soon instead of queueing requests for a minute.
      acquireConnectionTimeout: config.databaseConnectTimeoutMs,
    },
    // Read replicas (DATABASE_REPLICA_URLS): each gets a pool like the primary's; ReadReplicas picks among them.
    replicas: config.replicaUrls.map((clientUrl, i) => ({ name: `replica-${i + 1}`, clientUrl })),
    pool: {
      // The pool keeps its connections open, idle or not: a new PostgreSQL connection is slow at first (see
      // `src/modules/search/warm-up.ts`), and one closed after 30 s idle made a quiet service's searches slow.
      min: config.databasePoolSize,
      max: config.databasePoolSize,
      // Without a listener, a PostgreSQL restart kills the process through an unhandled 'error' event.
      afterCreate: (conn: WarmUpConnection, done: (err: Error | null, conn: unknown) => void) => {
        conn.on('error', (error) => {
          if (!stopping) logger.warn(`database connection lost: ${error.message}`);
        });
        // A warm-up that fails costs the first search its 20 ms, nothing more.
        void runWarmUp(conn, warmUp).finally(() => done(null, conn));
      },
    },
  });
  // LOG_SQL: every statement sent, reads through knex included (MikroORM's own `debug` sees only the ORM's).
  // The values are left out: they carry API key hashes and whatever users wrote.
  if (config.logSql) {
    orm.em.getKnex().on('query', (query: { sql: string; bindings?: readonly unknown[] }) => {
      logger.info({ sql: query.sql, values: query.bindings?.length ?? 0 }, 'sql');
    });
  }
  try {
    const applied = await orm.getMigrator().up();
    if (applied.length) log(`applied ${applied.length} migration(s)`);
    if (config.seedDemoData && (await loadDemoData(orm))) log('loaded the Istanbul talks demo data');
    warmUp = connectionWarmUp(orm.em.getKnex());
    await warmPool(orm.em.getKnex(), config.databasePoolSize, warmUp);
  } catch (error) {
    await orm.close();
    await embedded?.stop();
    throw error;
  }

  const replicas = new ReadReplicas(orm, config.replicaUrls, config.replicaMaxLagMs, logger);
  await replicas.start(config.replicaCheckIntervalMs);
  const schema = await createSchema();
  const formatError = createFormatError({ exposeInternals: !config.production });
  const server = new ApolloServer<Context>({
    schema,
    // The playground's docs panel and client code generators need introspection, in production too.
    introspection: true,
    hideSchemaDetailsFromClientErrors: config.production,
    includeStacktraceInErrorResponses: false,
    formatError,
    // Compact JSON; a query compiled to SQL has its answer written into the response as PostgreSQL gave it.
    stringifyResult,
    // Limits on what one query may ask for, checked before anything runs (README: Security and operations).
    parseOptions: { maxTokens: config.queryLimits.maxTokens },
    validationRules: limitRules(config.queryLimits),
    // We stop in order ourselves (server, then ORM, then the embedded database).
    stopOnTerminationSignals: false,
    plugins: [
      // Apollo's per-request and per-field machinery that buys nothing here (no cache hints, no Apollo Studio):
      // the cache-control plugin alone wraps every field resolver. (Apollo 5 already answers compact JSON.)
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      primaryForWrites(orm),
      costLimitPlugin(config.queryLimits.maxCost),
      // After the limits: a query whose every field has an SQL form is answered by one compiled statement.
      compiledResponsePlugin(responseCompiler),
      errorOutcomePlugin(),
      playgroundPlugin({ endpoint: '/graphql', title: 'Fact tracker — GraphQL playground', examples: loadExamples() }),
      ...(config.readsRequireKey ? [closedReadsPlugin()] : []),
    ],
  });
  await server.start();

  // Rate-limit counters: in Redis when configured, so every instance spends from the same budget.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, (m) => logger.warn(m)) : undefined;
  const routes = express();
  routes.disable('x-powered-by');
  // No ETag hashed over every answer: the pages set their own, and the hash costs as much as routing.
  routes.set('etag', false);
  routes.set('trust proxy', config.trustProxy);
  const trustProxy = routes.get('trust proxy fn') as (address: string, hop: number) => boolean;
  // What every request goes through first, on /graphql and on Express's routes alike.
  const logRequest = requestLogger(logger);
  const secure = securityHeaders();
  const cors = corsPolicy(config.corsOrigins);
  const limitRate = rateLimit({
    ...config.rateLimits,
    store: redis,
    findKey: (authorization) => findRateLimitedKey(orm.em.fork(), authorization),
    // The address Express's `req.ip` gives, under the same 'trust proxy' setting.
    addressOf: (req) => proxyAddress(req, trustProxy),
    log: (m) => logger.warn(m),
  });
  const lastResort = lastResortErrorHandler(logger);

  routes.use(logRequest, secure, cors);
  routes.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  routes.get('/ready', async (_req, res) => {
    // Replicas are listed, but only the primary decides readiness: without replicas, reads go to the primary.
    const databases = (state: string) => [{ name: 'primary', role: 'primary', state }, ...replicas.states()];
    try {
      const pending = await orm.getMigrator().getPendingMigrations();
      if (pending.length) {
        res.status(503).json({ status: 'migrations pending', pending: pending.map((m) => m.name), databases: databases('ok') });
      } else res.json({ status: 'ready', databases: databases('ok') });
    } catch {
      res.status(503).json({ status: 'database unreachable', databases: databases('down') });
    }
  });
  routes.use(playgroundRouter());
  routes.use(
    exportRouter({
      orm,
      schema,
      readsRequireKey: config.readsRequireKey,
      logger,
      limitRate,
      exportsAtOnce: config.exportsAtOnce,
      readDb: () => replicas.readDb(),
    }),
  );
  routes.use(pageRouter({ orm, server, readsRequireKey: config.readsRequireKey, limitRate, readDb: () => replicas.readDb() }));
  // Last: 404s and unhandled errors keep the security headers.
  routes.use(notFound, lastResort);

  const graphql = graphqlEndpoint({
    server,
    middlewares: [logRequest, secure, cors, limitRate, playgroundSecurityHeaders, json({ limit: '1mb' })],
    // A body that is not JSON, or too large, is the client's mistake: one log line and a GraphQL-shaped answer.
    errorHandlers: [badRequestBody, lastResort],
    context: async (req, res) =>
      createContext(orm, {
        requestId: String(req.id),
        log: req.log,
        authorization: req.headers.authorization,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        signal: requestSignal(res, config.executionTimeoutMs),
        // A replica for reads; `primaryForWrites` moves a mutation's request back to the primary.
        db: replicas.readDb(),
      }),
  });
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) =>
    pathOf(req.url) === '/graphql' ? graphql(req, res) : routes(req, res);

  return {
    orm,
    server,
    schema,
    handler,
    databaseUrl,
    logger,
    replicas,
    async stop() {
      if (stopping) return;
      stopping = true;
      await server.stop();
      replicas.stop();
      await redis?.close();
      // Close the pool before stopping PostgreSQL, or idle clients raise 57P01 unhandled.
      await orm.close(true);
      await embedded?.stop();
    },
  };
}

/** Listens on the configured port; resolves once accepting connections, rejects with what to do if it cannot. */
export function listen(app: App, port: number, host: string): Promise<http.Server> {
  const httpServer = http.createServer(app.handler);
  return new Promise((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) => {
      const advice: Record<string, string> = {
        EADDRINUSE: `port ${port} is already in use (on ${host}): stop what listens there or set PORT to a free port`,
        EACCES: `not allowed to listen on port ${port}: set PORT to a port from 1024 up`,
        EADDRNOTAVAIL: `cannot listen on ${host}, which is not an address of this machine: set HOST`,
        ENOTFOUND: `cannot listen on ${host}, an unknown host name: set HOST`,
      };
      const message = error.code && advice[error.code];
      reject(message ? new Error(message, { cause: error }) : error);
    });
    httpServer.listen(port, host, () => resolve(httpServer));
  });
}

/** A body that body-parser refuses (not JSON, too large) is the client's mistake: a 4xx and one log line, no stack trace. */
const badRequestBody: ErrorHandler = (fault, req, res, next) => {
  const error = (fault ?? {}) as { status?: number; type?: string; message?: string };
  const status = error.status ?? 500;
  if (status >= 500 || res.headersSent) return next(error);
  req.log.info({ code: ErrorCode.BAD_REQUEST, type: error.type }, error.message ?? 'bad request body');
  const message =
    error.type === 'entity.too.large' ? 'The request body is too large (at most 1 MB).' : 'The request body is not valid JSON.';
  sendJson(res, status, { errors: [{ message, extensions: { code: ErrorCode.BAD_REQUEST } }] });
};
