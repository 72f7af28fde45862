import { Entity, OneToOne, Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Statement } from '../statements/statement.entity';

/**
 * Where an imported statement came from: the data set and the record's ID in it (LIAR2 row 419, a fact-checker's
 * review URL), and a hash of the record as last imported. A re-run finds each record by its origin, skips it when
 * the hash is the same, and updates it (with a revision) when the source changed it.
 */
@Entity({ tableName: 'record_origin' })
@Unique({ properties: ['dataset', 'recordId'] })
export class RecordOrigin {
  @OneToOne({ entity: () => Statement, primary: true, ref: true, deleteRule: 'cascade' })
  statement!: Ref<Statement>;

  @Property({ type: 'text' })
  dataset!: string;

  @Property({ type: 'text' })
  recordId!: string;

  /** SHA-256 of the record as read (import.record.ts `contentHash`). */
  @Property({ type: 'text' })
  contentHash!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  importedAt: Date & Opt = new Date();
}
