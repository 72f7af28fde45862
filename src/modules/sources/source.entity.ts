import { Check, Index, Entity, Enum, ManyToOne, Property, type Ref, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { SourceKind } from '../../shared/enums';
import { Organization } from '../speakers/speaker.entity';

/** Where statements were published or reported. The URL is stored normalised so one page is one source. */
@Entity({ tableName: 'source' })
// search: the record's words in its language and as typed (search_document, migration Migration20261201143000).
// search, best match first: the most recent matches are ranked (RANKED_MATCHES in search.query.ts).
@Index({ name: 'source_created_at_idx', properties: ['createdAt', 'id'] })
// A copy cannot be its own original (longer loops are refused by checkRepublishes).
@Check({ name: 'source_republishes_other_check', expression: 'republishes_id <> id' })
@Index({ name: 'source_search_idx', expression: 'create index "source_search_idx" on "source" using gin ("search_document")' })
export class Source extends BaseEntity {
  /** What full-text search finds the record by; kept by PostgreSQL, never written or read by the app. */
  @Property({ type: 'tsvector', generated: '(search_document(language, title)) stored', lazy: true, hidden: true, nullable: true })
  searchDocument?: string & Opt;

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

  /** The original this source copies or rewrites (a syndicated or republished article): the copy is what was read. */
  @ManyToOne({ entity: () => Source, ref: true, nullable: true, index: true, deleteRule: 'restrict' })
  republishes?: Ref<Source> | null;

  /** SHA-256 of the current archived text (a row of source_text); null while no text is archived. */
  @Property({ type: 'text', nullable: true })
  contentHash?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  archivedAt?: Date | null;
}
