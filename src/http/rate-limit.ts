import { isIPv4, isIPv6 } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ErrorCode } from '../shared/errors';
import { sendJson, type Middleware } from './graphql-endpoint';
import type { SharedStore } from './redis';

export interface RateLimitSettings {
  /** Requests per window from one client address, for requests without a valid API key. */
  anonymous: number;
  /** Requests per window for one API key, unless the key has its own limit. */
  perKey: number;
  windowSeconds: number;
  /** Prefix of the counters' names in Redis, so deployments (or test runs) sharing one Redis keep apart. */
  prefix: string;
}

/** The API key a request carries, as far as rate limits care. */
export interface RateLimitedKey {
  id: string;
  /** The key's own limit per window; null for the deployment's default. */
  rateLimit: number | null;
}

export interface RateLimitOptions extends RateLimitSettings {
  /** Counters shared by every instance; without it each instance counts in its own memory. */
  store?: SharedStore;
  /** Resolves an Authorization header to an active key; undefined when it is malformed, unknown or revoked. */
  findKey(authorization: string): Promise<RateLimitedKey | undefined>;
  /** The client's address, as the 'trust proxy' setting (TRUST_PROXY) says to read it. */
  addressOf(req: IncomingMessage): string | undefined;
  log: (message: string) => void;
}

interface Bucket {
  name: string;
  limit: number;
  /** For the message: whose budget is spent. */
  holder: string;
}

/**
 * Middleware limiting requests per API key, and per client address for requests without a valid key.
 * Mount it on each route to protect (`handler.use('/graphql', rateLimit, ...)`); every answer on those routes
 * carries RateLimit-Limit, -Remaining, -Reset and -Policy headers, and a request over the limit gets HTTP 429 with
 * Retry-After and a GraphQL-shaped error RATE_LIMITED.
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const { store, windowSeconds, prefix, log } = options;
  // Every limit (default or a key's own) gets its limiter; in Redis they all share the counters, whatever the
  // limit, so changing a key's limit keeps what it has spent.
  const limiters = new Map<number, RateLimiterAbstract>();
  // Answers given by the in-memory insurance while Redis is out, to tell them from Redis's own.
  const fromInsurance = new WeakSet<RateLimiterRes>();
  const limiterFor = (points: number): RateLimiterAbstract => {
    let limiter = limiters.get(points);
    if (!limiter) {
      const memory = { points, duration: windowSeconds, keyPrefix: prefix };
      limiter = store
        ? new RateLimiterRedis({
            ...memory,
            storeClient: store.client,
            // Straight to the insurance while disconnected, instead of waiting for a reconnection.
            rejectIfRedisNotReady: true,
            insuranceLimiter: new InsuranceLimiter(
              memory,
              () => {
                // While (re)connecting, the connection's own events report the outage.
                if (store.client.status === 'ready') store.reportFailure('a command failed or timed out');
              },
              fromInsurance,
            ),
          })
        : new RateLimiterMemory(memory);
      limiters.set(points, limiter);
    }
    return limiter;
  };

  const bucketOf = async (req: IncomingMessage): Promise<Bucket> => {
    const authorization = req.headers.authorization;
    if (authorization) {
      let key: RateLimitedKey | undefined;
      try {
        key = await options.findKey(authorization);
      } catch {
        // The database is out: the request fails anyway, counted by address like any unknown key.
      }
      if (key) return { name: `key:${key.id}`, limit: key.rateLimit ?? options.perKey, holder: 'for this API key' };
    }
    // No key, or one that does not work: the address pays, so made-up keys give an attacker no fresh budget.
    return {
      name: `address:${addressBucket(options.addressOf(req))}`,
      limit: options.anonymous,
      holder: 'from this address without an API key',
    };
  };

  let failing = false;
  return async (req, res, next) => {
    const bucket = await bucketOf(req);
    let result: RateLimiterRes;
    let allowed = true;
    try {
      result = await limiterFor(bucket.limit).consume(bucket.name);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) {
        // Not expected (the insurance answers when Redis cannot), but a limiter fault must not stop the service.
        if (!failing) log(`rate limits: counting failed, requests pass unlimited: ${String(error)}`);
        failing = true;
        return next();
      }
      result = error;
      allowed = false;
    }
    failing = false;
    if (store && !fromInsurance.has(result)) store.reportSuccess();
    setHeaders(res, bucket.limit, windowSeconds, result);
    if (allowed) return next();
    const retryAfter = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    res.setHeader('Retry-After', String(retryAfter));
    sendJson(res, 429, {
      errors: [
        {
          message: `Too many requests ${bucket.holder}: at most ${bucket.limit} every ${windowSeconds} s. Try again in ${retryAfter} s.`,
          extensions: { code: ErrorCode.RATE_LIMITED, retryAfter },
        },
      ],
    });
  };
}

/** IETF draft "RateLimit header fields for HTTP" (the separate-fields version). */
function setHeaders(res: ServerResponse, limit: number, windowSeconds: number, result: RateLimiterRes): void {
  res.setHeader('RateLimit-Limit', String(limit));
  res.setHeader('RateLimit-Remaining', String(Math.max(0, result.remainingPoints)));
  res.setHeader('RateLimit-Reset', String(Math.max(0, Math.ceil(result.msBeforeNext / 1000))));
  res.setHeader('RateLimit-Policy', `${limit};w=${windowSeconds}`);
}

/** The in-memory fallback while Redis is out; tells the middleware which answers it gave. */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: () => void,
    private readonly answered: WeakSet<RateLimiterRes>,
  ) {
    super(options);
  }

  override consume(key: string | number, points?: number, options?: Record<string, unknown>): Promise<RateLimiterRes> {
    this.onUse();
    return super.consume(key, points, options).then(
      (result) => {
        this.answered.add(result);
        return result;
      },
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) this.answered.add(rejection);
        throw rejection;
      },
    );
  }
}

/**
 * The counter a client address spends from: an IPv4 address, or the /64 network of an IPv6 address (one host
 * usually holds a whole /64, so single IPv6 addresses would give it endless budgets). The address follows the
 * 'trust proxy' setting (TRUST_PROXY), so behind a load balancer it is the client, not the balancer.
 */
export function addressBucket(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const network = ipv6Groups(ip)
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16));
  return `${network.join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` expanded and an IPv4 tail turned into two groups. */
function ipv6Groups(ip: string): string[] {
  let text = ip.split('%')[0]!;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  if (tail === undefined) return left;
  const right = tail ? tail.split(':') : [];
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
}
