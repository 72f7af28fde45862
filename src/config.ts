import { existsSync } from 'node:fs';
import path from 'node:path';

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
  };
  if (errors.length) throw new Error(`Invalid configuration:\n- ${errors.join('\n- ')}`);
  return config;
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
