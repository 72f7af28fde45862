import { randomUUID } from 'node:crypto';
import type { EntityManager, Knex, MikroORM } from '@mikro-orm/postgresql';
import type { Stance } from '../../shared/enums';
import { isDatabaseUnavailable } from '../../shared/format-error';
import { encodeId } from '../../shared/global-id';
import { normalizeUrl } from '../../shared/url';
import { changeWithRevision, type Writer } from '../audit/audit.service';
import { Claim, Position } from '../claims/claim.entity';
import { createClaims, removePosition, updateClaim, upsertPosition } from '../claims/claim.service';
import { storeMissingRecords } from '../export/export.service';
import { createEvent } from '../events/event.service';
import { StatementRelation } from '../relations/statement-relation.entity';
import { linkStatements } from '../relations/statement-relation.service';
import { ClaimReview } from '../reviews/claim-review.entity';
import { reviewClaim, updateClaimReview } from '../reviews/claim-review.service';
import { Source } from '../sources/source.entity';
import { createSources, type SourceInput } from '../sources/source.service';
import { Organization } from '../speakers/speaker.entity';
import { createOrganization, createPerson } from '../speakers/speaker.service';
import { Statement } from '../statements/statement.entity';
import { createStatements, setAttributionStatus, updateStatement, type StatementInput } from '../statements/statement.service';
import { Topic } from '../topics/topic.entity';
import { createTopic } from '../topics/topic.service';
import type { InputItem } from './import.formats';
import {
  contentHash,
  derivedId,
  recordProblem,
  statementIdOf,
  type ImportRecord,
  type LinkRecord,
  type Rejection,
  type ReviewRecord,
  type SourceRef,
  type SpeakerRef,
} from './import.record';

export interface ImportReport {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Links between statements added or changed. */
  linked: number;
  rejected: Rejection[];
  /** Links refused (to a statement neither in the file nor in the database), with their record's line. */
  unlinked: Rejection[];
  /** Things done that a person should look at: a name shared by two speakers kept apart, say. */
  warnings: string[];
}

export interface ImportOptions {
  /** Records written per transaction: a batch is written whole or not at all. */
  batchSize?: number;
  /** Reads, checks and writes everything, then rolls back: the report says what an import would do. */
  dryRun?: boolean;
  /** Who the revisions name. */
  actor?: string;
  /** Called after each batch with the report so far. */
  onProgress?: (report: ImportReport) => void;
}

type Outcome = 'created' | 'updated' | 'unchanged';
interface Item {
  line: number;
  record: ImportRecord;
}

/** Raised inside a dry run's transaction to roll it back once its outcomes are known. */
class DryRun extends Error {
  constructor(readonly result: BatchResult) {
    super('dry run');
  }
}

/** The speakers this import has resolved or made so far, by how the input named them (committed batches only). */
type SpeakerCache = Map<string, string>;

/** What one import run carries from batch to batch. */
interface RunState {
  id: string;
  actor: string;
  speakers: SpeakerCache;
  warnings: Set<string>;
}

/**
 * Imports records into the database through the services editors' writes use, so every row is validated the same
 * way and leaves a revision. Records are written in batches, each in one transaction: a process killed half-way
 * leaves whole batches, and a re-run skips what is there (each statement's ID derives from its origin, and its
 * origin row holds the hash of what was imported). A record that cannot be written is refused with the reason;
 * it never stops the import.
 */
