import { AttributionStatus, RevisionAction, type DatePrecision, type Stance, type StatementKind } from '../../shared/enums';
import { badInput } from '../../shared/errors';
import { formatFuzzyDate, parseFuzzyDate } from '../../shared/fuzzy-date';
import { randomUUID } from 'node:crypto';
import { recordCreations, recordRevision, removeWithRevision, snapshotOf, type CreatedRecord, type Writer } from '../audit/audit.service';
import { Event } from '../events/event.entity';
import { Source } from '../sources/source.entity';
import { anchorNew, type AnchorState, type ArchivedText } from '../sources/anchor';
import { insertRows, newRecord, RECORD_COLUMNS, writerDb } from '../../shared/insert-rows';
import { archivedTexts } from '../sources/source.service';
import { encodeId } from '../../shared/global-id';
import { Speaker } from '../speakers/speaker.entity';
import { Topic } from '../topics/topic.entity';
import { assignDefined, findByGlobalId } from '../../shared/write';
import { Claim, Position } from '../claims/claim.entity';
import { topicsBySlug } from '../claims/claim.service';
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
  /** Kept as given by an import restoring a database as it was (a native bundle); else now, and version 1. */
  restored?: { version: number; createdAt: string; updatedAt: string };
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
 * lists, one for each position; answers its ID. The GraphQL mutation and the demo data add statements through
 * here, and imports through `createStatements`, which this calls.
 */
export async function createStatement(writer: Writer, input: StatementInput): Promise<string> {
  const [id] = await createStatements(writer, [input]);
  return id;
}

/**
 * Adds statements, each checked (its date, principal and mentions; its citations anchored in their sources'
 * archived texts) before any is written, with set-based SQL: one INSERT per table
 * (statements, citations, topics, mentions, positions, revisions) however many statements, in the writer's
 * transaction. The first input found wrong stops the whole call with its error. Rows the unit of work holds (a
 * speaker or a claim made just before) are flushed first, as the statements point at them.
 */
export async function createStatements(writer: Writer, inputs: StatementInput[]): Promise<string[]> {
  const { em } = writer;
  await em.flush();
  const texts = await archivedTexts(
    writer,
    inputs.flatMap((input) => (input.citations ?? []).map((c) => c.sourceId)),
  );
  const now = new Date().toISOString();
  const statements: { id: string }[] = [];
  const citations: object[] = [];
  const topics: object[] = [];
  const mentions: object[] = [];
  const positions: object[] = [];
  const revisions: CreatedRecord[] = [];
  for (const input of inputs) {
    const id = input.id ?? randomUUID();
    const { version, createdAt, updatedAt } = input.restored ?? { version: 1, createdAt: now, updatedAt: now };
    const created = { created_at: createdAt, updated_at: updatedAt, version };
    const saidOn = parseFuzzyDate(input.saidOn.date, 'saidOn.date', input.saidOn.precision);
    checkPrincipal(input.speakerId, input.onBehalfOfId, 'onBehalfOfId');
    checkMentions(input.mentionIds);
    const row = {
      id,
      ...created,
      text: input.text.trim(),
      kind: input.kind,
      language: input.language ?? null,
      speaker_id: input.speakerId,
      on_behalf_of_id: input.onBehalfOfId ?? null,
      said_on_start: saidOn.start,
      said_on_end: saidOn.end,
      said_on_precision: saidOn.precision,
      said_on_inferred: input.saidOn.inferred ?? false,
      event_id: input.eventId ?? null,
      setting: input.setting ?? null,
      attribution_status: input.attributionStatus ?? AttributionStatus.UNVERIFIED,
      attribution_note: input.attributionNote ?? null,
    };
    statements.push(row);
    const cited = anchoredCitations(input.citations ?? [], texts);
    for (const c of cited) {
      citations.push({
        ...newRecord(now),
        statement_id: id,
        source_id: c.sourceId,
        excerpt: c.excerpt ?? null,
        is_primary: c.isPrimary ?? false,
        anchor_status: c.anchorStatus,
        anchor_exact: c.anchorExact,
        anchor_prefix: c.anchorPrefix,
        anchor_suffix: c.anchorSuffix,
        anchor_start: c.anchorStart,
        anchor_end: c.anchorEnd,
      });
    }
    const topicIds = [...new Set(input.topicIds ?? [])];
    const mentionIds = input.mentionIds ?? [];
    topics.push(...topicIds.map((topic_id) => ({ statement_id: id, topic_id })));
    mentions.push(...mentionIds.map((speaker_id) => ({ statement_id: id, speaker_id })));
    revisions.push({
      entityType: 'Statement',
      entityId: id,
      after: {
        id,
        createdAt,
        updatedAt,
        version,
        text: row.text,
        kind: row.kind,
        language: row.language,
        speaker: row.speaker_id,
        onBehalfOf: row.on_behalf_of_id,
        event: row.event_id,
        setting: row.setting,
        attributionStatus: row.attribution_status,
        attributionNote: row.attribution_note,
        saidOn: { date: formatFuzzyDate(saidOn.start, saidOn.precision), precision: saidOn.precision, inferred: row.said_on_inferred },
        citations: cited.map((c) => ({ sourceId: c.sourceId, excerpt: c.excerpt ?? null, isPrimary: c.isPrimary ?? false })),
        topicIds,
        mentionIds,
      },
    });
    for (const p of input.positions ?? []) {
      const position = { ...newRecord(now), statement_id: id, claim_id: p.claimId, stance: p.stance };
      positions.push(position);
      revisions.push({
        entityType: 'Position',
        entityId: position.id,
        after: { id: position.id, createdAt: now, updatedAt: now, version: 1, statement: id, claim: p.claimId, stance: p.stance },
      });
    }
  }
  // Topics first, so each statement's search document is computed once, with its topics' names; the reference to
  // the statement is checked once the statements are in.
  const db = writerDb(writer);
  if (topics.length) await db.raw('set constraints statement_topic_statement_id_foreign deferred');
  await insertRows(writer, 'statement_topic', { statement_id: 'uuid', topic_id: 'uuid' }, topics);
  await insertRows(
    writer,
    'statement',
    {
      ...RECORD_COLUMNS,
      text: 'text',
      kind: 'text',
      language: 'text',
      speaker_id: 'uuid',
      on_behalf_of_id: 'uuid',
      said_on_start: 'date',
      said_on_end: 'date',
      said_on_precision: 'text',
      said_on_inferred: 'boolean',
      event_id: 'uuid',
      setting: 'text',
      attribution_status: 'text',
      attribution_note: 'text',
    },
    statements,
  );
  if (topics.length) await db.raw('set constraints statement_topic_statement_id_foreign immediate');
  await insertRows(
    writer,
    'citation',
    {
      ...RECORD_COLUMNS,
      statement_id: 'uuid',
      source_id: 'uuid',
      excerpt: 'text',
      is_primary: 'boolean',
      anchor_status: 'text',
      anchor_exact: 'text',
      anchor_prefix: 'text',
      anchor_suffix: 'text',
      anchor_start: 'int',
      anchor_end: 'int',
    },
    citations,
  );
  await insertRows(writer, 'statement_mention', { statement_id: 'uuid', speaker_id: 'uuid' }, mentions);
  await insertRows(writer, 'position', { ...RECORD_COLUMNS, statement_id: 'uuid', claim_id: 'uuid', stance: 'text' }, positions);
  await recordCreations(writer, revisions);
  return statements.map((s) => s.id);
}

