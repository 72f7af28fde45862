// Child processes (the service, the floor) and what /proc says about CPU and memory.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';

export const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a process and resolves once a line of its output matches `ready`; rejects if it exits first. `onLine`, if
 * given, gets every complete line of its standard output after it is ready (the check mode counts SQL log lines).
 */
export function startProcess(name, command, args, { env, cwd, ready, onLine, timeoutMs = 120_000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`${name} did not start within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const finish = (error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolve(child);
    };
    let partial = '';
    child.stdout.on('data', (chunk) => {
      if (!done || !onLine) return;
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      for (const line of lines) onLine(line);
    });
    const onData = (chunk) => {
      const text = chunk.toString();
      output = (output + text).slice(-5000);
      if (done) {
        // after start, only say something when the process complains
        if (/error|warn/i.test(onLine ? text.replace(/^.*"msg":"sql".*$/gm, '') : text)) process.stderr.write(`[${name}] ${text}`);
      } else if (ready.test(output)) finish();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => finish(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${output}`)));
  });
}

export function stopProcess(child, timeoutMs = 15_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** utime + stime of a process, in ms (0 when it is gone). */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
  } catch {
    return 0;
  }
}

export function rssMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU ms of each PostgreSQL backend serving `database` (its process title names the database). */
export function postgresBackends(database) {
  const result = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.startsWith('postgres: ') && cmdline.split(' ').includes(database)) result.set(entry, cpuMs(entry));
  }
  return result;
}

/** CPU the backends spent between two snapshots; a backend that appeared in between counts from zero. */
export function backendCpuDelta(before, after) {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Busy CPU of the whole machine in ms (all cores), from /proc/stat. */
export function machineBusyMs() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  void idle;
  void iowait;
  return (user + nice + system + irq + softirq + steal) * CLOCK_TICK_MS;
}

/** Runs one statement on the benchmarks' server as its administrator (creating and dropping databases). */
export async function adminQuery(sql) {
  const db = new pg.Client({ connectionString: benchDatabaseUrl('postgres') });
  await db.connect();
  try {
    return await db.query(sql);
  } finally {
    await db.end();
  }
}

/** The URL of database `name` on the benchmarks' PostgreSQL server (`BENCH_DATABASE_URL`). */
export function benchDatabaseUrl(name) {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/');
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Starts the service's production build in `cwd` on `port` against `databaseUrl` as the search and export
 * benchmarks run it: no demo data, no Redis, warnings only, rate limits out of reach.
 */
export function startService(cwd, databaseUrl, port, options = {}) {
  return startProcess('service', process.execPath, ['dist/src/main.js'], {
    cwd,
    env: {
      DATABASE_URL: databaseUrl,
      SEED_DEMO_DATA: 'false',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMIT_ANONYMOUS: '1000000000',
      REDIS_URL: '',
    },
    ready: /fact tracker ready/,
    ...options,
  });
}
