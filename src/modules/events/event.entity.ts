import { Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { EventKind } from '../../shared/enums';

/** An occasion where statements were made; rounds of talks point at their series through `parent`. */
@Entity({ tableName: 'event' })
export class Event extends BaseEntity {
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
}