export async function importRecords(orm: MikroORM, items: AsyncIterable<InputItem>, options: ImportOptions = {}): Promise<ImportReport> {
  const report: ImportReport = { read: 0, created: 0, updated: 0, unchanged: 0, linked: 0, rejected: [], unlinked: [], warnings: [] };
  const size = options.batchSize ?? 500;
  const run: RunState = { id: randomUUID(), actor: options.actor ?? 'import', speakers: new Map(), warnings: new Set() };
  let batch: Item[] = [];

  const flush = async () => {
    const items = batch;
    batch = [];
    if (!items.length) return;
    await writeOrSplit(
      items,
      async (some) => {
        const written = await writeBatch(orm, some, run, options.dryRun);
        written.outcomes.forEach((o) => report[o]++);
        report.linked += written.linked;
        forward.push(...written.forward);
      },
      (item, error) => report.rejected.push({ line: item.line, recordId: item.record.origin.recordId, reason: reasonOf(error) }),
    );
    report.warnings = [...run.warnings];
    options.onProgress?.(report);
  };

  const inBatch = new Set<string>();
  // Links to statements that later batches bring: written once every record is in.
  const forward: PendingLink[] = [];
  try {
    for await (const item of items) {
      report.read++;
      if ('reason' in item) {
        report.rejected.push({ line: item.line, recordId: item.recordId, reason: item.reason });
        continue;
      }
      const problem = recordProblem(item.record);
      if (problem) {
        report.rejected.push({ line: item.line, recordId: item.record.origin.recordId, reason: problem });
        continue;
      }
      // A record repeated within one batch is written after the batch before it: the later line wins.
      const id = statementIdOf(item.record);
      if (inBatch.has(id) || batch.length >= size) {
        await flush();
        inBatch.clear();
      }
      inBatch.add(id);
      batch.push(item);
    }
  } catch (error) {
    // The file failed part-way (broken quoting): what was read before it is written, then the import stops.
    await flush();
    throw error;
  }
  await flush();
  // A dry run wrote no statements for these links to reach, and skips them.
  if (!options.dryRun) {
    for (let i = 0; i < forward.length; i += size) {
      await writeOrSplit(
        forward.slice(i, i + size),
        (some) => writeForwardLinks(orm, some, run, report),
        (link, error) => report.unlinked.push({ line: link.line, recordId: link.recordId, reason: reasonOf(error) }),
      );
      options.onProgress?.(report);
    }
  }
  return report;
}

interface PendingLink {
  line: number;
  recordId: string;
  dataset: string;
  fromId: string;
  link: LinkRecord;
}

/**
 * Makes the statements' links those their records name, in the writer's transaction: missing ones added, ones that
 * differ corrected (with revisions). Links whose other statement is not in the database (yet) are returned.
 */
async function linkWithin(writer: Writer, resolve: Resolver, links: PendingLink[]): Promise<{ linked: number; absent: PendingLink[] }> {
  const { em } = writer;
  if (!links.length) return { linked: 0, absent: [] };
  const fromIds = [...new Set(links.map((l) => l.fromId))];
  const present = new Set(
    (await rows<{ id: string }>(em, 'select id from statement where id = any(?)', [links.map((l) => l.link.to)])).map((r) => r.id),
  );
  // Read as rows: most links are there already and unchanged, and only a changed one is loaded as an entity.
  type Stored = { id: string; from_id: string; to_id: string; kind: string; status: string; note: string | null; source_id: string | null };
  const existing = new Map<string, Stored | 'new'>(
    (
      await rows<Stored>(em, 'select id, from_id, to_id, kind, status, note, source_id from statement_relation where from_id = any(?)', [
        fromIds,
      ])
    ).map((r) => [`${r.from_id}\n${r.to_id}\n${r.kind}`, r]),
  );
  await resolve.prepareSources(
    links.flatMap((l) => (l.link.source && present.has(l.link.to) ? [{ ref: l.link.source, dataset: l.dataset }] : [])),
  );
  let linked = 0;
  const absent: PendingLink[] = [];
  for (const pending of links) {
    const { dataset, fromId, link } = pending;
    if (!present.has(link.to)) {
      absent.push(pending);
      continue;
    }
    const sourceId = link.source ? resolve.source(link.source, dataset) : null;
    const key = `${fromId}\n${link.to}\n${link.kind}`;
    const found = existing.get(key);
    if (!found) {
      linkStatements(writer, { fromId, toId: link.to, kind: link.kind, status: link.status, note: link.note ?? null, sourceId });
      existing.set(key, 'new');
      linked++;
    } else if (found !== 'new' && (found.status !== link.status || found.note !== (link.note ?? null) || found.source_id !== sourceId)) {
      const relation = await em.findOneOrFail(StatementRelation, found.id);
      await changeWithRevision(writer, 'StatementRelation', relation, () => {
        relation.status = link.status;
        relation.note = link.note ?? null;
        relation.source = sourceId ? em.getReference(Source, sourceId, { wrapped: true }) : null;
      });
      linked++;
    }
  }
  await em.flush();
  return { linked, absent };
}

