import { RelationStatus, RevisionAction, type RelationKind } from '../../shared/enums';
import { AppError, ErrorCode, badInput } from '../../shared/errors';
import { encodeId } from '../../shared/global-id';
import { changeWithRevision, recordRevision, removeWithRevision, type Writer } from '../audit/audit.service';
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

/** Refuses a second link of the same kind between the same statements, naming the first. */
export async function checkNotLinked(writer: Writer, input: LinkInput): Promise<void> {
  const existing = await writer.em.findOne(StatementRelation, { from: input.fromId, to: input.toId, kind: input.kind });
  if (existing) {
    throw new AppError(ErrorCode.CONFLICT, `These statements are already linked as ${input.kind}.`, {
      field: 'toId',
      existingId: encodeId('StatementRelation', existing.id),
    });
  }
}

/** Marks a machine-suggested link as checked by an editor. */
export async function confirmRelation(writer: Writer, relation: StatementRelation): Promise<StatementRelation> {
  if (relation.status === RelationStatus.CONFIRMED) return relation;
  return changeWithRevision(writer, 'StatementRelation', relation, () => {
    relation.status = RelationStatus.CONFIRMED;
  });
}

export async function unlinkStatements(writer: Writer, relation: StatementRelation): Promise<void> {
  await removeWithRevision(writer, 'StatementRelation', relation);
}
