import { existsSync } from 'node:fs';
import path from 'node:path';
import { isIP } from 'node:net';
import type { RateLimitSettings } from './http/rate-limit';
import type { QueryLimits } from './shared/query-limits';

export interface Config {
  /** PostgreSQL to use; when absent an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl?: string;
  port: number;
  host: string;
  production: boolean;
  /** Folder for the embedded PostgreSQL's files. */
  dataDir: string;
  embeddedPostgresPort: number;
  /** Load the Istanbul demo data at start (default: only with the embedded database). */
  seedDemoData: boolean;
  /** Log every SQL statement (noisy; for debugging). */
  logSql: boolean;
  /** Close reads to the public: queries then need a READER key or better. */
  readsRequireKey: boolean;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** What one GraphQL query may ask for, checked before it runs. */
  queryLimits: QueryLimits;
  /** A request's execution deadline; resolvers still pending then answer TIMEOUT. */
  executionTimeoutMs: number;
  /** PostgreSQL's `statement_timeout` for every statement the service sends. */
  statementTimeoutMs: number;
  /** How long a request waits for a database connection before answering SERVICE_UNAVAILABLE. */
  databaseConnectTimeoutMs: number;
  /** Database connections per instance. */
  databasePoolSize: number;
  /** PostgreSQL streaming replicas that read-only requests use (DATABASE_REPLICA_URLS, comma-separated). */
  replicaUrls: string[];
  /** A replica further behind its primary than this is skipped until it catches up. */
  replicaMaxLagMs: number;
  /** How often each replica's state (reachable, how far behind) is checked. */
  replicaCheckIntervalMs: number;
  /** Named prepared statements; false behind PgBouncer older than 1.21 in transaction pooling mode. */
  databaseNamedStatements: boolean;
  /** Exports streaming at once per instance: each holds a database connection for as long as it runs. */
  exportsAtOnce: number;
  /** Redis for what instances share (rate-limit counters); without it each instance counts alone, in memory. */
  redisUrl?: string;
  /** Requests per window per API key, and per client address for requests without a valid key. */
  rateLimits: RateLimitSettings;
  /** Express's 'trust proxy': whose X-Forwarded-For to believe for the client address (false: nobody's). */
  trustProxy: boolean | number | string[];
  /** Origins whose pages may call the API from a browser; '*' for any, empty for none. */
  corsOrigins: string[] | '*';
}

export const PROJECT_ROOT = findProjectRoot(__dirname);

