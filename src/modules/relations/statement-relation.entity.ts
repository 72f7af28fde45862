import { Check, Entity, Enum, ManyToOne, Property, type Ref, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { RelationKind, RelationStatus } from '../../shared/enums';
import { Source } from '../sources/source.entity';
import { Statement } from '../statements/statement.entity';

/** A typed, directed edge between two statements (a reply, a contradiction, a corroboration...). */
@Entity({ tableName: 'statement_relation' })
@Unique({ properties: ['from', 'to', 'kind'] })
@Check({ name: 'statement_relation_not_self', expression: 'from_id <> to_id' })
export class StatementRelation extends BaseEntity {
  @ManyToOne({ entity: () => Statement, ref: true, deleteRule: 'cascade' })
  from!: Ref<Statement>;

  @ManyToOne({ entity: () => Statement, ref: true, index: true, deleteRule: 'cascade' })
  to!: Ref<Statement>;

  @Enum({ items: () => RelationKind, type: 'text' })
  kind!: RelationKind;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  /** Evidence for the link, when there is some. */
  @ManyToOne({ entity: () => Source, ref: true, nullable: true, index: true, deleteRule: 'set null' })
  source?: Ref<Source> | null;

  @Enum({ items: () => RelationStatus, type: 'text' })
  status: RelationStatus = RelationStatus.SUGGESTED;
}