/** The links that waited for later batches, in one transaction; a link to a statement still absent is refused. */
async function writeForwardLinks(orm: MikroORM, links: PendingLink[], run: RunState, report: ImportReport): Promise<void> {
  const created = new Map<string, string>();
  const { linked, absent } = await orm.em.fork().transactional(async (em) => {
    const writer: Writer = { em, actor: run.actor, requestId: run.id };
    // Links of statements refused earlier go with them (they were reported): only those of statements present.
    const present = new Set(
      (await rows<{ id: string }>(em, 'select id from statement where id = any(?)', [links.map((l) => l.fromId)])).map((r) => r.id),
    );
    return linkWithin(
      writer,
      new Resolver(writer, run.speakers, created, run.warnings),
      links.filter((l) => present.has(l.fromId)),
    );
  });
  for (const [key, id] of created) run.speakers.set(key, id);
  report.linked += linked;
  await storeMissingRecords(orm.em.getKnex(), [...new Set(links.map((l) => l.fromId))]).catch(() => undefined);
  for (const { line, recordId, link } of absent) {
    report.unlinked.push({
      line,
      recordId,
      reason: `A link ${link.kind} to statement ${encodeId('Statement', link.to)}, which is neither in the file nor in the database.`,
    });
  }
}

/**
 * Writes `items` in one transaction; when that fails, each alone, so that one bad item is named (`refuse`) and the
 * others are written. A database that went away stops the import: what was written stays, and a re-run finishes.
 */
async function writeOrSplit<T>(
  items: T[],
  write: (items: T[]) => Promise<unknown>,
  refuse: (item: T, error: unknown) => void,
): Promise<void> {
  try {
    await write(items);
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    for (const item of items) {
      try {
        await write([item]);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error;
        refuse(item, error);
      }
    }
  }
}

/** Why a write failed: the service's message, or PostgreSQL's without the statement it refused. */
export const reasonOf = (error: unknown): string => {
  let message = error instanceof Error ? error.message : String(error);
  // MikroORM's database errors read "<the SQL> - <PostgreSQL's message>".
  if (/^(insert|update|delete|select|with)\b/i.test(message) && message.includes(' - '))
    message = message.slice(message.lastIndexOf(' - ') + 3);
  return message.endsWith('.') ? message : `${message}.`;
};

/** What a batch wrote: each record's outcome, and its links (those to statements not in yet wait). */
interface BatchResult {
  outcomes: Outcome[];
  linked: number;
  forward: PendingLink[];
}

async function writeBatch(orm: MikroORM, items: Item[], run: RunState, dryRun = false): Promise<BatchResult> {
  const created = new Map<string, string>();
  try {
    const result = await orm.em.fork().transactional(async (em) => {
      // One import of a data set at a time: two would both find a record missing and both add it.
      for (const dataset of new Set(items.map((i) => i.record.origin.dataset))) {
        await rows(em, 'select pg_advisory_xact_lock(hashtext(?))', [`import:${dataset}`]);
      }
      const writer: Writer = { em, actor: run.actor, requestId: run.id };
      const resolve = new Resolver(writer, run.speakers, created, run.warnings);
      const outcomes = await writeRecords(writer, items, resolve);
      // Every record's links are checked, unchanged records' too, so a run stopped before writing them is finished
      // by the next; they commit with their statements.
      const links = items.flatMap(({ line, record }) =>
        (record.links ?? []).map((link) => ({
          line,
          recordId: record.origin.recordId,
          dataset: record.origin.dataset,
          fromId: statementIdOf(record),
          link,
        })),
      );
      const { linked, absent } = await linkWithin(writer, resolve, links);
      const result: BatchResult = { outcomes, linked, forward: absent };
      if (dryRun) throw new DryRun(result);
      return result;
    });
    // The speakers a batch made exist once it commits, not before.
    for (const [key, id] of created) run.speakers.set(key, id);
    // Their export records too, stored now (a tenth of the batch's time) rather than by the first export after the
    // import, which would otherwise build a million of them before its first line. The batch is in whatever
    // happens to them: a record not stored is built by the export that needs it.
    await storeMissingRecords(
      orm.em.getKnex(),
      items.map((i) => statementIdOf(i.record)),
    ).catch(() => undefined);
    return result;
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    throw error;
  }
}

