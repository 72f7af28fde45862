import { AttributionStatus, RevisionAction, type DatePrecision, type Stance, type StatementKind } from '../../shared/enums';
import { badInput } from '../../shared/errors';
import { formatFuzzyDate, parseFuzzyDate } from '../../shared/fuzzy-date';
import { recordRevision, removeWithRevision, snapshotOf, type Writer } from '../audit/audit.service';
import { Event } from '../events/event.entity';
import { Source } from '../sources/source.entity';
import { anchorNew } from '../sources/anchor';
import { archivedTexts } from '../sources/source.service';
import { encodeId } from '../../shared/global-id';
import { Speaker } from '../speakers/speaker.entity';
import { Topic } from '../topics/topic.entity';
import { assignDefined, findByGlobalId } from '../../shared/write';
import { Claim, Position } from '../claims/claim.entity';
import { setPosition, topicsBySlug } from '../claims/claim.service';
import { SPEAKER_TYPES } from '../speakers/speaker.types';
import type { CreateStatementInput } from './statement.inputs';
import { StatementRelation } from '../relations/statement-relation.entity';
import { Citation, Statement } from './statement.entity';

export interface CitationInput {
  sourceId: string;
  excerpt?: string | null;
  isPrimary?: boolean;
}

export interface StatementInput {
  id?: string;
  text: string;
  kind: StatementKind;
  language?: string | null;
  speakerId: string;
  onBehalfOfId?: string | null;
  saidOn: { date: string; precision?: DatePrecision | null; inferred?: boolean | null };
  eventId?: string | null;
  setting?: string | null;
  attributionStatus?: AttributionStatus;
  attributionNote?: string | null;
  citations?: CitationInput[];
  topicIds?: string[];
  mentionIds?: string[];
  /** The stances it takes on claims, each claim once. */
  positions?: { claimId: string; stance: Stance }[];
}

/** A speaker does not speak on their own behalf: `onBehalfOf` names someone else, or nobody. */
function checkPrincipal(speakerId: string, onBehalfOfId: string | null | undefined, field: 'speakerId' | 'onBehalfOfId'): void {
  if (onBehalfOfId && onBehalfOfId === speakerId) {
    throw badInput(
      field,
      field === 'onBehalfOfId'
        ? 'onBehalfOfId: a speaker cannot speak on their own behalf; leave it empty, or name whom they spoke for.'
        : 'speakerId: this is the speaker the statement is already made on behalf of; change or clear onBehalfOfId as well.',
    );
  }
}

/** Each speaker is mentioned once: two IDs that resolve to one speaker (a merged-away ID and its survivor) are a repeat. */
function checkMentions(mentionIds: string[] | undefined): void {
  const repeat = (mentionIds ?? []).findIndex((id, i) => mentionIds!.indexOf(id) !== i);
  if (repeat >= 0) {
    throw badInput(
      'mentionIds',
      `mentionIds: entry ${repeat} names the same speaker as entry ${mentionIds!.indexOf(mentionIds![repeat])}; name each once.`,
    );
  }
}

/**
 * Adds a statement with its citations, topics, mentions and positions: one revision for the statement with its
 * lists, one for each position. The GraphQL mutation, the demo data and imports all add statements through here.
 */
export async function createStatement(writer: Writer, input: StatementInput): Promise<Statement> {
  const { em } = writer;
  const saidOn = parseFuzzyDate(input.saidOn.date, 'saidOn.date', input.saidOn.precision);
  checkPrincipal(input.speakerId, input.onBehalfOfId, 'onBehalfOfId');
  checkMentions(input.mentionIds);
  const statement = em.create(Statement, {
    ...(input.id ? { id: input.id } : {}),
    text: input.text.trim(),
    kind: input.kind,
    language: input.language ?? null,
    speaker: em.getReference(Speaker, input.speakerId),
    onBehalfOf: input.onBehalfOfId ? em.getReference(Speaker, input.onBehalfOfId) : null,
    saidOnStart: saidOn.start,
    saidOnEnd: saidOn.end,
    saidOnPrecision: saidOn.precision,
    saidOnInferred: input.saidOn.inferred ?? false,
    event: input.eventId ? em.getReference(Event, input.eventId) : null,
    setting: input.setting ?? null,
    attributionStatus: input.attributionStatus ?? AttributionStatus.UNVERIFIED,
    attributionNote: input.attributionNote ?? null,
    topics: (input.topicIds ?? []).map((id) => em.getReference(Topic, id)),
    mentions: (input.mentionIds ?? []).map((id) => em.getReference(Speaker, id)),
  });
  await addCitations(writer, statement, input.citations ?? []);
  recordRevision(writer, 'Statement', statement, RevisionAction.CREATE, null, undefined, statementSnapshot(statement));
  for (const p of input.positions ?? []) setPosition(writer, { statementId: statement.id, claimId: p.claimId, stance: p.stance });
  return statement;
}

