import { randomUUID } from 'node:crypto';
import type { EntityManager, Knex, MikroORM } from '@mikro-orm/postgresql';
import { authenticate, type Viewer } from './modules/auth/auth.service';
import { createRevisionLoaders } from './modules/audit/revision.loaders';
import { createClaimLoaders } from './modules/claims/claim.loaders';
import { createEventLoaders } from './modules/events/event.loaders';
import { createOriginLoaders } from './modules/import/record-origin.loaders';
import { createRelationLoaders } from './modules/relations/statement-relation.loaders';
import { createReviewLoaders } from './modules/reviews/claim-review.loaders';
import { createSourceLoaders } from './modules/sources/source.loaders';
import { createSpeakerLoaders } from './modules/speakers/speaker.loaders';
import { createStatementLoaders } from './modules/statements/statement.loaders';
import { createTopicLoaders } from './modules/topics/topic.loaders';
import { silentLogger, type Logger } from './shared/logger';

/** Per-request batching: every relation a resolver follows goes through one of these (one SQL per level). */
export function createLoaders(db: Knex) {
  const speakers = createSpeakerLoaders(db);
  return {
    ...speakers,
    ...createStatementLoaders(db),
    ...createClaimLoaders(db),
    ...createRelationLoaders(db),
    ...createReviewLoaders(db),
    ...createSourceLoaders(db, speakers.speaker),
    ...createEventLoaders(db),
    ...createOriginLoaders(db),
    ...createTopicLoaders(db),
    ...createRevisionLoaders(db),
    /** Loaders whose batch also depends on field arguments (nested connections), made on first use. */
    byArgs: new Map<string, unknown>(),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  /** A fork of the ORM's EntityManager for writes: its identity map lives as long as the request. */
  em: EntityManager;
  /** Plain-row reads (DESIGN §6: no entity hydration on the read path). */
  db: Knex;
  loaders: Loaders;
  requestId: string;
  /** Carries the request ID on every line. */
  log: Logger;
  /** Aborted at the execution deadline or when the client goes away: resolvers not yet started then stop. */
  signal?: AbortSignal;
  /** The `Idempotency-Key` header of a write request. */
  idempotencyKey?: string;
  /** The API key's holder; looked up on first use, so public reads cost no query. */
  viewer(): Promise<Viewer | undefined>;
}

export interface RequestInfo {
  /** Where the request's reads go (a read replica); the primary when not given. */
  db?: Knex;
  requestId?: string;
  authorization?: string;
  idempotencyKey?: string;
  log?: Logger;
  signal?: AbortSignal;
}

export function createContext(orm: MikroORM, request: RequestInfo = {}): Context {
  // Every fork shares the driver's one knex instance and pool; reads may be given a replica's.
  const db = request.db ?? orm.em.getKnex();
  let viewer: Promise<Viewer | undefined> | undefined;
  // The EntityManager fork and the DataLoaders are made on first use: a query answered by one compiled statement
  // needs neither. The accessors sit on the prototype because Apollo copies the context's own properties per
  // operation, which would read a getter.
  let em: EntityManager | undefined;
  let loaders: Loaders | undefined;
  const lazy = Object.defineProperties(
    {},
    {
      em: {
        get: () => (em ??= orm.em.fork()),
        set: (replacement: EntityManager) => {
          em = replacement;
        },
      },
      loaders: {
        // The context's database at first use: a mutation's request has been moved to the primary by then.
        get(this: Context) {
          return (loaders ??= createLoaders(this.db));
        },
        set: (replacement: Loaders) => {
          loaders = replacement;
        },
      },
    },
  );
  const context: Omit<Context, 'loaders' | 'em'> = {
    db,
    requestId: request.requestId ?? randomUUID(),
    log: request.log ?? silentLogger,
    signal: request.signal,
    idempotencyKey: request.idempotencyKey,
    viewer: () => (viewer ??= authenticate(orm.em.fork(), request.authorization)),
  };
  return Object.assign(Object.create(lazy) as Context, context);
}

/** Returns the loader for one set of field arguments, creating it on first use within the request. */
export function loaderFor<T>(ctx: Context, name: string, args: unknown, create: () => T): T {
  const key = `${name}:${JSON.stringify(args)}`;
  let loader = ctx.loaders.byArgs.get(key) as T | undefined;
  if (!loader) {
    loader = create();
    ctx.loaders.byArgs.set(key, loader);
  }
  return loader;
}
