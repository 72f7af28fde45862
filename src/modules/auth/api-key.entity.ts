import { randomUUID } from 'node:crypto';
import { Check, Entity, Enum, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Role } from './role';

/** An API key. Only a hash of the secret is stored; the key itself is shown once, when created. */
@Entity({ tableName: 'api_key' })
@Check({ name: 'api_key_rate_limit_positive', expression: 'rate_limit > 0' })
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Who or what uses the key; revisions record it as the author of each change. */
  @Property({ type: 'text', unique: true })
  name!: string;

  @Enum({ items: () => Role, type: 'text' })
  role!: Role;

  /** SHA-256 of the secret, hex. */
  @Property({ type: 'text', unique: true })
  keyHash!: string;

  /** The first characters of the key, to tell keys apart in listings without revealing them. */
  @Property({ type: 'text' })
  prefix!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  /** Requests per rate-limit window for this key; null for the deployment's RATE_LIMIT_KEY. */
  @Property({ type: 'integer', nullable: true })
  rateLimit?: number | null;
}
