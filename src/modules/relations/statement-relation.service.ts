import { RelationStatus, RevisionAction, type RelationKind } from '../../shared/enums';
import { badInput } from '../../shared/errors';
import { recordRevision, type Writer } from '../audit/audit.service';
import { Source } from '../sources/source.entity';
import { Statement } from '../statements/statement.entity';
import { StatementRelation } from './statement-relation.entity';

export interface LinkInput {
  fromId: string;
  toId: string;
  kind: RelationKind;
  note?: string | null;
  sourceId?: string | null;
  status?: RelationStatus;
}

/** Links two statements with a typed, directed edge. */
export function linkStatements(writer: Writer, input: LinkInput): StatementRelation {
  if (input.fromId === input.toId) throw badInput('toId', 'A statement cannot be linked to itself.');
  const relation = writer.em.create(StatementRelation, {
    from: writer.em.getReference(Statement, input.fromId),
    to: writer.em.getReference(Statement, input.toId),
    kind: input.kind,
    note: input.note ?? null,
    source: input.sourceId ? writer.em.getReference(Source, input.sourceId) : null,
    status: input.status ?? RelationStatus.SUGGESTED,
  });
  recordRevision(writer, 'StatementRelation', relation, RevisionAction.CREATE, null);
  return relation;
}
