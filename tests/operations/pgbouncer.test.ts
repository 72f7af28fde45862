import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { Role } from '../../src/modules/auth/role';
import { silentLogger } from '../../src/shared/logger';
import { createTestApp, serveHttp, type TestApp } from '../helpers/test-app';
import { freePort } from '../helpers/ports';

// The read and write paths through a local PgBouncer (Debian's package) in transaction pooling mode, the
// production setup of README "Running at scale": each transaction may get another server connection, so the
// service runs with DATABASE_NAMED_STATEMENTS=false (PgBouncer before 1.21 keeps no prepared statements).

const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => existsSync(p));
if (!PGBOUNCER && process.env.CI) throw new Error('No PgBouncer: .ci/run installs Debian’s pgbouncer package.');
if (!PGBOUNCER) console.warn('PgBouncer tests skipped: install it with `apt-get install pgbouncer`.');
const describeWithPgBouncer = PGBOUNCER ? describe : describe.skip;

const asRoot = process.getuid?.() === 0;

describeWithPgBouncer('through PgBouncer in transaction pooling mode', () => {
  let t: TestApp;
  let bounced: App;
  let http: { base: string; close(): Promise<void> };
  let dir: string;
  let key: string;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp();
    port = await freePort();
    const database = new URL(t.app.databaseUrl).pathname.slice(1);
    dir = mkdtempSync(path.join(os.tmpdir(), 'ft-pgbouncer-'));
    writeFileSync(path.join(dir, 'users.txt'), '"postgres" ""\n');
    writeFileSync(
      path.join(dir, 'pgbouncer.ini'),
      [
        '[databases]',
        `bounced = host=127.0.0.1 port=5432 dbname=${database} user=postgres`,
        // Any other database by its own name (the service looks at "postgres" when it starts).
        '* = host=127.0.0.1 port=5432 user=postgres',
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        'unix_socket_dir =',
        'auth_type = trust',
        `auth_file = ${path.join(dir, 'users.txt')}`,
        'pool_mode = transaction',
        // Sent by node-postgres at connection start; PgBouncer cannot forward them (the role would carry them).
        'ignore_startup_parameters = options,statement_timeout',
        'default_pool_size = 3',
        'max_client_conn = 200',
        `logfile = ${path.join(dir, 'pgbouncer.log')}`,
        `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      ].join('\n'),
    );
    // PgBouncer will not run as root.
    if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
    const [cmd, args] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', PGBOUNCER!, '-d', path.join(dir, 'pgbouncer.ini')]]
      : [PGBOUNCER!, ['-d', path.join(dir, 'pgbouncer.ini')]];
    execFileSync(cmd, args as string[], { stdio: 'pipe' });
    bounced = await createApp(
      {
        ...loadConfig({ RATE_LIMIT_ANONYMOUS: '1000000', RATE_LIMIT_KEY: '1000000' }),
        databaseUrl: `postgresql://postgres@127.0.0.1:${port}/bounced`,
        databaseNamedStatements: false,
        databasePoolSize: 10,
        seedDemoData: false,
      },
      silentLogger,
    );
    http = await serveHttp(bounced);
    key = await t.key(Role.EDITOR);
  });

  afterAll(async () => {
    await http?.close();
    await bounced?.stop();
    try {
      process.kill(Number(readFileSync(path.join(dir, 'pgbouncer.pid'), 'utf8')), 'SIGINT');
    } catch {
      // not started
    }
    await t?.close();
    if (asRoot) chownSync(dir, 0, 0);
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (query: string, variables?: unknown, headers: Record<string, string> = {}) =>
    (await (
      await fetch(`${http.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as { data?: any; errors?: any[] };

  it('answers reads (compiled and planned), pages and exports, many at once over 3 server connections', async () => {
    const reads = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        post(
          i % 2
            ? `{ statements(filter: { speakerName: "Medinsky" }) { totalCount edges { node { text speaker { name } } } } }`
            : `{ claims(first: 3) { edges { node { text positions(first: 5) { edges { node { stance statement { citations { status context { exact } } } } } } } } } }`,
        ),
      ),
    );
    for (const [i, read] of reads.entries()) {
      expect(read.errors).toBeUndefined();
      if (i % 2) expect(read.data.statements.totalCount).toBe(2);
    }
    const page = await fetch(`${http.base}/`);
    expect(page.status).toBe(200);
    const csv = await (await fetch(`${http.base}/export/statements.csv?speakerName=Medinsky`)).text();
    expect(csv.trim().split('\r\n')).toHaveLength(3);
  });

  it('writes in transactions, with revisions, and reads what it wrote', async () => {
    const { speakers } = (await post(`{ speakers(first: 1, filter: { name: "Umerov" }) { edges { node { id } } } }`)).data;
    const revisions = await t.count('revision');
    const created = await post(
      `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id text speaker { name } } } }`,
      {
        input: {
          text: 'Said through the pooler.',
          kind: 'PARAPHRASE',
          speakerId: speakers.edges[0].node.id,
          saidOn: { date: '2025-06-02' },
        },
      },
      { authorization: `Bearer ${key}` },
    );
    expect(created.data.createStatement.statement).toMatchObject({ text: 'Said through the pooler.', speaker: { name: 'Rustem Umerov' } });
    expect(await t.count('revision')).toBe(revisions + 1);
    const read = await post(`query($id: ID!) { node(id: $id) { ... on Statement { text } } }`, {
      id: created.data.createStatement.statement.id,
    });
    expect(read.data.node.text).toBe('Said through the pooler.');
  });
});
