import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { CitationStatus, RevisionAction, SourceKind } from '../../shared/enums';
import { AppError, ErrorCode, badInput } from '../../shared/errors';
import { encodeId } from '../../shared/global-id';
import { normalizeUrl } from '../../shared/url';
import { changeWithRevision, recordCreations, recordRevision, removeWithRevision, snapshotOf, type Writer } from '../audit/audit.service';
import { assignDefined } from '../../shared/write';
import { insertRows, newRecord, RECORD_COLUMNS, writerDb } from '../../shared/insert-rows';
import { StatementRelation } from '../relations/statement-relation.entity';
import { Citation } from '../statements/statement.entity';
import { Organization } from '../speakers/speaker.entity';
import { Source } from './source.entity';
import { ArchivedFrom } from './source-text.entity';
import { MAX_SOURCE_TEXT } from '../../shared/validation';
import { ArchivedText, reanchor, type AnchorState } from './anchor';
import { readableText } from './readable-text';

export interface SourceInput {
  id?: string;
  url?: string | null;
  title: string;
  publisherId?: string | null;
  publishedOn?: string | null;
  kind?: SourceKind;
  language?: string | null;
  archivedUrl?: string | null;
  republishesId?: string | null;
}

/** Adds a source (an article, a post, a transcript...). */
export async function createSource(writer: Writer, input: SourceInput): Promise<Source> {
  const [id] = await createSources(writer, [input]);
  return writer.em.findOneOrFail(Source, id);
}

/**
 * Adds sources with one INSERT for the sources and one for their revisions, in the writer's transaction, as
 * `createStatements` adds statements. Publishers the unit of work holds are flushed first.
 */
export async function createSources(writer: Writer, inputs: SourceInput[]): Promise<string[]> {
  await writer.em.flush();
  const now = new Date().toISOString();
  const sources = inputs.map((input) => ({
    ...newRecord(now, input.id),
    url: input.url ? normalizeUrl(input.url) : null,
    title: input.title.trim(),
    publisher_id: input.publisherId ?? null,
    published_on: input.publishedOn ?? null,
    kind: input.kind ?? SourceKind.ARTICLE,
    language: input.language ?? null,
    archived_url: input.archivedUrl ?? null,
    republishes_id: input.republishesId ?? null,
  }));
  await insertRows(
    writer,
    'source',
    {
      ...RECORD_COLUMNS,
      url: 'text',
      title: 'text',
      publisher_id: 'uuid',
      published_on: 'date',
      kind: 'text',
      language: 'text',
      archived_url: 'text',
      republishes_id: 'uuid',
    },
    sources,
  );
  await recordCreations(
    writer,
    sources.map((s) => ({
      entityType: 'Source',
      entityId: s.id,
      after: {
        id: s.id,
        createdAt: now,
        updatedAt: now,
        version: 1,
        url: s.url,
        title: s.title,
        publisher: s.publisher_id,
        publishedOn: s.published_on,
        kind: s.kind,
        language: s.language,
        archivedUrl: s.archived_url,
        republishes: s.republishes_id,
      },
    })),
  );
  return sources.map((s) => s.id);
}

/** A source URL in canonical form; a second source for the same page is a CONFLICT naming the first. */
export async function canonicalUrl(
  writer: Writer,
  url: string | null | undefined,
  field: string,
  self?: string,
): Promise<string | null | undefined> {
  if (url === undefined || url === null) return url;
  const normalized = normalizeUrl(url);
  const existing = await writer.em.findOne(Source, { url: normalized });
  if (existing && existing.id !== self) {
    throw new AppError(ErrorCode.CONFLICT, `${field}: this page is already recorded as source ${encodeId('Source', existing.id)}.`, {
      field,
      existingId: encodeId('Source', existing.id),
    });
  }
  return normalized;
}

/** Changes a source; the caller has checked the version and resolved the publisher. */
export async function updateSource(writer: Writer, source: Source, changes: Partial<SourceInput>): Promise<Source> {
  const url = await canonicalUrl(writer, changes.url, 'url', source.id);
  return changeWithRevision(writer, 'Source', source, () =>
    assignDefined(source, {
      url,
      title: changes.title?.trim(),
      publisher:
        changes.publisherId === undefined
          ? undefined
          : changes.publisherId
            ? writer.em.getReference(Organization, changes.publisherId, { wrapped: true })
            : null,
      publishedOn: changes.publishedOn,
      kind: changes.kind,
      language: changes.language,
      archivedUrl: changes.archivedUrl,
      republishes:
        changes.republishesId === undefined
          ? undefined
          : changes.republishesId
            ? writer.em.getReference(Source, changes.republishesId, { wrapped: true })
            : null,
    }),
  );
}

/**
 * A source a copy may say it republishes: another source, and not one that (through its own originals) copies
 * the copy, so following `republishes` always ends at an original.
 */