async function writeRecords(writer: Writer, items: Item[], resolve: Resolver): Promise<Outcome[]> {
  const { em } = writer;
  const ids = items.map((i) => statementIdOf(i.record));
  const stored = new Map(
    (
      await rows<{ id: string; version: number; content_hash: string | null }>(
        em,
        'select s.id, s.version, o.content_hash from statement s left join record_origin o on o.statement_id = s.id where s.id = any(?)',
        [ids],
      )
    ).map((row) => [row.id, row]),
  );
  const hashes = items.map((i) => contentHash(i.record));
  const outcomes: Outcome[] = items.map((item, i) => {
    const row = stored.get(ids[i]);
    if (!row) return 'created';
    // A native bundle's record is its statement as it was: the same version is the same record.
    const same = item.record.id ? row.version === item.record.version : row.content_hash === hashes[i];
    return same ? 'unchanged' : 'updated';
  });
  const changedAt = items.flatMap((_, i) => (outcomes[i] === 'unchanged' ? [] : [i]));
  const changed = changedAt.map((i) => items[i]);
  if (!changed.length) return outcomes;

  await resolve.prepare(changed.map((i) => i.record));
  const toUpdate = new Map(
    (
      await em.find(
        Statement,
        { id: { $in: ids.filter((_, i) => outcomes[i] === 'updated') } },
        { populate: ['citations', 'topics', 'mentions'] },
      )
    ).map((s) => [s.id, s]),
  );
  // New statements are written together, set-based; changed ones one by one through the unit of work.
  const creating: StatementInput[] = [];
  for (const [i, { record }] of items.entries()) {
    if (outcomes[i] === 'unchanged') continue;
    const fields = {
      text: record.text,
      kind: record.kind,
      language: record.language ?? null,
      saidOn: record.saidOn,
      setting: record.setting ?? null,
      speakerId: resolve.speaker(record.speaker),
      onBehalfOfId: record.onBehalfOf ? resolve.speaker(record.onBehalfOf) : null,
      eventId: record.event ? resolve.event(record.event) : null,
      citations: record.citations.map((c) => ({
        sourceId: resolve.source(c.source, record.origin.dataset),
        excerpt: c.excerpt ?? null,
        isPrimary: c.isPrimary ?? false,
      })),
      topicIds: [...new Set(record.topics.map((t) => resolve.topic(t.slug)))],
      mentionIds: [...new Set((record.mentions ?? []).map((m) => resolve.speaker(m)))],
    };
    const claims = record.positions.map((p, j) => ({ stance: p.stance, claimId: resolve.claim(record, j) }));
    if (outcomes[i] === 'created') {
      creating.push({
        ...fields,
        id: ids[i],
        attributionStatus: record.attributionStatus,
        attributionNote: record.attributionNote,
        positions: dedupeClaims(claims),
        restored: restoredOf(record),
      });
    } else {
      const statement = toUpdate.get(ids[i])!;
      await updateStatement(writer, statement, fields);
      if (
        record.attributionStatus &&
        (record.attributionStatus !== statement.attributionStatus ||
          (record.attributionNote ?? null) !== (statement.attributionNote ?? null))
      ) {
        await setAttributionStatus(writer, statement, record.attributionStatus, record.attributionNote ?? '');
      }
      await syncPositions(writer, statement, dedupeClaims(claims));
    }
    for (const [j, p] of record.positions.entries()) await resolve.reviews(claims[j].claimId, p.claim.reviews);
  }
  await createStatements(writer, creating);
  await em.flush();
  await rows(
    em,
    `insert into record_origin (statement_id, dataset, record_id, content_hash)
     select * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[])
     on conflict (statement_id) do update set content_hash = excluded.content_hash, imported_at = now()`,
    [
      changedAt.map((i) => ids[i]),
      changed.map((c) => c.record.origin.dataset),
      changed.map((c) => c.record.origin.recordId),
      changedAt.map((i) => hashes[i]),
    ],
  );
  // Changed statements of a native bundle get their versions and times back (new ones were written with them).
  const restored = changedAt.filter((i) => outcomes[i] === 'updated' && restoredOf(items[i].record)).map((i) => items[i]);
  if (restored.length) {
    await rows(
      em,
      `update statement s set version = r.version, created_at = r.created_at, updated_at = r.updated_at
       from unnest(?::uuid[], ?::int[], ?::timestamptz[], ?::timestamptz[]) r(id, version, created_at, updated_at) where s.id = r.id`,
      [
        restored.map((c) => c.record.id),
        restored.map((c) => c.record.version),
        restored.map((c) => c.record.createdAt),
        restored.map((c) => c.record.updatedAt),
      ],
    );
  }
  return outcomes;
}

