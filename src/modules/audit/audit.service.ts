import { wrap, type AnyEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { RevisionAction } from '../../shared/enums';
import { insertRows } from '../../shared/insert-rows';
import { Revision } from './revision.entity';

/** Who is writing: every service that changes data takes one, so every change can leave a revision. */
export interface Writer {
  em: EntityManager;
  /** Name of the API key (or "system" for the demo-data loader). */
  actor: string;
  requestId?: string | null;
}

/** A JSON picture of an entity for the revision history: scalar fields and the ids it points at. */
export const snapshotOf = (entity: AnyEntity): Record<string, unknown> =>
  JSON.parse(JSON.stringify(wrap(entity).toObject())) as Record<string, unknown>;

/** Adds a revision to the unit of work, so it is written in the same transaction as the change itself. */
export function recordRevision(
  writer: Writer,
  entityType: string,
  entity: AnyEntity & { id: string },
  action: RevisionAction,
  before: Record<string, unknown> | null,
  /** For deletions: what replaced the record, if anything (a merge). */
  replacement?: Record<string, unknown>,
  /** The picture after the change, when the generic one misses related rows (topics, citations). */
  after?: Record<string, unknown>,
): Revision {
  return writer.em.create(Revision, {
    entityType,
    entityId: entity.id,
    action,
    before,
    after: action === RevisionAction.DELETE ? (replacement ?? null) : (after ?? snapshotOf(entity)),
    actor: writer.actor,
    requestId: writer.requestId ?? null,
  });
}

/** Applies a change to a record, flushes it (bumping its version) and leaves an UPDATE revision with before and after. */
export async function changeWithRevision<T extends AnyEntity & { id: string }>(
  writer: Writer,
  entityType: string,
  entity: T,
  apply: () => void | Promise<void>,
): Promise<T> {
  const before = snapshotOf(entity);
  await apply();
  await writer.em.flush();
  recordRevision(writer, entityType, entity, RevisionAction.UPDATE, before);
  return entity;
}

/** Deletes a record and leaves its DELETE revision (with the record as it was), in the writer's transaction. */
export async function removeWithRevision(
  writer: Writer,
  entityType: string,
  entity: AnyEntity & { id: string },
  before = snapshotOf(entity),
): Promise<void> {
  writer.em.remove(entity);
  await writer.em.flush();
  recordRevision(writer, entityType, entity, RevisionAction.DELETE, before);
}

/** A record written by SQL rather than through the unit of work: its type, ID and picture after the change. */
export interface CreatedRecord {
  entityType: string;
  entityId: string;
  after: Record<string, unknown>;
}

/** CREATE revisions of many records with one statement, in the writer's transaction (see `insertRows`). */
export async function recordCreations(writer: Writer, records: CreatedRecord[]): Promise<void> {
  const at = new Date().toISOString();
  await insertRows(
    writer,
    'revision',
    {
      id: 'uuid',
      entity_type: 'text',
      entity_id: 'uuid',
      action: 'text',
      after: 'jsonb',
      actor: 'text',
      request_id: 'text',
      at: 'timestamptz',
    },
    records.map((r) => ({
      id: uuidv7(),
      entity_type: r.entityType,
      entity_id: r.entityId,
      action: RevisionAction.CREATE,
      after: r.after,
      actor: writer.actor,
      request_id: writer.requestId ?? null,
      at,
    })),
  );
}
