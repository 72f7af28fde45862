import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';

/** A subject statements and claims are about; topics nest (truce under ceasefire). */
@Entity({ tableName: 'topic' })
export class Topic extends BaseEntity {
  @Property({ type: 'text', unique: true })
  slug!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @ManyToOne({ entity: () => Topic, ref: true, nullable: true, index: true, deleteRule: 'restrict' })
  parent?: Ref<Topic> | null;
}
