import { OptimisticLockError, type EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { AppError, ErrorCode } from '../../shared/errors';
import { decodeId } from '../../shared/global-id';
import { SPEAKER_TYPES } from '../speakers/speaker.types';
import type { Writer } from './audit.service';

/**
 * Runs a write in one transaction as the request's API key holder: every row it touches, and its revisions,
 * commit together or not at all.
 */
export async function runWrite<T>(ctx: Context, fn: (writer: Writer) => Promise<T>): Promise<T> {
  const viewer = await ctx.viewer();
  if (!viewer) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Writes need an API key.');
  try {
    return await ctx.em.transactional((em) => fn({ em, actor: viewer.name, requestId: ctx.requestId }));
  } catch (error) {
    // Two editors passed the version check at once; the database's version check stopped the second one.
    if (error instanceof OptimisticLockError && error.entity) {
      const entity = error.entity as { id: string; version: number; constructor: EntityClass<object> };
      const current = await ctx.em.fork().findOne(entity.constructor, { id: entity.id } as never);
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
