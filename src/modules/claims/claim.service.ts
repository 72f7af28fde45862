import { RevisionAction, type Stance } from '../../shared/enums';
import { insertRows, newRecord, RECORD_COLUMNS } from '../../shared/insert-rows';
import { AppError, ErrorCode, badInput } from '../../shared/errors';
import { changeWithRevision, recordCreations, recordRevision, removeWithRevision, snapshotOf, type Writer } from '../audit/audit.service';
import { ClaimReview } from '../reviews/claim-review.entity';
import { Statement } from '../statements/statement.entity';
import { Topic } from '../topics/topic.entity';
import { Claim, Position } from './claim.entity';

export interface ClaimInput {
  id?: string;
  text: string;
  topicIds?: string[];
}

/** Adds a claim: a neutrally worded proposition statements can take sides on. Answers its ID. */
export async function createClaim(writer: Writer, input: ClaimInput): Promise<string> {
  const [id] = await createClaims(writer, [input]);
  return id;
}

/**
 * Adds claims with one INSERT per table (claims, their topics, revisions) in the writer's transaction, as
 * `createStatements` adds statements. Topics the unit of work holds are flushed first.
 */
export async function createClaims(writer: Writer, inputs: ClaimInput[]): Promise<string[]> {
  await writer.em.flush();
  const now = new Date().toISOString();
  const claims = inputs.map((input) => ({
    ...newRecord(now, input.id),
    text: input.text.trim(),
    topicIds: [...new Set(input.topicIds ?? [])],
  }));
  await insertRows(writer, 'claim', { ...RECORD_COLUMNS, text: 'text' }, claims);
  await insertRows(
    writer,
    'claim_topic',
    { claim_id: 'uuid', topic_id: 'uuid' },
    claims.flatMap((c) => c.topicIds.map((topic_id) => ({ claim_id: c.id, topic_id }))),
  );
  await recordCreations(
    writer,
    claims.map((c) => ({
      entityType: 'Claim',
      entityId: c.id,
      after: { id: c.id, createdAt: now, updatedAt: now, version: 1, text: c.text, topics: c.topicIds },
    })),
  );
  return claims.map((c) => c.id);
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

/** Topics by slug, or BAD_USER_INPUT naming the unknown ones. */
export async function topicsBySlug(writer: Writer, slugs: string[] | null | undefined, field = 'topics'): Promise<Topic[]> {
  if (!slugs?.length) return [];
  const unique = [...new Set(slugs)];
  const topics = await writer.em.find(Topic, { slug: { $in: unique } });
  const unknown = unique.filter((slug) => !topics.some((t) => t.slug === slug));
  if (unknown.length) throw badInput(field, `Unknown topic(s): ${unknown.join(', ')}. List them with { topics { slug } }.`);
  return topics;
}

/** Rewords a claim or refiles it; the caller has checked the version. */
export async function updateClaim(writer: Writer, claim: Claim, changes: { text?: string; topics?: Topic[] }): Promise<Claim> {
  await claim.topics.init();
  const before = claimSnapshot(claim);
  if (changes.text !== undefined) claim.text = changes.text.trim();
  if (changes.topics) claim.topics.set(changes.topics);
  // Pivot-only changes do not bump the version by themselves.
  if (changes.topics && changes.text === undefined) claim.updatedAt = new Date();
  await writer.em.flush();
  recordRevision(writer, 'Claim', claim, RevisionAction.UPDATE, before, undefined, claimSnapshot(claim));
  return claim;
}

const claimSnapshot = (claim: Claim) => ({ ...snapshotOf(claim), topics: claim.topics.getItems().map((t) => t.slug) });

/** Deletes a claim no statement takes a side on and no fact-checker reviewed. */
export async function deleteClaim(writer: Writer, claim: Claim): Promise<void> {
  const positions = await writer.em.count(Position, { claim });
  const reviews = await writer.em.count(ClaimReview, { claim });
  if (positions || reviews) {
    throw new AppError(
      ErrorCode.CONFLICT,
      `Cannot delete this claim: ${positions} statement position(s) and ${reviews} review(s) refer to it.`,
      { field: 'id' },
    );
  }
  await removeWithRevision(writer, 'Claim', claim);
}

/** Sets (or changes) the stance of a statement on a claim. */
export async function upsertPosition(writer: Writer, statement: Statement, claim: Claim, stance: Stance): Promise<Position> {
  const existing = await writer.em.findOne(Position, { statement, claim });
  if (!existing) {
    const position = setPosition(writer, { statementId: statement.id, claimId: claim.id, stance });
    await writer.em.flush();
    return position;
  }
  if (existing.stance === stance) return existing;
  return changeWithRevision(writer, 'Position', existing, () => {
    existing.stance = stance;
  });
}

/** Removes the stance of a statement on a claim, or NOT_FOUND. */
export async function removePosition(writer: Writer, statement: Statement, claim: Claim): Promise<void> {
  const existing = await writer.em.findOne(Position, { statement, claim });
  if (!existing) throw new AppError(ErrorCode.NOT_FOUND, 'This statement takes no position on this claim.', { field: 'claimId' });
  await removeWithRevision(writer, 'Position', existing);
}
