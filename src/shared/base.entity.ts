import { randomUUID } from 'node:crypto';
import { Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Columns every record carries. `version` is MikroORM's optimistic lock: an update that names a stale version
 * fails instead of silently overwriting another editor's change.
 */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  @Property({ type: 'integer', version: true, default: 1 })
  version: number & Opt = 1;
}
