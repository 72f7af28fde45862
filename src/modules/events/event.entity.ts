import { Index, Entity, Enum, ManyToOne, Property, type Ref, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { EventKind } from '../../shared/enums';

/** An occasion where statements were made; rounds of talks point at their series through `parent`. */
@Entity({ tableName: 'event' })
// search: the record's words in its language and as typed (search_document, migration Migration20261201143000).
@Index({ name: 'event_search_idx', expression: 'create index "event_search_idx" on "event" using gin ("search_document")' })
export class Event extends BaseEntity {
  /** What full-text search finds the record by; kept by PostgreSQL, never written or read by the app. */
  @Property({
    type: 'tsvector',
    generated: "(search_document('en', name || ' ' || coalesce(location, ''))) stored",
    lazy: true,
    hidden: true,
    nullable: true,
  })
  searchDocument?: string & Opt;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => EventKind, type: 'text' })
  kind: EventKind = EventKind.OTHER;

  @Property({ type: 'text', nullable: true })
  location?: string | null;

  @Property({ type: 'date', nullable: true })
  startDate?: string | null;

  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @ManyToOne({ entity: () => Event, ref: true, nullable: true, index: true, deleteRule: 'restrict' })
  parent?: Ref<Event> | null;

  /** What the event was, in a sentence or two. */
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** What came of it, as the sources report it. */
  @Property({ type: 'text', nullable: true })
  outcome?: string | null;
}