/** A native bundle's record keeps its statement's version and times exactly as exported (to the microsecond). */
const restoredOf = ({ id, version, createdAt, updatedAt }: ImportRecord): StatementInput['restored'] =>
  id && version && createdAt && updatedAt ? { version, createdAt, updatedAt } : undefined;

/** Rows of a query in the writer's transaction; arrays bind as PostgreSQL arrays (`= any(?)`, `unnest(?::uuid[])`). */
async function rows<T = unknown>(em: EntityManager, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const db = em.getTransactionContext<Knex.Transaction>()!;
  return ((await db.raw(sql, bindings as Knex.RawBinding[])) as { rows: T[] }).rows;
}

/** One stance per claim: a record naming a claim twice keeps its first stance. */
const dedupeClaims = (claims: { claimId: string; stance: Stance }[]) =>
  claims.filter((c, i) => claims.findIndex((d) => d.claimId === c.claimId) === i);

/** Makes a statement's stances those of its record: new ones added, changed ones changed, others removed. */
async function syncPositions(writer: Writer, statement: Statement, claims: { claimId: string; stance: Stance }[]): Promise<void> {
  const { em } = writer;
  for (const c of claims) await upsertPosition(writer, statement, em.getReference(Claim, c.claimId), c.stance);
  const kept = new Set(claims.map((c) => c.claimId));
  for (const position of await em.find(Position, { statement })) {
    if (!kept.has(position.claim.id)) await removePosition(writer, statement, em.getReference(Claim, position.claim.id));
  }
}

/**
 * Finds the rows a batch of records names (speakers, topics, sources, events, claims) with a few queries for the
 * whole batch, and adds the missing ones through their services.
 */
class Resolver {
  private speakers = new Map<string, string>();
  private topics = new Map<string, string>();
  private sources = new Map<string, string>();
  private events = new Set<string>();
  private claims = new Set<string>();
  private reviewed = new Set<string>();

  constructor(
    private readonly writer: Writer,
    private readonly committed: SpeakerCache,
    private readonly created: SpeakerCache,
    private readonly warnings: Set<string>,
  ) {}

  private get em(): EntityManager {
    return this.writer.em as EntityManager;
  }

  async prepare(records: ImportRecord[]): Promise<void> {
    const refs = records.flatMap((r) => [
      r.speaker,
      ...(r.onBehalfOf ? [r.onBehalfOf] : []),
      ...(r.mentions ?? []),
      ...r.positions.flatMap((p) => p.claim.reviews.map((review) => review.reviewer)),
    ]);
    await this.prepareSpeakers(refs);
    await this.prepareTopics(records.flatMap((r) => r.topics));
    await this.prepareSources(records.flatMap((r) => r.citations.map((c) => ({ ref: c.source, dataset: r.origin.dataset }))));
    await this.prepareEvents(records);
    await this.prepareClaims(records);
  }

  speaker(ref: SpeakerRef): string {
    return this.speakers.get(speakerKey(ref))!;
  }

  topic(slug: string): string {
    return this.topics.get(slug)!;
  }

  source(ref: SourceRef, dataset: string): string {
    return this.sources.get(sourceKey(ref, dataset))!;
  }

  event(event: NonNullable<ImportRecord['event']>): string {
    return event.id ?? derivedId('event', event.name, event.startDate ?? '');
  }

  claim(record: ImportRecord, index: number): string {
    return record.positions[index].claim.id ?? derivedId('claim', record.origin.dataset, record.origin.recordId, String(index));
  }

  /** Each reviewer's verdict on a claim, added or corrected; reviews by others are left alone. */
  async reviews(claimId: string, reviews: ReviewRecord[]): Promise<void> {
    for (const review of reviews) {
      const reviewerId = this.speaker(review.reviewer);
      const key = `${claimId}\n${reviewerId}`;
      if (this.reviewed.has(key)) continue;
      this.reviewed.add(key);
      const input = {
        ratingLabel: review.ratingLabel,
        rating: review.rating,
        url: review.url ?? null,
        reviewedOn: review.reviewedOn ?? null,
        summary: review.summary ?? null,
      };
      const existing = this.claims.has(claimId) ? await this.em.findOne(ClaimReview, { claim: claimId, reviewer: reviewerId }) : null;
      if (!existing) {
        reviewClaim(this.writer, this.em.getReference(Claim, claimId), this.em.getReference(Organization, reviewerId), input);
      } else if (
        existing.ratingLabel !== input.ratingLabel ||
        existing.rating !== input.rating ||
        (existing.url ?? null) !== (input.url && normalizeUrl(input.url)) ||
        (existing.reviewedOn ?? null) !== input.reviewedOn ||
        (existing.summary ?? null) !== input.summary
      ) {
        await updateClaimReview(this.writer, existing, input);
      }
    }
  }

