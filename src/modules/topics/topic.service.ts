import { RevisionAction } from '../../shared/enums';
import { recordRevision, type Writer } from '../audit/audit.service';
import { Topic } from './topic.entity';

export interface TopicInput {
  id?: string;
  slug: string;
  name: string;
  description?: string | null;
  parentId?: string | null;
}

/** Adds a topic, optionally under a broader one. */
export function createTopic(writer: Writer, input: TopicInput): Topic {
  const topic = writer.em.create(Topic, {
    ...(input.id ? { id: input.id } : {}),
    slug: input.slug.trim().toLowerCase(),
    name: input.name.trim(),
    description: input.description ?? null,
    parent: input.parentId ? writer.em.getReference(Topic, input.parentId) : null,
  });
  recordRevision(writer, 'Topic', topic, RevisionAction.CREATE, null);
  return topic;
}
