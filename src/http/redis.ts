import { Redis } from 'ioredis';

/**
 * The Redis connection behind the shared rate-limit counters. An outage must never take the service down: the
 * counters fall back to each instance's memory, and the outage is logged once when it starts and once when it ends,
 * not once per request.
 */
export interface SharedStore {
  client: Redis;
  /** A command failed or could not be sent. */
  reportFailure(reason: string): void;
  /** A command succeeded. */
  reportSuccess(): void;
  close(): Promise<void>;
}

/**
 * Connects, waiting for the first connection (or its first failure, at most `connectTimeout`) so the first requests
 * are counted in Redis too; an unreachable Redis is logged and retried in the background, never fatal.
 */
export async function connectRedis(url: string, log: (message: string) => void): Promise<SharedStore> {
  const client = new Redis(url, {
    // While disconnected, fail at once (the limiter then counts in memory) instead of queueing behind the outage.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // A Redis that accepts connections but does not answer must not hold requests up either.
    commandTimeout: 500,
    connectTimeout: 2_000,
    // Reconnect forever, at most every 5 s.
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
  });
  const where = redact(url);
  let down = false;
  let closing = false;
  const store: SharedStore = {
    client,
    reportFailure(reason) {
      if (down || closing) return;
      down = true;
      log(`rate limits: Redis at ${where} unreachable (${reason}); each instance counts alone in memory until it is back`);
    },
    reportSuccess() {
      if (!down || closing) return;
      down = false;
      log(`rate limits: Redis at ${where} reachable again; counting is shared again`);
    },
    async close() {
      closing = true;
      client.disconnect();
    },
  };
  // Without an 'error' listener ioredis prints every failed reconnection attempt.
  client.on('error', (error: Error) => store.reportFailure(error.message || error.name));
  client.on('close', () => store.reportFailure('connection closed'));
  client.on('ready', () => store.reportSuccess());
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, 2_500);
    client.once('ready', done);
    client.once('error', done);
    function done() {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('error', done);
      resolve();
    }
  });
  return store;
}

/** The URL without its password, for logs. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
