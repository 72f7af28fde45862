import { Entity, Enum, ManyToOne, PrimaryKeyProp, Property, type Ref } from '@mikro-orm/core';
import { Source } from './source.entity';

export enum ArchivedFrom {
  TEXT = 'TEXT',
  HTML = 'HTML',
}

/**
 * One version of a source's archived readable text, stored once per content hash: the source points at its
 * current version (`Source.contentHash`), and revisions name the hashes of earlier ones, which stay here.
 */
@Entity({ tableName: 'source_text' })
export class SourceText {
  [PrimaryKeyProp]?: ['source', 'contentHash'];

  @ManyToOne({ entity: () => Source, ref: true, primary: true, deleteRule: 'cascade' })
  source!: Ref<Source>;

  @Property({ type: 'text', primary: true })
  contentHash!: string;

  @Property({ type: 'text' })
  text!: string;

  /** What the editor gave: plain text as is, or an HTML page reduced to its readable text. */
  @Enum({ items: () => ArchivedFrom, type: 'text' })
  archivedFrom!: ArchivedFrom;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  archivedAt: Date = new Date();
}