/**
 * Adds citations, each anchored in its source's archived text; an excerpt the text does not hold is refused,
 * naming the citation. A source with no archived text leaves the citation UNVERIFIED.
 */
async function addCitations(writer: Writer, statement: Statement, citations: CitationInput[]): Promise<void> {
  const sources = citations.map((c) => c.sourceId);
  const repeated = sources.findIndex((id, i) => sources.indexOf(id) !== i);
  if (repeated >= 0) throw badInput(`citations.${repeated}.sourceId`, 'The same source is cited twice; give one citation per source.');
  if (citations.filter((c) => c.isPrimary).length > 1) {
    throw badInput('citations', 'Only one citation can be the primary one (the first appearance).');
  }
  const texts = citations.length ? await archivedTexts(writer, sources) : new Map<string, null>();
  for (const [i, citation] of citations.entries()) {
    const anchor = anchorNew(texts.get(citation.sourceId) ?? null, citation.excerpt);
    if (!anchor) {
      throw badInput(
        `citations.${i}.excerpt`,
        `citations.${i}.excerpt: these words are not in the text archived for the source ${encodeId('Source', citation.sourceId)}. ` +
          'Copy the passage from the source as printed (spacing and curly or straight quotes do not matter).',
        { sourceId: encodeId('Source', citation.sourceId) },
      );
    }
    statement.citations.add(
      writer.em.create(Citation, {
        statement,
        source: writer.em.getReference(Source, citation.sourceId),
        excerpt: citation.excerpt ?? null,
        isPrimary: citation.isPrimary ?? false,
        ...anchor,
      }),
    );
  }
}

/** The revision picture of a statement, with its citations, topics and mentions (which live in other tables). */
export function statementSnapshot(statement: Statement): Record<string, unknown> {
  const {
    citations: _c,
    topics: _t,
    mentions: _m,
    saidOnStart,
    saidOnEnd: _e,
    saidOnPrecision,
    saidOnInferred: _i,
    ...fields
  } = snapshotOf(statement) as Record<string, unknown> & {
    saidOnStart: string;
    saidOnPrecision: DatePrecision;
  };
  return {
    ...fields,
    saidOn: { date: formatFuzzyDate(saidOnStart, saidOnPrecision), precision: saidOnPrecision, inferred: statement.saidOnInferred },
    citations: statement.citations.getItems().map((c) => ({ sourceId: c.source.id, excerpt: c.excerpt, isPrimary: c.isPrimary })),
    topicIds: statement.topics.getItems().map((t) => t.id),
    mentionIds: statement.mentions.getItems().map((m) => m.id),
  };
}

export type StatementChanges = Partial<Omit<StatementInput, 'id' | 'attributionStatus' | 'attributionNote' | 'speakerId' | 'positions'>> & {
  speakerId?: string | null;
};

/** Corrects a statement; lists given replace the old ones. The caller has checked the version. */
export async function updateStatement(writer: Writer, statement: Statement, changes: StatementChanges): Promise<Statement> {
  const { em } = writer;
  await em.populate(statement, ['citations', 'topics', 'mentions']);
  const before = statementSnapshot(statement);
  if (changes.speakerId === null) throw badInput('speakerId', 'A statement must have a speaker.');
  const saidOn = changes.saidOn ? parseFuzzyDate(changes.saidOn.date, 'saidOn.date', changes.saidOn.precision) : undefined;
  // Compared with what is stored when only one side changes.
  if (changes.speakerId !== undefined || changes.onBehalfOfId !== undefined) {
    checkPrincipal(
      changes.speakerId ?? statement.speaker.id,
      changes.onBehalfOfId === undefined ? statement.onBehalfOf?.id : changes.onBehalfOfId,
      changes.onBehalfOfId === undefined ? 'speakerId' : 'onBehalfOfId',
    );
  }
  checkMentions(changes.mentionIds);
  assignDefined(statement, {
    text: changes.text?.trim(),
    kind: changes.kind,
    language: changes.language,
    speaker: changes.speakerId ? em.getReference(Speaker, changes.speakerId, { wrapped: true }) : undefined,
    onBehalfOf:
      changes.onBehalfOfId === undefined
        ? undefined
        : changes.onBehalfOfId
          ? em.getReference(Speaker, changes.onBehalfOfId, { wrapped: true })
          : null,
    saidOnStart: saidOn?.start,
    saidOnEnd: saidOn?.end,
    saidOnPrecision: saidOn?.precision,
    saidOnInferred: changes.saidOn ? (changes.saidOn.inferred ?? false) : undefined,
    event: changes.eventId === undefined ? undefined : changes.eventId ? em.getReference(Event, changes.eventId, { wrapped: true }) : null,
    setting: changes.setting,
  });
  if (changes.citations) {
    statement.citations.removeAll();
    // Old citations are deleted before the new ones are inserted, so re-citing a source is no conflict.
    await em.flush();
    await addCitations(writer, statement, changes.citations);
  }
  if (changes.topicIds) statement.topics.set(changes.topicIds.map((id) => em.getReference(Topic, id)));
  if (changes.mentionIds) statement.mentions.set(changes.mentionIds.map((id) => em.getReference(Speaker, id)));
  // Changes to related rows alone must still bump the version, so concurrent editors see each other.
  statement.updatedAt = new Date();
  await em.flush();
  recordRevision(writer, 'Statement', statement, RevisionAction.UPDATE, before, undefined, statementSnapshot(statement));
  return statement;
}

