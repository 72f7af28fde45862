import { Index, Collection, Entity, Enum, ManyToMany, ManyToOne, Property, type Ref, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { Stance } from '../../shared/enums';
import { Statement } from '../statements/statement.entity';
import { Topic } from '../topics/topic.entity';

/** A normalised proposition that statements take positions on, e.g. "a 30-day unconditional ceasefire". */
@Entity({ tableName: 'claim' })
// search: the record's words in its language and as typed (search_document, migration Migration20261201143000).
// search, best match first: the most recent matches are ranked (RANKED_MATCHES in search.query.ts).
@Index({ name: 'claim_created_at_idx', properties: ['createdAt', 'id'] })
@Index({ name: 'claim_search_idx', expression: 'create index "claim_search_idx" on "claim" using gin ("search_document")' })
export class Claim extends BaseEntity {
  /** What full-text search finds the record by; kept by PostgreSQL, never written or read by the app. */
  @Property({ type: 'tsvector', generated: "(search_document('en', text)) stored", lazy: true, hidden: true, nullable: true })
  searchDocument?: string & Opt;

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
