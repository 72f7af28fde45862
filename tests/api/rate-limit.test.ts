import { randomUUID } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createApiKey, revokeApiKey } from '../../src/modules/auth/auth.service';
import { Role } from '../../src/modules/auth/role';
import { silentLogger } from '../../src/shared/logger';
import { createTestApp, serveHttp, type TestApp } from '../helpers/test-app';

// Rate limits over real HTTP: per client address, per API key, a key's own limit, and one budget shared by several
// instances through Redis (which may go away without taking the service with it).

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

function post(base: string, options: { key?: string; authorization?: string; from?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.authorization) headers.authorization = options.authorization;
  if (options.from) headers['x-forwarded-for'] = options.from;
  return fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: '{ __typename }' }) });
}

/** Sends `count` requests one after another and returns their statuses. */
async function statuses(count: number, send: () => Promise<Response>): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await send();
    await response.arrayBuffer();
    result.push(response.status);
  }
  return result;
}

const repeat = <T>(value: T, times: number): T[] => Array<T>(times).fill(value);

/** A pino logger whose lines the test can read. */
function capturingLogger(): { logger: pino.Logger; messages: () => string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg) };
}

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('in one instance (memory)', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof serveHttp>>;
  beforeAll(async () => {
    t = await createTestApp({
      rateLimits: { anonymous: 3, perKey: 5, windowSeconds: 60, prefix: 'rl' },
      // The tests play several clients from 127.0.0.1 by sending X-Forwarded-For, as a local proxy would.
      trustProxy: ['loopback'],
    });
    s = await serveHttp(t.app);
  });
  afterAll(async () => {
    await s.close();
    await t.close();
  });

  it('counts requests without a key per address and answers 429 with Retry-After once the budget is spent', async () => {
    const from = '203.0.113.1';
    for (const remaining of ['2', '1', '0']) {
      const response = await post(s.base, { from });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      expect(response.headers.get('ratelimit-remaining')).toBe(remaining);
      expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      expect(Number(response.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60);
      expect(response.headers.get('ratelimit-policy')).toBe('3;w=60');
    }
    const limited = await post(s.base, { from });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/json/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-content-type-options')).toBe('nosniff');
    const body: any = await limited.json();
    expect(body).toEqual({
      errors: [
        { message: expect.stringMatching(/^Too many requests from this address/), extensions: { code: 'RATE_LIMITED', retryAfter } },
      ],
    });

    // Another address has its own budget; the landing page of the playground is on the same budget.
    expect((await post(s.base, { from: '203.0.113.2' })).status).toBe(200);
    expect((await fetch(`${s.base}/graphql`, { headers: { accept: 'text/html', 'x-forwarded-for': from } })).status).toBe(429);
    // Routes that are not limited stay open.
    const health = await fetch(`${s.base}/health`, { headers: { 'x-forwarded-for': from } });
    expect(health.status).toBe(200);
    expect(health.headers.get('ratelimit-limit')).toBeNull();
  });

  it('gives each API key its own budget, separate from its address', async () => {
    const from = '203.0.113.10';
    expect(await statuses(4, () => post(s.base, { from }))).toEqual([200, 200, 200, 429]);

    const key = await t.key(Role.READER);
    const other = await t.key(Role.EDITOR);
    const first = await post(s.base, { from, key });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('5');
    expect(await statuses(5, () => post(s.base, { from, key }))).toEqual([200, 200, 200, 200, 429]);
    const limited = await post(s.base, { from, key });
    expect(((await limited.json()) as any).errors[0].message).toMatch(/^Too many requests for this API key/);

    // Another key from the same address, and the same key from another address: the key's budget is what counts.
    expect((await post(s.base, { from, key: other })).status).toBe(200);
    expect((await post(s.base, { from: '203.0.113.11', key })).status).toBe(429);
  });

  it('counts made-up, malformed and revoked keys against the address, never in a bucket of their own', async () => {
    const from = '203.0.113.20';
    const revoked = await t.key(Role.EDITOR, 'rate-limit-revoked');
    await revokeApiKey(t.app.orm.em.fork(), 'rate-limit-revoked');
    const madeUp = () => `ftk_${randomUUID().replace(/-/g, '')}${'x'.repeat(11)}`;
    expect(madeUp()).toMatch(/^ftk_[A-Za-z0-9_-]{43}$/);

    const sent = await statuses(3, () => post(s.base, { from, key: madeUp() }));
    expect(sent).toEqual([200, 200, 200]);
    for (const authorization of [`Bearer ${madeUp()}`, 'Bearer nonsense', 'Basic dXNlcjpwYXNz', `Bearer ${revoked}`]) {
      const response = await post(s.base, { from, authorization });
      expect({ authorization, status: response.status }).toEqual({ authorization, status: 429 });
      expect(response.headers.get('ratelimit-limit')).toBe('3');
    }
  });

  it("applies a key's own limit instead of the default", async () => {
    const { key } = await createApiKey(t.app.orm.em.fork(), 'rate-limit-small', Role.READER, { rateLimit: 2 });
    const { key: generous } = await createApiKey(t.app.orm.em.fork(), 'rate-limit-large', Role.READER, { rateLimit: 8 });
    const from = '203.0.113.30';
    const first = await post(s.base, { from, key });
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect(first.headers.get('ratelimit-policy')).toBe('2;w=60');
    expect(await statuses(2, () => post(s.base, { from, key }))).toEqual([200, 429]);
    expect(await statuses(9, () => post(s.base, { from, key: generous }))).toEqual([...repeat(200, 8), 429]);
    await expect(createApiKey(t.app.orm.em.fork(), 'rate-limit-zero', Role.READER, { rateLimit: 0 })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'rateLimit' },
    });
  });

  it('counts an IPv6 client by its /64 network, and an IPv4-mapped address as IPv4', async () => {
    const network = ['2001:db8:aa:1::1', '2001:db8:aa:1:ffff::2', '2001:db8:aa:1:1:2:3:4'];
    expect(await statuses(3, async () => post(s.base, { from: network.shift()! }))).toEqual([200, 200, 200]);
    expect((await post(s.base, { from: '2001:db8:aa:1::99' })).status).toBe(429);
    expect((await post(s.base, { from: '2001:db8:aa:2::1' })).status).toBe(200);

    expect(await statuses(3, () => post(s.base, { from: '198.51.100.7' }))).toEqual([200, 200, 200]);
    expect((await post(s.base, { from: '::ffff:198.51.100.7' })).status).toBe(429);
  });
});

