import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, listeningServer } from '../helpers/ports';

// Start and stop of the real service (`node dist/src/main.js`, compiled once here) with its embedded PostgreSQL in
// a temp folder: a taken database port, a taken HTTP port, and SIGTERM while a request is in progress.

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');
/** This suite's ports are from 55400-55499; where to start looking differs per run. */

interface Service {
  child: ChildProcess;
  output(): string;
  exitCode: Promise<number | null>;
}

let dataDir: string;
const started: Service[] = [];
const listeners: net.Server[] = [];

function startService(env: Record<string, string>): Service {
  // Not the test run's database, nor Jest's variables (TS_JEST makes MikroORM look for .ts migrations).
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(DATABASE_URL|REDIS_URL|NODE_ENV|TS_JEST|JEST_.*)$/.test(name)),
  );
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...inherited, DATA_DIR: dataDir, HOST: '127.0.0.1', SEED_DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const service = { child, output: () => output, exitCode };
  started.push(service);
  return service;
}

/** Waits until the service prints `pattern` (fails with its output if it exits or takes too long). */
async function waitForOutput(service: Service, pattern: RegExp, ms = 30_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = pattern.exec(service.output());
    if (match) return match;
    if (service.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`no ${pattern} in the service's output (exit code ${service.child.exitCode}):\n${service.output()}`);
    }
    await sleep(100);
  }
}

/** A plain TCP listener holding a port, as another program would. */
async function occupiedPort(): Promise<number> {
  const server = await listeningServer();
  listeners.push(server);
  return (server.address() as net.AddressInfo).port;
}

/** Processes whose command line names this run's data folder (the embedded postmaster). */
function postgresOfDataDir(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(() => {
  // `npm test` compiles first (pretest): compiling here too would rewrite dist/ under other tests' processes.
  if (!existsSync(path.join(ROOT, 'dist/src/main.js'))) throw new Error('dist/src/main.js is missing: run `npm run build` first.');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'ft-start-stop-'));
  // As root the embedded PostgreSQL runs as the postgres user, which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
}, 120_000);

afterAll(async () => {
  for (const { child } of started) if (child.exitCode === null) child.kill('SIGKILL');
  for (const pid of postgresOfDataDir()) process.kill(pid, 'SIGKILL');
  await Promise.all(listeners.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dataDir, { recursive: true, force: true });
});

test('moves the embedded PostgreSQL to a free port, and SIGTERM lets a request in progress finish first', async () => {
  const httpPort = await freePort();
  const pgPort = await occupiedPort();
  const service = startService({ PORT: String(httpPort), EMBEDDED_PG_PORT: String(pgPort) });

  const [, usedPort] = await waitForOutput(service, new RegExp(`port ${pgPort} is taken; the embedded PostgreSQL uses (\\d+)`), 45_000);
  expect(Number(usedPort)).not.toBe(pgPort);
  await waitForOutput(service, /fact tracker ready/, 45_000);
  expect(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]).toBe(usedPort);

  // A request whose body is still arriving when the signal comes.
  const body = JSON.stringify({ query: '{ statements(first: 1) { totalCount } }' });
  const socket = net.connect(httpPort, '127.0.0.1');
  let response = '';
  socket.on('data', (chunk) => (response += chunk));
  const answered = new Promise((resolve) => socket.once('close', resolve));
  socket.write(
    `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
  );
  await sleep(300);
  service.child.kill('SIGTERM');
  await waitForOutput(service, /SIGTERM received: finishing 1 request\(s\) in progress/);
  await sleep(500);
  socket.write(body.slice(10)); // write, not end: a half-closed socket aborts the request
  await answered;

  expect(response).toMatch(/^HTTP\/1\.1 200 /);
  expect(response).toMatch(/connection: close/i);
  expect(JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))).toEqual({ data: { statements: { totalCount: 0 } } });
  expect(await service.exitCode).toBe(0);
  expect(service.output()).toContain('fact tracker stopped');
  expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  expect(postgresOfDataDir()).toEqual([]);
}, 60_000);

test('exits 1 naming the HTTP port when it is taken, and stops its embedded PostgreSQL', async () => {
  const httpPort = await occupiedPort();
  const service = startService({ PORT: String(httpPort), EMBEDDED_PG_PORT: String(await freePort()) });

  expect(await service.exitCode).toBe(1);
  expect(service.output()).toMatch(new RegExp(`did not start: port ${httpPort} is already in use .*set PORT`));
  expect(service.output()).not.toContain('undefined');
  expect(postgresOfDataDir()).toEqual([]);
}, 60_000);
