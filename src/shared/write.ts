import { createHash } from 'node:crypto';
import { OptimisticLockError, type EntityClass } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { v7 as uuidv7 } from 'uuid';
import { createLoaders, type Context } from '../context';
import { AppError, ErrorCode, badInput } from './errors';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './format-error';
import { decodeId } from './global-id';
import { SPEAKER_TYPES } from '../modules/speakers/speaker.types';
import type { Writer } from '../modules/audit/audit.service';

/**
 * Runs a write as the request's API key holder. Inside a mutation it joins the mutation's transaction (see
 * `mutationTransaction`); elsewhere (the demo-data loader, tools) it opens its own. Every row it touches, and
 * its revisions, commit together or not at all.
 */
export async function runWrite<T>(ctx: Context, fn: (writer: Writer) => Promise<T>): Promise<T> {
  const viewer = await ctx.viewer();
  if (!viewer) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Writes need an API key.');
  try {
    if (ctx.em.isInTransaction()) {
      const result = await fn({ em: ctx.em, actor: viewer.name, requestId: ctx.requestId });
      await ctx.em.flush();
      return result;
    }
    return await ctx.em.transactional((em) => fn({ em, actor: viewer.name, requestId: ctx.requestId }));
  } catch (error) {
    // Two editors passed the version check at once; the database's version check stopped the second one.
    if (error instanceof OptimisticLockError && error.entity) {
      const entity = error.entity as { id: string; version: number; constructor: EntityClass<object> };
      // Read in the same transaction: waiting for a second connection while holding one can starve the pool.
      const current = await ctx.em.fork({ keepTransactionContext: true }).findOne(entity.constructor, { id: entity.id } as never);
      throw new AppError(
        ErrorCode.CONFLICT,
        'Someone else changed this record at the same moment. Reload it and apply your change again.',
        {
          field: 'version',
          currentVersion: (current as { version?: number } | null)?.version ?? null,
        },
      );
    }
    throw error;
  }
}

/** How long an idempotency key is remembered: a client retrying later than this gets a new write. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
let lastExpiry = 0;

/**
 * Every mutation field runs in one transaction that includes reading its answer, so an error means nothing was
 * written and an answer means it was. With an `Idempotency-Key` header the key is claimed in that same
 * transaction: a retry of a committed write gets the first answer back and writes nothing; the same key with
 * another input is a CONFLICT; two concurrent retries wait for each other on the key's unique index.
 */
export async function runMutation(ctx: Context, info: GraphQLResolveInfo, args: unknown, next: () => unknown): Promise<unknown> {
  const key = ctx.idempotencyKey;
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw badInput('Idempotency-Key', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters, e.g. a UUID.');
  }
  // Looked up before the transaction takes a connection: the lookup needs one of its own.
  const actor = (await ctx.viewer())?.name;
  const requestHash = createHash('sha256')
    .update(JSON.stringify([info.fieldName, args]))
    .digest('hex');
  const outer = { em: ctx.em, db: ctx.db };
  let answered = false;
  try {
    return await outer.em.transactional(async (em) => {
      ctx.em = em;
      ctx.db = em.getTransactionContext<Knex.Transaction>()!;
      ctx.loaders = createLoaders(ctx.db);
      let claimed: string | undefined;
      if (key !== undefined && actor !== undefined) {
        const [inserted] = await ctx
          .db('idempotency_key')
          .insert({ id: uuidv7(), actor, key, mutation: String(info.path.key), request_hash: requestHash })
          .onConflict(['actor', 'key', 'mutation'])
          .ignore()
          .returning('id');
        if (!inserted) {
          const [first] = await ctx
            .db('idempotency_key')
            .select('request_hash', 'response')
            .where({ actor, key, mutation: String(info.path.key) });
          if (first.request_hash !== requestHash) {
            throw new AppError(ErrorCode.CONFLICT, 'This Idempotency-Key was already used for a different write.', {
              field: 'Idempotency-Key',
            });
          }
          answered = true;
          return first.response;
        }
        claimed = inserted.id;
      }
      const payload = await next();
      if (claimed)
        await ctx
          .db('idempotency_key')
          .update({ response: JSON.stringify(payload) })
          .where({ id: claimed });
      answered = true;
      return payload;
    });
  } catch (error) {
    // The answer was ready and only the commit failed: the write may or may not have reached the disk.
    if (answered && isDatabaseUnavailable(error)) {
      throw new AppError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'The database became unavailable while saving this write, so whether it was saved is unknown. Retry it with the ' +
          'same Idempotency-Key: it will be applied exactly once.',
        { outcome: 'UNKNOWN', retryAfter: RETRY_AFTER_SECONDS },
      );
    }
    throw error;
  } finally {
    // The payload's nested fields are read after the commit, through fresh loaders.
    Object.assign(ctx, outer, { loaders: createLoaders(outer.db) });
    if (key !== undefined && Date.now() - lastExpiry > 10 * 60_000) {
      lastExpiry = Date.now();
      await outer
        .db('idempotency_key')
        .where('created_at', '<', outer.db.raw(`now() - interval '${IDEMPOTENCY_KEY_TTL_HOURS} hours'`))
        .delete()
        .catch(() => undefined);
    }
  }
}

/** Loads the record a client-sent global ID names, or NOT_FOUND / BAD_USER_INPUT naming the input field. */
export async function findByGlobalId<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  globalId: string,
  field: string,
  types: readonly string[],
): Promise<T> {
  const { type, id } = decodeId(globalId, field, types);
  const isSpeaker = SPEAKER_TYPES.includes(type);
  let found = await em.findOne(entity, { id } as never);
  if (!found && isSpeaker) {
    // A merged-away speaker's ID stands for the survivor; the redirect is only read when the row is gone.
    const [redirect] = await em.execute<{ to_id: string }[]>('select to_id from speaker_redirect where from_id = ?', [id]);
    if (redirect) found = await em.findOne(entity, { id: redirect.to_id } as never);
  }
  // Speakers share one table and one identity map: a Person ID must not load an Organization.
  const kind = (found as { kind?: string } | null)?.kind;
  if (!found || (isSpeaker && kind !== type.toUpperCase())) {
    throw new AppError(ErrorCode.NOT_FOUND, `${field}: no ${type} with id "${globalId}".`, { field, id: globalId });
  }
  return found;
}

/** The optimistic lock: an update must name the version it was based on. */
export function checkVersion(entity: { version: number }, version: number, what: string): void {
  if (entity.version !== version) {
    throw new AppError(
      ErrorCode.CONFLICT,
      `This ${what} was changed by someone else since you read it (you sent version ${version}, it is now ${entity.version}). Reload it and apply your change again.`,
      { field: 'version', currentVersion: entity.version },
    );
  }
}

/** Copies the fields a client sent: `undefined` leaves a field as it is, `null` clears it. */
export function assignDefined<T extends object>(entity: T, changes: Partial<T>): void {
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined) (entity as Record<string, unknown>)[key] = value;
  }
}