export async function checkRepublishes(writer: Writer, sourceId: string | undefined, originalId: string | null | undefined): Promise<void> {
  if (!originalId || !sourceId) return;
  if (originalId === sourceId) throw badInput('republishesId', 'republishesId: a source cannot republish itself.');
  const rows: { id: string }[] = await writerDb(writer)
    .raw(
      `with recursive chain(id, depth) as (
       select republishes_id, 1 from source where id = ? and republishes_id is not null
       union all select so.republishes_id, c.depth + 1 from chain c join source so on so.id = c.id
       where so.republishes_id is not null and c.depth < 100)
     select id from chain where id = ?`,
      [originalId, sourceId],
    )
    .then((r: { rows: { id: string }[] }) => r.rows);
  if (rows.length) {
    throw badInput('republishesId', 'republishesId: that source is itself a copy of this one; a chain of copies must end at an original.');
  }
}

/** Deletes a source no statement cites; otherwise CONFLICT saying how many do. */
export async function deleteSource(writer: Writer, source: Source): Promise<void> {
  const citations = await writer.em.count(Citation, { source });
  const relations = await writer.em.count(StatementRelation, { source });
  const copies = await writer.em.count(Source, { republishes: source });
  if (copies) {
    throw new AppError(ErrorCode.CONFLICT, `Cannot delete "${source.title}": ${copies} source(s) say they republish it.`, { field: 'id' });
  }
  if (citations || relations) {
    throw new AppError(
      ErrorCode.CONFLICT,
      `Cannot delete "${source.title}": ${citations} citation(s) and ${relations} statement link(s) use it as evidence.`,
      {
        field: 'id',
      },
    );
  }
  await removeWithRevision(writer, 'Source', source);
}

/** Texts already read in a write, by source: a batch citing one source many times reads its text once. */
const textsRead = new WeakMap<Writer, Map<string, ArchivedText | null>>();

/**
 * The current archived texts of sources (null for a source with none), read under a share lock on the sources:
 * a text being replaced waits for this write to commit, and this write for it, so no citation is anchored in a
 * text that is no longer the source's.
 */
export async function archivedTexts(writer: Writer, sourceIds: string[]): Promise<Map<string, ArchivedText | null>> {
  let known = textsRead.get(writer);
  if (!known) textsRead.set(writer, (known = new Map()));
  const missing = [...new Set(sourceIds)].filter((id) => !known.has(id));
  if (missing.length) {
    const { rows } = (await writerDb(writer).raw(
      `select so.id, st.text from source so
       left join source_text st on st.source_id = so.id and st.content_hash = so.content_hash
       where so.id = any(?) for share of so`,
      [missing],
    )) as { rows: { id: string; text: string | null }[] };
    for (const id of missing) known.set(id, null);
    for (const row of rows) known.set(row.id, row.text === null ? null : new ArchivedText(row.text));
  }
  return new Map(sourceIds.map((id) => [id, known.get(id) ?? null]));
}

/** What a text check found, by status; with the citations whose status changed. */
export interface CitationCheck {
  counts: Record<CitationStatus, number>;
  changed: { citationId: string; statementId: string; from: CitationStatus; to: CitationStatus }[];
}

/** A tally of citations by status, every status at 0. */
const noCitations = () => Object.fromEntries(Object.values(CitationStatus).map((s) => [s, 0])) as Record<CitationStatus, number>;

/** Citations re-anchored at a time: a source cited a hundred thousand times is checked in slices of this size. */
const CHECK_SLICE = 2_000;
/** A revision lists at most this many changed citations (the counts are always whole). */
const MAX_LISTED = 1_000;

/**
 * Checks every citation of a source against its current text (re-anchoring moved passages), writes the statuses
 * that changed and answers what it found.
 */
export async function checkCitations(writer: Writer, sourceId: string, text: ArchivedText | null): Promise<CitationCheck> {
  const counts = noCitations();
  const changed: CitationCheck['changed'] = [];
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const rows = (await writerDb(writer)('citation')
      .select({
        id: 'id',
        statementId: 'statement_id',
        excerpt: 'excerpt',
        anchorStatus: 'anchor_status',
        anchorExact: 'anchor_exact',
        anchorPrefix: 'anchor_prefix',
        anchorSuffix: 'anchor_suffix',
        anchorStart: 'anchor_start',
        anchorEnd: 'anchor_end',
      })
      .where('source_id', sourceId)
      .andWhere('id', '>', after)
      .orderBy('id')
      .limit(CHECK_SLICE)) as (AnchorState & { id: string; statementId: string; excerpt: string | null })[];
    if (!rows.length) break;
    after = rows[rows.length - 1].id;
    const updates: (AnchorState & { id: string })[] = [];
    for (const row of rows) {
      const { id, statementId, excerpt, ...before } = row;
      const now = text ? reanchor(text, excerpt, before) : { ...before, anchorStatus: CitationStatus.UNVERIFIED };
      counts[now.anchorStatus]++;
      if (now.anchorStatus !== before.anchorStatus && changed.length < MAX_LISTED) {
        changed.push({ citationId: id, statementId, from: before.anchorStatus, to: now.anchorStatus });
      }
      if (Object.keys(now).some((k) => now[k as keyof AnchorState] !== before[k as keyof AnchorState])) updates.push({ id, ...now });
    }
    if (updates.length) {
      const column = <K extends keyof AnchorState>(k: K) => updates.map((u) => u[k]);
      await writerDb(writer).raw(
        `update citation c set anchor_status = u.status, anchor_exact = u.exact, anchor_prefix = u.prefix,
           anchor_suffix = u.suffix, anchor_start = u.start, anchor_end = u.end_
         from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[])
           as u(id, status, exact, prefix, suffix, start, end_)
         where c.id = u.id`,
        [
          updates.map((u) => u.id),
          column('anchorStatus'),
          column('anchorExact'),
          column('anchorPrefix'),
          column('anchorSuffix'),
          column('anchorStart'),
          column('anchorEnd'),
        ] as Knex.Value[],
      );
    }
  }
  return { counts, changed };
}