/** The only reader of process.env: every setting is checked at once so a bad deployment fails with one message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const errors: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      errors.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
    errors.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    errors.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const databasePoolSize = int('DATABASE_POOL_SIZE', 10, 1, 1_000);
  const replicaUrls = (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  for (const url of replicaUrls) {
    if (!/^postgres(ql)?:\/\//.test(url))
      errors.push('DATABASE_REPLICA_URLS must be postgres:// or postgresql:// URLs, separated by commas');
  }
  const config: Config = {
    databaseUrl,
    port: int('PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    production: env.NODE_ENV === 'production',
    dataDir: path.resolve(PROJECT_ROOT, env.DATA_DIR || '.data'),
    embeddedPostgresPort: int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
    seedDemoData: bool('SEED_DEMO_DATA', !databaseUrl),
    logSql: bool('LOG_SQL', false),
    readsRequireKey: bool('READS_REQUIRE_KEY', false),
    logLevel: env.LOG_LEVEL || 'info',
    queryLimits: {
      maxCost: int('MAX_QUERY_COST', 100_000, 1, 100_000_000),
      maxDepth: int('MAX_QUERY_DEPTH', 16, 1, 1_000),
      maxAliases: int('MAX_QUERY_ALIASES', 30, 0, 10_000),
      maxDirectives: int('MAX_QUERY_DIRECTIVES', 50, 0, 10_000),
      maxTokens: int('MAX_QUERY_TOKENS', 5_000, 10, 1_000_000),
    },
    executionTimeoutMs: int('EXECUTION_TIMEOUT_MS', 10_000, 100, 600_000),
    statementTimeoutMs: int('STATEMENT_TIMEOUT_MS', 5_000, 100, 3_600_000),
    databaseConnectTimeoutMs: int('DATABASE_CONNECT_TIMEOUT_MS', 5_000, 100, 600_000),
    databasePoolSize,
    replicaUrls,
    replicaMaxLagMs: int('REPLICA_MAX_LAG_MS', 10_000, 0, 3_600_000),
    replicaCheckIntervalMs: int('REPLICA_CHECK_INTERVAL_MS', 2_000, 100, 600_000),
    databaseNamedStatements: bool('DATABASE_NAMED_STATEMENTS', true),
    // A quarter of the pool by default: the rest keeps answering GraphQL while researchers download.
    exportsAtOnce: int('EXPORTS_AT_ONCE', Math.max(1, Math.floor(databasePoolSize / 4)), 1, 1_000),
    redisUrl: env.REDIS_URL || undefined,
    rateLimits: {
      anonymous: int('RATE_LIMIT_ANONYMOUS', 120, 1, 1_000_000_000),
      perKey: int('RATE_LIMIT_KEY', 1_200, 1, 1_000_000_000),
      windowSeconds: int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      prefix: env.RATE_LIMIT_PREFIX || 'fact-tracker:rate-limit',
    },
    trustProxy: parseTrustProxy(env.TRUST_PROXY, errors),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS, errors),
  };
  if (config.redisUrl && !/^rediss?:\/\/./.test(config.redisUrl)) errors.push('REDIS_URL must be a redis:// or rediss:// URL');
  if (!/^[\w:.-]{1,100}$/.test(config.rateLimits.prefix)) {
    errors.push('RATE_LIMIT_PREFIX must be 1 to 100 letters, digits, colons, dots, dashes or underscores');
  }
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) {
    errors.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "${config.logLevel}"`);
  }
  if (errors.length) throw new Error(`Invalid configuration:\n- ${errors.join('\n- ')}`);
  return config;
}

/**
 * TRUST_PROXY: unset or false (the client is whoever connects), a number of proxy hops, true (believe any
 * X-Forwarded-For: only when nothing reaches the service except through the proxy), or addresses and subnets
 * of the proxies, comma-separated (`loopback`, `linklocal`, `uniquelocal` name the usual private ranges).
 */
function parseTrustProxy(raw: string | undefined, errors: string[]): boolean | number | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const valid = (entry: string): boolean => {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
    const [address = '', bits, extra] = entry.split('/');
    if (extra !== undefined || !isIP(address)) return false;
    if (bits === undefined) return true;
    return /^\d+$/.test(bits) ? Number(bits) <= (isIP(address) === 4 ? 32 : 128) : isIP(bits) === isIP(address);
  };
  const invalid = entries.filter((entry) => !valid(entry));
  if (invalid.length) {
    errors.push(
      `TRUST_PROXY must be true, false, a number of hops, or addresses/subnets (or loopback, linklocal, uniquelocal), got "${invalid.join('", "')}"`,
    );
    return false;
  }
  return entries;
}

/** CORS_ORIGINS: unset (no cross-origin access), `*` (any origin), or origins such as `https://desk.example.org`, comma-separated. */
function parseCorsOrigins(raw: string | undefined, errors: string[]): string[] | '*' {
  const value = raw?.trim() ?? '';
  if (value === '*') return '*';
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const isOrigin = (origin: string): boolean => {
    try {
      const url = new URL(origin);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === origin;
    } catch {
      return false;
    }
  };
  const invalid = origins.filter((origin) => !isOrigin(origin));
  if (invalid.length) {
    errors.push(
      `CORS_ORIGINS must be * or origins like https://desk.example.org (scheme, lower-case host, port if not the default; no path), got "${invalid.join('", "')}"`,
    );
  }
  return origins;
}

/** The folder holding package.json, whether running from src/ (ts) or dist/src/ (compiled). */
function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}