it('ignores X-Forwarded-For unless TRUST_PROXY says whom to believe', async () => {
  const t = await createTestApp({ rateLimits: { anonymous: 2, perKey: 5, windowSeconds: 60, prefix: 'rl' } });
  const s = await serveHttp(t.app);
  try {
    // Every request claims another address; without trust they all come from 127.0.0.1.
    let n = 0;
    expect(await statuses(3, () => post(s.base, { from: `192.0.2.${++n}` }))).toEqual([200, 200, 429]);
  } finally {
    await s.close();
    await t.close();
  }
});

it('reads the limits, the proxy setting and the Redis URL from the environment, and refuses bad values', () => {
  const config = loadConfig({
    RATE_LIMIT_ANONYMOUS: '30',
    RATE_LIMIT_KEY: '300',
    RATE_LIMIT_WINDOW_SECONDS: '10',
    RATE_LIMIT_PREFIX: 'desk:rl',
    REDIS_URL: 'redis://cache:6379/2',
    TRUST_PROXY: '10.0.0.0/8, loopback',
  });
  expect(config.rateLimits).toEqual({ anonymous: 30, perKey: 300, windowSeconds: 10, prefix: 'desk:rl' });
  expect(config.redisUrl).toBe('redis://cache:6379/2');
  expect(config.trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
  expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  expect(loadConfig({}).trustProxy).toBe(false);
  expect(loadConfig({}).redisUrl).toBeUndefined();

  const defaults = loadConfig({}).rateLimits;
  expect(defaults).toEqual({ anonymous: 120, perKey: 1200, windowSeconds: 60, prefix: 'fact-tracker:rate-limit' });

  const bad = () =>
    loadConfig({
      RATE_LIMIT_ANONYMOUS: '0',
      RATE_LIMIT_KEY: 'lots',
      RATE_LIMIT_WINDOW_SECONDS: '-1',
      REDIS_URL: 'http://cache',
      TRUST_PROXY: 'the balancer',
      RATE_LIMIT_PREFIX: 'has space',
    });
  expect(bad).toThrow(/RATE_LIMIT_ANONYMOUS[\s\S]*RATE_LIMIT_KEY[\s\S]*RATE_LIMIT_WINDOW_SECONDS/);
  expect(bad).toThrow(/REDIS_URL must be a redis:\/\//);
  expect(bad).toThrow(/TRUST_PROXY must be/);
  expect(bad).toThrow(/RATE_LIMIT_PREFIX must be/);
});

describe('across instances (Redis)', () => {
  const prefix = `fact-tracker-test:${randomUUID()}`;
  let redis: Redis;
  let t: TestApp;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    t = await createTestApp();
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await t.close();
  });

  /** A second, third... instance of the service on the test app's database. */
  const instance = async (settings: Partial<Config>, logger = silentLogger): Promise<App> =>
    createApp({ ...loadConfig({}), databaseUrl: t.app.databaseUrl, redisUrl: REDIS_URL, ...settings }, logger);

  it('spends one budget across instances: requests spread over two are limited by their total', async () => {
    const rateLimits = { anonymous: 6, perKey: 4, windowSeconds: 60, prefix: `${prefix}:shared` };
    const [a, b] = await Promise.all([instance({ rateLimits }), instance({ rateLimits })]);
    const [sa, sb] = await Promise.all([serveHttp(a!), serveHttp(b!)]);
    try {
      const remaining: string[] = [];
      for (let i = 0; i < 6; i++) {
        const response = await post(i % 2 ? sb.base : sa.base);
        expect(response.status).toBe(200);
        remaining.push(response.headers.get('ratelimit-remaining')!);
      }
      expect(remaining).toEqual(['5', '4', '3', '2', '1', '0']);
      expect((await post(sa.base)).status).toBe(429);
      expect((await post(sb.base)).status).toBe(429);
      expect(await redis.exists(`${prefix}:shared:address:127.0.0.1`)).toBe(1);

      // A key's budget, its own limit included, is shared the same way.
      const { key } = await createApiKey(t.app.orm.em.fork(), 'shared-budget', Role.READER, { rateLimit: 3 });
      let n = 0;
      expect(await statuses(4, () => post(n++ % 2 ? sb.base : sa.base, { key }))).toEqual([200, 200, 200, 429]);
    } finally {
      await Promise.all([sa.close(), sb.close()]);
      await Promise.all([a!.stop(), b!.stop()]);
    }
  });

  it('gives the budget back once Retry-After has passed', async () => {
    const rateLimits = { anonymous: 2, perKey: 4, windowSeconds: 2, prefix: `${prefix}:window` };
    const [a, b] = await Promise.all([instance({ rateLimits }), instance({ rateLimits })]);
    const [sa, sb] = await Promise.all([serveHttp(a!), serveHttp(b!)]);
    try {
      expect(await statuses(2, () => post(sa.base))).toEqual([200, 200]);
      const limited = await post(sb.base);
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2);
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
      expect((await post(sb.base)).status).toBe(200);
    } finally {
      await Promise.all([sa.close(), sb.close()]);
      await Promise.all([a!.stop(), b!.stop()]);
    }
  });

  it('fails open when Redis cannot be reached at all: counts in memory and says so once', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const { logger, messages } = capturingLogger();
    const app = await instance(
      { redisUrl: `redis://127.0.0.1:${port}`, rateLimits: { anonymous: 3, perKey: 4, windowSeconds: 60, prefix: `${prefix}:down` } },
      logger,
    );
    const s = await serveHttp(app);
    try {
      await eventually(() => messages().some((m) => m.includes('unreachable')), 'the outage to be logged');
      expect(await statuses(4, () => post(s.base))).toEqual([200, 200, 200, 429]);
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // several reconnection attempts
      expect(messages().filter((m) => /Redis/.test(m))).toEqual([
        expect.stringMatching(/^rate limits: Redis at redis:\/\/127\.0\.0\.1:\d+ unreachable/),
      ]);
    } finally {
      await s.close();
      await app.stop();
    }
  });

  it('keeps answering through a Redis outage, logs its start and end once each, and shares the budget again after', async () => {
    // A TCP relay in front of Redis stands in for the network: closing it cuts this instance off, and only it.
    const target = new URL(REDIS_URL);
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const port = (relay.address() as AddressInfo).port;

    const { logger, messages } = capturingLogger();
    const counter = `${prefix}:outage:address:127.0.0.1`;
    const app = await instance(
      {
        redisUrl: `redis://127.0.0.1:${port}`,
        rateLimits: { anonymous: 1_000, perKey: 1_000, windowSeconds: 60, prefix: `${prefix}:outage` },
      },
      logger,
    );
    const s = await serveHttp(app);
    try {
      await eventually(async () => {
        await (await post(s.base)).arrayBuffer();
        return (await redis.exists(counter)) === 1;
      }, 'requests to be counted in Redis');

      relay.close();
      for (const socket of sockets) socket.destroy();
      expect(await statuses(5, () => post(s.base))).toEqual(repeat(200, 5));
      await eventually(() => messages().some((m) => m.includes('unreachable')), 'the outage to be logged');
      const before = Number(await redis.get(counter));
      expect(await statuses(5, () => post(s.base))).toEqual(repeat(200, 5));
      expect(Number(await redis.get(counter))).toBe(before);

      await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
      await eventually(() => messages().some((m) => m.includes('reachable again')), 'the recovery to be logged');
      await (await post(s.base)).arrayBuffer();
      expect(Number(await redis.get(counter))).toBe(before + 1);
      expect(messages().filter((m) => /Redis/.test(m))).toEqual([
        expect.stringMatching(/unreachable/),
        expect.stringMatching(/reachable again/),
      ]);
    } finally {
      await s.close();
      await app.stop();
      relay.close();
      for (const socket of sockets) socket.destroy();
    }
  });
});
