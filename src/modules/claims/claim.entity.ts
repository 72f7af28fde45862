import { Collection, Entity, Enum, ManyToMany, ManyToOne, Property, type Ref, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { Stance } from '../../shared/enums';
import { Statement } from '../statements/statement.entity';
import { Topic } from '../topics/topic.entity';

/** A normalised proposition that statements take positions on, e.g. "a 30-day unconditional ceasefire". */
@Entity({ tableName: 'claim' })
export class Claim extends BaseEntity {
  @Property({ type: 'text' })
  text!: string;

  @ManyToMany({ entity: () => Topic, pivotTable: 'claim_topic', joinColumn: 'claim_id', inverseJoinColumn: 'topic_id' })
  topics = new Collection<Topic>(this);
}

/** The stance one statement takes on one claim. Opposite stances on a shared claim make counter-claims. */
@Entity({ tableName: 'position' })
@Unique({ properties: ['statement', 'claim'] })
export class Position extends BaseEntity {
  @ManyToOne({ entity: () => Statement, ref: true, deleteRule: 'cascade' })
  statement!: Ref<Statement>;

  @ManyToOne({ entity: () => Claim, ref: true, index: true, deleteRule: 'restrict' })
  claim!: Ref<Claim>;

  @Enum({ items: () => Stance, type: 'text' })
  stance!: Stance;
}
