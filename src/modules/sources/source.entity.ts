import { Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { SourceKind } from '../../shared/enums';
import { Organization } from '../speakers/speaker.entity';

/** Where statements were published or reported. The URL is stored normalised so one page is one source. */
@Entity({ tableName: 'source' })
export class Source extends BaseEntity {
  /** Optional: print editions and broadcasts have no URL. */
  @Property({ type: 'text', nullable: true, unique: true })
  url?: string | null;

  @Property({ type: 'text' })
  title!: string;

  @ManyToOne({ entity: () => Organization, ref: true, nullable: true, index: true, deleteRule: 'restrict' })
  publisher?: Ref<Organization> | null;

  @Property({ type: 'date', nullable: true })
  publishedOn?: string | null;

  @Enum({ items: () => SourceKind, type: 'text' })
  kind: SourceKind = SourceKind.ARTICLE;

  @Property({ type: 'text', nullable: true })
  language?: string | null;

  @Property({ type: 'text', nullable: true })
  archivedUrl?: string | null;
}