  /** Speakers by ID, then Wikidata ID, then name or alias (case- and accent-insensitive); made when not found. */
  async prepareSpeakers(refs: SpeakerRef[]): Promise<void> {
    const pending = new Map<string, SpeakerRef>();
    for (const ref of refs) {
      const key = speakerKey(ref);
      const known = this.committed.get(key) ?? this.created.get(key);
      if (known) this.speakers.set(key, known);
      else pending.set(key, ref);
    }
    if (!pending.size) return;
    const wanted = [...pending.values()];
    const byId = new Set(
      (await rows<{ id: string }>(this.em, 'select id from speaker where id = any(?)', [wanted.flatMap((r) => (r.id ? [r.id] : []))])).map(
        (r) => r.id,
      ),
    );
    const byWikidata = new Map(
      (
        await rows<{ id: string; wikidata_id: string }>(this.em, 'select id, wikidata_id from speaker where wikidata_id = any(?)', [
          wanted.flatMap((r) => (r.wikidataId ? [r.wikidataId] : [])),
        ])
      ).map((r) => [r.wikidata_id, r.id]),
    );
    // Each name's loose key (name_key: lower case, no accents, transliterated) and the speakers whose name or alias
    // has the same key, oldest first.
    const names = [...new Set(wanted.map((r) => r.name))];
    const keys = new Map<string, string>();
    const candidates = new Map<string, { id: string; kind: string; description: string | null }[]>();
    for (const row of await rows<{ name: string; key: string; id: string | null; kind: string; description: string | null }>(
      this.em,
      `select q.name, name_key(q.name) as key, sp.id, sp.kind, sp.description
       from unnest(?::text[]) q(name)
       left join speaker sp on string_to_array(sp.name_keys, ' | ') @> array[name_key(q.name)]
       order by sp.created_at, sp.id`,
      [names],
    )) {
      keys.set(row.name, row.key);
      if (row.id)
        (candidates.get(row.key) ?? candidates.set(row.key, []).get(row.key)!).push({
          id: row.id,
          kind: row.kind,
          description: row.description,
        });
    }

    for (const [key, ref] of pending) {
      const kind = ref.type === 'Person' ? 'PERSON' : 'ORGANIZATION';
      let id = ref.id && byId.has(ref.id) ? ref.id : ref.wikidataId ? byWikidata.get(ref.wikidataId) : undefined;
      if (!id) {
        const nameKey = keys.get(ref.name) ?? ref.name.toLowerCase();
        const sameName = (candidates.get(nameKey) ?? []).filter((c) => c.kind === kind);
        const description = ref.description?.trim() || null;
        // Two people of one name are told apart by their descriptions: one that differs is someone else.
        const match =
          sameName.find((c) => description && c.description?.trim() === description) ??
          sameName.find((c) => !description || !c.description?.trim());
        if (match) id = match.id;
        else if (sameName.length) {
          this.warnings.add(
            `"${ref.name}" names more than one speaker: a speaker described as ${JSON.stringify(cut(description))} was added ` +
              `beside the one described as ${JSON.stringify(cut(sameName[0].description))}. Merge them (mergeSpeakers) if they are one.`,
          );
        }
        if (!id) {
          const input = {
            id: ref.id,
            name: ref.name,
            description,
            wikidataId: ref.wikidataId && !byWikidata.has(ref.wikidataId) ? ref.wikidataId : null,
          };
          id = (ref.type === 'Person' ? createPerson(this.writer, input) : createOrganization(this.writer, input)).id;
          (candidates.get(nameKey) ?? candidates.set(nameKey, []).get(nameKey)!).push({ id, kind, description });
          if (ref.wikidataId) byWikidata.set(ref.wikidataId, id);
          this.created.set(key, id);
        }
      }
      this.speakers.set(key, id);
    }
  }

