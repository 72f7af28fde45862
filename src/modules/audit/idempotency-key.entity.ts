import { Entity, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';

/**
 * A write made under an `Idempotency-Key`: stored in the write's own transaction, so a retry after a lost answer
 * finds it exactly when the write committed, and gets the first answer back instead of writing twice.
 */
@Entity({ tableName: 'idempotency_key' })
@Unique({ properties: ['actor', 'key', 'mutation'] })
export class IdempotencyKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Name of the API key that sent it: keys are scoped per client, so two clients cannot collide. */
  @Property({ type: 'text' })
  actor!: string;

  /** The `Idempotency-Key` header's value. */
  @Property({ type: 'text' })
  key!: string;

  /** The mutation field's response name (its alias), as one request may carry several mutations. */
  @Property({ type: 'text' })
  mutation!: string;

  /** SHA-256 of the mutation's name and arguments: the same key with another input is a CONFLICT. */
  @Property({ type: 'text' })
  requestHash!: string;

  /** The mutation's payload as first answered. */
  @Property({ type: 'jsonb', nullable: true })
  response?: unknown;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', index: true })
  createdAt: Date & Opt = new Date();
}
