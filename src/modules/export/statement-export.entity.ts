import { Entity, Index, OneToOne, Property, type Ref } from '@mikro-orm/core';
import { Statement } from '../statements/statement.entity';

/**
 * A statement's export record as last built (the NDJSON line), or null when something it shows has changed since:
 * the database forgets it on every such change (migration Migration20261202090000), and the next export builds
 * it again. Written and read in SQL only (export.query.ts); declared here so that the schema matches the entities.
 */
@Entity({ tableName: 'statement_export' })
// The records to build, found without reading the stored ones.
@Index({
  name: 'statement_export_missing_idx',
  expression: `create index "statement_export_missing_idx" on "statement_export" ("statement_id") where "record" is null`,
})
export class StatementExport {
  @OneToOne({ entity: () => Statement, primary: true, ref: true, deleteRule: 'cascade' })
  statement!: Ref<Statement>;

  @Property({ type: 'text', nullable: true })
  record?: string | null;
}
