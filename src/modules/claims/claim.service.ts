import { RevisionAction, type Stance } from '../../shared/enums';
import { recordRevision, type Writer } from '../audit/audit.service';
import { Statement } from '../statements/statement.entity';
import { Topic } from '../topics/topic.entity';
import { Claim, Position } from './claim.entity';

export interface ClaimInput {
  id?: string;
  text: string;
  topicIds?: string[];
}

/** Adds a claim: a neutrally worded proposition statements can take sides on. */
export function createClaim(writer: Writer, input: ClaimInput): Claim {
  const claim = writer.em.create(Claim, {
    ...(input.id ? { id: input.id } : {}),
    text: input.text.trim(),
    topics: (input.topicIds ?? []).map((id) => writer.em.getReference(Topic, id)),
  });
  recordRevision(writer, 'Claim', claim, RevisionAction.CREATE, null);
  return claim;
}

/** Records the stance a statement takes on a claim. */
export function setPosition(writer: Writer, input: { statementId: string; claimId: string; stance: Stance }): Position {
  const position = writer.em.create(Position, {
    statement: writer.em.getReference(Statement, input.statementId),
    claim: writer.em.getReference(Claim, input.claimId),
    stance: input.stance,
  });
  recordRevision(writer, 'Position', position, RevisionAction.CREATE, null);
  return position;
}
