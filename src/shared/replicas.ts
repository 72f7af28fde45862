import type { ApolloServerPlugin } from '@apollo/server';
import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import type { Logger } from './logger';

// Read replicas: PostgreSQL streaming standbys that read-only requests use, so reads scale with standbys while
// writes stay on the primary. MikroORM opens them (its `replicas` option: one pool each, with the primary's pool
// settings); this keeps each one's state, checked every few seconds, and hands a request a replica that is
// reachable and not too far behind, or else the primary: the client never sees a replica's trouble.

/** How a database stands, for /ready and the logs. */
export interface DatabaseState {
  name: string;
  role: 'primary' | 'replica';
  state: 'ok' | 'down' | 'lagging' | 'not a standby';
  lagMs?: number;
}

interface Replica {
  name: string;
  db: Knex;
  state: DatabaseState['state'];
  lagMs?: number;
}

/**
 * How far behind a standby is: nothing when it has replayed all it received (an idle primary sends nothing, so
 * the time since the last replayed transaction says nothing then); otherwise the time since that transaction.
 */
const LAG_SQL = `select pg_is_in_recovery() as standby,
  case when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0
       else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000, 0) end as lag_ms`;

/** A replica's URL without its password, to name it in logs and on /ready. */
const nameOf = (url: string): string => {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'replica';
  }
};

export class ReadReplicas {
  private readonly replicas: Replica[];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    urls: string[],
    private readonly maxLagMs: number,
    private readonly log: Logger,
  ) {
    // MikroORM keeps its replica connections in the order of its `replicas` option, which is `urls`' order.
    const connections = (orm.em.getDriver() as unknown as { replicas: { getKnex(): Knex }[] }).replicas;
    this.replicas = urls.map((url, i) => ({ name: nameOf(url), db: connections[i]!.getKnex(), state: 'down' }));
  }

  /** Checks every replica now, then every `intervalMs`. */
  async start(intervalMs: number): Promise<void> {
    if (!this.replicas.length) return;
    await this.check(intervalMs);
    this.timer = setInterval(() => void this.check(intervalMs), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async check(timeoutMs: number): Promise<void> {
    await Promise.all(
      this.replicas.map(async (replica) => {
        const before = replica.state;
        try {
          const { rows } = await withTimeout(replica.db.raw(LAG_SQL), timeoutMs);
          const [{ standby, lag_ms }] = rows as { standby: boolean; lag_ms: number | string }[];
          replica.lagMs = Math.round(Number(lag_ms));
          replica.state = !standby ? 'not a standby' : replica.lagMs > this.maxLagMs ? 'lagging' : 'ok';
        } catch {
          replica.state = 'down';
          replica.lagMs = undefined;
        }
        if (replica.state !== before) this.log.warn(`read replica ${replica.name}: ${replica.state}`);
      }),
    );
  }

  /** The connection for a read-only request: a replica in good state (chosen at random), else the primary. */
  readDb(): Knex {
    const usable = this.replicas.filter((r) => r.state === 'ok');
    return usable.length ? usable[Math.floor(Math.random() * usable.length)]!.db : this.orm.em.getKnex();
  }

  states(): DatabaseState[] {
    return this.replicas.map(({ name, state, lagMs }) => ({ name, role: 'replica', state, ...(lagMs === undefined ? {} : { lagMs }) }));
  }
}

function withTimeout<T>(work: PromiseLike<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    Promise.resolve(work).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * A request starts on a replica; once its operation is known to be a mutation, it moves to the primary, so the
 * mutation's reads (its checks, its answer) see the primary's data and never a replica's older copy.
 */
export function primaryForWrites(orm: MikroORM): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation && operation.operation !== 'query') contextValue.db = orm.em.getKnex();
        },
      };
    },
  };
}