/**
 * Citations checked and anchored, each in its source's archived text; an excerpt the text does not hold is refused,
 * naming the citation. A source with no archived text leaves the citation UNVERIFIED.
 */
function anchoredCitations(citations: CitationInput[], texts: Map<string, ArchivedText | null>): (CitationInput & AnchorState)[] {
  const sources = citations.map((c) => c.sourceId);
  const repeated = sources.findIndex((id, i) => sources.indexOf(id) !== i);
  if (repeated >= 0) throw badInput(`citations.${repeated}.sourceId`, 'The same source is cited twice; give one citation per source.');
  if (citations.filter((c) => c.isPrimary).length > 1) {
    throw badInput('citations', 'Only one citation can be the primary one (the first appearance).');
  }
  return citations.map((citation, i) => {
    const anchor = anchorNew(texts.get(citation.sourceId) ?? null, citation.excerpt);
    if (!anchor) {
      throw badInput(
        `citations.${i}.excerpt`,
        `citations.${i}.excerpt: these words are not in the text archived for the source ${encodeId('Source', citation.sourceId)}. ` +
          'Copy the passage from the source as printed (spacing and curly or straight quotes do not matter).',
        { sourceId: encodeId('Source', citation.sourceId) },
      );
    }
    return { ...citation, ...anchor };
  });
}

/** Replaces a statement's citations in the unit of work, checked and anchored as new ones are. */
async function addCitations(writer: Writer, statement: Statement, citations: CitationInput[]): Promise<void> {
  const texts = citations.length
    ? await archivedTexts(
        writer,
        citations.map((c) => c.sourceId),
      )
    : new Map<string, null>();
  for (const citation of anchoredCitations(citations, texts)) {
    const { sourceId, ...fields } = citation;
    statement.citations.add(
      writer.em.create(Citation, {
        statement,
        source: writer.em.getReference(Source, sourceId),
        ...fields,
        excerpt: fields.excerpt ?? null,
        isPrimary: fields.isPrimary ?? false,
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
