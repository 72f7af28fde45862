import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';
const asRoot = process.getuid?.() === 0;

/** A PostgreSQL cluster of a test's own (initdb into a temp folder, its own port), to stop and start at will. */
export interface Cluster {
  url(database?: string): string;
  /** `immediate` is a crash: no checkpoint, clients cut at once. */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  destroy(): void;
}

/** Runs a PostgreSQL tool as the `postgres` OS user when the tests run as root (PostgreSQL refuses root). */
function run(tool: string, args: string[]): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, tool), ...args]] : [path.join(BIN, tool), args];
  execFileSync(cmd, argv, { stdio: 'pipe', timeout: 60_000 });
}

/** A data folder of our own, owned by the `postgres` OS user when the tests run as root. */
function clusterDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ft-cluster-'));
  chmodSync(dir, 0o755);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  return dir;
}

/** Starts and stops a cluster whose data folder is `dir/data`, on `port`, with `settings` (`-c name=value`). */
function clusterIn(dir: string, port: number, settings: string[] = []): Cluster {
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  const cluster: Cluster = {
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop: (mode = 'fast') => run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']),
    start: () =>
      run('pg_ctl', [
        '-D',
        data,
        '-l',
        logFile,
        '-w',
        '-o',
        [`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on`, ...settings.map((s) => `-c ${s}`)].join(' '),
        'start',
      ]),
    destroy: () => {
      try {
        cluster.stop('immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}

export function createCluster(port: number, settings: string[] = []): Cluster {
  const dir = clusterDir();
  run('initdb', ['-D', path.join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  return clusterIn(dir, port, settings);
}

/**
 * A streaming standby of `primaryPort`'s cluster (pg_basebackup -R: a copy of its data folder that follows its
 * WAL), running on `port`. `initdb --auth=trust` allows replication connections from 127.0.0.1.
 */
export function createStandby(primaryPort: number, port: number, settings: string[] = []): Cluster {
  const dir = clusterDir();
  run('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primaryPort),
    '-U',
    'postgres',
    '-D',
    path.join(dir, 'data'),
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  return clusterIn(dir, port, settings);
}
