import { RevisionAction, SourceKind } from '../../shared/enums';
import { recordRevision, type Writer } from '../audit/audit.service';
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
    url: input.url ?? null,
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