/** Plain text as it is stored: one kind of line break, no byte-order mark. */
const asStored = (text: string): string => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

/** An editor's text or HTML for a source, as the readable text to archive; refused with the field at fault. */
export function textToArchive(input: { text?: string | null; html?: string | Uint8Array | null; url?: string | null }): {
  text: string;
  from: ArchivedFrom;
} {
  const field = input.html != null ? 'html' : 'text';
  if ((input.text == null) === (input.html == null))
    throw badInput('text', 'Give the source’s text either as `text` or as `html`, not both.');
  let text: string;
  if (input.html != null) {
    try {
      text = readableText(input.html, input.url ?? undefined);
    } catch (error) {
      throw badInput('html', `html: the page could not be read (${(error as Error).message.slice(0, 200)}).`);
    }
  } else {
    text = asStored(input.text!);
  }
  if (!text.trim()) throw badInput(field, `${field}: there is no readable text in it.`);
  if (text.includes('\u0000')) throw badInput(field, `${field}: the text contains NUL characters; is it a binary file?`);
  if (text.length > MAX_SOURCE_TEXT) {
    throw badInput(field, `${field}: the readable text has ${text.length} characters; at most ${MAX_SOURCE_TEXT} are archived.`);
  }
  return { text, from: input.html != null ? ArchivedFrom.HTML : ArchivedFrom.TEXT };
}

/**
 * Sets or replaces the archived text of a source: the version is stored once (by its hash), the source points
 * at it, every citation of the source is checked again, and the source's revision records the old and new hashes
 * with what the check found. Archiving the text the source already has changes nothing.
 */
export async function archiveSourceText(
  writer: Writer,
  source: Source,
  archived: { text: string; from: ArchivedFrom },
): Promise<{ source: Source; check: CitationCheck | null }> {
  const hash = createHash('sha256').update(archived.text).digest('hex');
  if (hash === source.contentHash) return { source, check: null };
  await writerDb(writer).raw(
    `insert into source_text (source_id, content_hash, text, archived_from) values (?, ?, ?, ?) on conflict do nothing`,
    [source.id, hash, archived.text, archived.from],
  );
  const before = snapshotOf(source);
  source.contentHash = hash;
  source.archivedAt = new Date();
  await writer.em.flush();
  const text = new ArchivedText(archived.text);
  textsRead.get(writer)?.set(source.id, text);
  const check = await checkCitations(writer, source.id, text);
  recordRevision(writer, 'Source', source, RevisionAction.UPDATE, before, undefined, { ...snapshotOf(source), citationCheck: check });
  return { source, check };
}

/** What `npm run verify-citations` found: every citation of every archived source, by status, and what changed. */
export interface VerificationReport {
  sources: number;
  counts: Record<CitationStatus, number>;
  changed: (CitationCheck['changed'][number] & { sourceId: string })[];
}

/**
 * Checks every citation of every source that has an archived text against that text, one source per transaction
 * (the source's share lock keeps its text from changing meanwhile). A source whose citations changed status gets
 * a revision saying so. Sources are read in ID order, a page at a time, so the check runs in constant memory.
 */
export async function verifyAllCitations(
  em: Writer['em'],
  actor: string,
  progress?: (sourcesDone: number) => void,
): Promise<VerificationReport> {
  const report: VerificationReport = {
    sources: 0,
    counts: noCitations(),
    changed: [],
  };
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const ids = (
      await em.getKnex()('source').select('id').whereNotNull('content_hash').andWhere('id', '>', after).orderBy('id').limit(100)
    ).map((r: { id: string }) => r.id);
    if (!ids.length) break;
    after = ids[ids.length - 1];
    for (const id of ids) {
      await em.fork().transactional(async (tx) => {
        const writer: Writer = { em: tx, actor };
        const text = (await archivedTexts(writer, [id])).get(id) ?? null;
        const check = await checkCitations(writer, id, text);
        for (const status of Object.values(CitationStatus)) report.counts[status] += check.counts[status];
        report.changed.push(...check.changed.map((c) => ({ ...c, sourceId: id })));
        if (check.changed.length) {
          const source = await tx.findOneOrFail(Source, id);
          const snapshot = snapshotOf(source);
          recordRevision(writer, 'Source', source, RevisionAction.UPDATE, snapshot, undefined, { ...snapshot, citationCheck: check });
        }
      });
      report.sources++;
      progress?.(report.sources);
    }
  }
  return report;
}