  private async prepareTopics(topics: { slug: string; name: string }[]): Promise<void> {
    const slugs = [...new Set(topics.map((t) => t.slug))].filter((slug) => !this.topics.has(slug));
    for (const topic of await this.em.find(Topic, { slug: { $in: slugs } })) this.topics.set(topic.slug, topic.id);
    for (const t of topics) if (!this.topics.has(t.slug)) this.topics.set(t.slug, createTopic(this.writer, t).id);
  }

  /** Sources by ID or URL, made when missing (their publishers first). */
  async prepareSources(refs: { ref: SourceRef; dataset: string }[]): Promise<void> {
    if (!refs.length) return;
    await this.prepareSpeakers(refs.flatMap(({ ref }) => (ref.publisher ? [ref.publisher] : [])));
    const ids = refs.flatMap(({ ref, dataset }) => (ref.id ? [ref.id] : ref.url ? [] : [sourceKey(ref, dataset)]));
    const urls = refs.flatMap(({ ref }) => (ref.url ? [normalizeUrl(ref.url)] : []));
    const found = await rows<{ id: string; url: string | null }>(this.em, 'select id, url from source where id = any(?) or url = any(?)', [
      ids,
      urls,
    ]);
    const byId = new Set(found.map((s) => s.id));
    const byUrl = new Map(found.flatMap((s) => (s.url ? [[s.url, s.id] as const] : [])));
    const missing: SourceInput[] = [];
    for (const { ref, dataset } of refs) {
      const key = sourceKey(ref, dataset);
      if (this.sources.has(key)) continue;
      const url = ref.url ? normalizeUrl(ref.url) : null;
      let id = byId.has(key) ? key : url ? byUrl.get(url) : undefined;
      if (!id) {
        id = ref.id ?? (url ? randomUUID() : key);
        missing.push({
          id,
          url,
          title: ref.title,
          kind: ref.kind,
          publishedOn: ref.publishedOn ?? null,
          publisherId: ref.publisher ? this.speaker(ref.publisher) : null,
        });
        if (url) byUrl.set(url, id);
      }
      this.sources.set(key, id);
    }
    await createSources(this.writer, missing);
  }

  private async prepareEvents(records: ImportRecord[]): Promise<void> {
    const events = records.flatMap((r) => (r.event ? [r.event] : []));
    if (!events.length) return;
    const ids = events.map((e) => this.event(e));
    for (const row of await rows<{ id: string }>(this.em, 'select id from event where id = any(?)', [ids])) this.events.add(row.id);
    for (const event of events) {
      const id = this.event(event);
      if (this.events.has(id)) continue;
      createEvent(this.writer, { ...event, id });
      this.events.add(id);
    }
  }

  /** Claims by ID: made when missing, reworded when the record words them differently. */
  private async prepareClaims(records: ImportRecord[]): Promise<void> {
    const wanted = new Map<string, { text: string; topicIds: string[] }>();
    for (const r of records) {
      for (const [j, p] of r.positions.entries()) {
        wanted.set(this.claim(r, j), { text: p.claim.text, topicIds: [...new Set(r.topics.map((t) => this.topic(t.slug)))] });
      }
    }
    if (!wanted.size) return;
    const existing = await this.em.find(Claim, { id: { $in: [...wanted.keys()] } });
    for (const claim of existing) {
      this.claims.add(claim.id);
      const text = wanted.get(claim.id)!.text.trim();
      if (claim.text !== text) await updateClaim(this.writer, claim, { text });
    }
    await createClaims(
      this.writer,
      [...wanted].flatMap(([id, claim]) => (this.claims.has(id) ? [] : [{ id, ...claim }])),
    );
  }
}

const cut = (text: string | null | undefined): string => (text ? (text.length > 80 ? `${text.slice(0, 80)}…` : text) : '(no description)');

/** How an input names a speaker; one key is one speaker. */
const speakerKey = (ref: SpeakerRef): string =>
  ref.id
    ? `id:${ref.id}`
    : ref.wikidataId
      ? `wd:${ref.wikidataId}`
      : `name:${ref.type}:${ref.name.toLowerCase()}\n${ref.description?.trim() ?? ''}`;

/** How an input names a source: by ID, URL, or (for a source with neither) a derived ID. */
const sourceKey = (ref: SourceRef, dataset: string): string =>
  ref.id ?? (ref.url ? normalizeUrl(ref.url) : derivedId('source', dataset, ref.title, ref.publishedOn ?? ''));