/** Marks who really said it (or that it was withdrawn), with the evidence; the statement is never deleted. */
export async function setAttributionStatus(
  writer: Writer,
  statement: Statement,
  status: AttributionStatus,
  reason: string,
): Promise<Statement> {
  await writer.em.populate(statement, ['citations', 'topics', 'mentions']);
  const before = statementSnapshot(statement);
  statement.attributionStatus = status;
  statement.attributionNote = reason.trim();
  await writer.em.flush();
  recordRevision(writer, 'Statement', statement, RevisionAction.UPDATE, before, undefined, statementSnapshot(statement));
  return statement;
}

/** Deletes a statement with its citations, positions and links (admins only: editors mark, never delete). */
export async function deleteStatement(writer: Writer, statement: Statement): Promise<void> {
  await writer.em.populate(statement, ['citations', 'topics', 'mentions']);
  // Its positions and links go with it, each leaving its own revision.
  for (const position of await writer.em.find(Position, { statement })) await removeWithRevision(writer, 'Position', position);
  for (const relation of await writer.em.find(StatementRelation, { $or: [{ from: statement }, { to: statement }] })) {
    await removeWithRevision(writer, 'StatementRelation', relation);
  }
  await removeWithRevision(writer, 'Statement', statement, statementSnapshot(statement));
}

/**
 * Turns the global IDs and slugs of a statement input as a client sends it into rows that exist, naming the field
 * of any that does not.
 */
export async function resolveReferences(
  w: Writer,
  input: Partial<CreateStatementInput>,
): Promise<StatementChanges & Pick<StatementInput, 'positions'>> {
  const { em } = w;
  const optional = async <T extends { id: string }>(id: string | null | undefined, find: (id: string) => Promise<T>) =>
    id === undefined || id === null ? id : (await find(id)).id;
  return {
    speakerId: await optional(input.speakerId, (id) => findByGlobalId(em, Speaker, id, 'speakerId', SPEAKER_TYPES)),
    onBehalfOfId: await optional(input.onBehalfOfId, (id) => findByGlobalId(em, Speaker, id, 'onBehalfOfId', SPEAKER_TYPES)),
    eventId: await optional(input.eventId, (id) => findByGlobalId(em, Event, id, 'eventId', ['Event'])),
    citations: input.citations
      ? await Promise.all<CitationInput>(
          input.citations.map(async (c, i) => ({
            ...c,
            isPrimary: c.isPrimary ?? false,
            sourceId: (await findByGlobalId(em, Source, c.sourceId, `citations.${i}.sourceId`, ['Source'])).id,
          })),
        )
      : undefined,
    topicIds: input.topics ? (await topicsBySlug(w, input.topics)).map((t) => t.id) : undefined,
    mentionIds: input.mentionIds
      ? await Promise.all(
          input.mentionIds.map(async (id, i) => (await findByGlobalId(em, Speaker, id, `mentionIds.${i}`, SPEAKER_TYPES)).id),
        )
      : undefined,
    positions: input.positions
      ? await Promise.all(
          input.positions.map(async (p, i) => ({
            claimId: (await findByGlobalId(em, Claim, p.claimId, `positions.${i}.claimId`, ['Claim'])).id,
            stance: p.stance,
          })),
        )
      : undefined,
  };
}
