import { RevisionAction, SourceKind } from '../../shared/enums';
import { AppError, ErrorCode } from '../../shared/errors';
import { encodeId } from '../../shared/global-id';
import { normalizeUrl } from '../../shared/url';
import { changeWithRevision, recordRevision, removeWithRevision, type Writer } from '../audit/audit.service';
import { assignDefined } from '../../shared/write';
import { StatementRelation } from '../relations/statement-relation.entity';
import { Citation } from '../statements/statement.entity';
import { Organization } from '../speakers/speaker.entity';
import { Source } from './source.entity';

export interface SourceInput {
  id?: string;
  url?: string | null;
  title: string;
  publisherId?: string | null;
  publishedOn?: string | null;
  kind?: SourceKind;
  language?: string | null;
  archivedUrl?: string | null;
}

/** Adds a source (an article, a post, a transcript...). */
export function createSource(writer: Writer, input: SourceInput): Source {
  const source = writer.em.create(Source, {
    ...(input.id ? { id: input.id } : {}),
    url: input.url ? normalizeUrl(input.url) : null,
    title: input.title.trim(),
    publisher: input.publisherId ? writer.em.getReference(Organization, input.publisherId) : null,
    publishedOn: input.publishedOn ?? null,
    kind: input.kind ?? SourceKind.ARTICLE,
    language: input.language ?? null,
    archivedUrl: input.archivedUrl ?? null,
  });
  recordRevision(writer, 'Source', source, RevisionAction.CREATE, null);
  return source;
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
    }),
  );
}

/** Deletes a source no statement cites; otherwise CONFLICT saying how many do. */
export async function deleteSource(writer: Writer, source: Source): Promise<void> {
  const citations = await writer.em.count(Citation, { source });
  const relations = await writer.em.count(StatementRelation, { source });
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
