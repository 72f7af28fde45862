import { Entity, Enum, Index, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { RevisionAction } from '../../shared/enums';

/**
 * One accepted write. No foreign key to the changed row on purpose: the history must outlive a deletion.
 */
@Entity({ tableName: 'revision' })
@Index({ properties: ['entityType', 'entityId'] })
// A record's history, newest first, a page at a time: one range scan whatever the record's type.
@Index({ name: 'revision_entity_id_at_id_idx', properties: ['entityId', 'at', 'id'] })
export class Revision {
  /** Time-ordered (UUIDv7), so revisions made within one millisecond still list in the order they were made. */
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  entityType!: string;

  @Property({ type: 'uuid' })
  entityId!: string;

  @Enum({ items: () => RevisionAction, type: 'text' })
  action!: RevisionAction;

  @Property({ type: 'jsonb', nullable: true })
  before?: Record<string, unknown> | null;

  @Property({ type: 'jsonb', nullable: true })
  after?: Record<string, unknown> | null;

  /** Name of the API key that made the change; "system" for the demo-data loader. */
  @Property({ type: 'text' })
  actor!: string;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  @Index()
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date & Opt = new Date();
}
