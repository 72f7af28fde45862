import { RevisionAction } from '../../shared/enums';
import { AppError, ErrorCode, badInput } from '../../shared/errors';
import { changeWithRevision, recordRevision, removeWithRevision, type Writer } from '../audit/audit.service';
import { assignDefined } from '../../shared/write';
import { isBelow } from '../../shared/tree';
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

/** A slug no other topic uses, or CONFLICT. */
export async function checkSlugFree(writer: Writer, slug: string | undefined, self?: string): Promise<void> {
  if (!slug) return;
  const existing = await writer.em.findOne(Topic, { slug });
  if (existing && existing.id !== self)
    throw new AppError(ErrorCode.CONFLICT, `slug: "${slug}" is already used by another topic.`, { field: 'slug' });
}

/** Changes a topic; the caller has checked the version and resolved the parent. */
export async function updateTopic(writer: Writer, topic: Topic, changes: Partial<TopicInput>): Promise<Topic> {
  await checkSlugFree(writer, changes.slug, topic.id);
  if (changes.parentId && (changes.parentId === topic.id || (await isBelow(writer.em, 'topic', changes.parentId, topic.id)))) {
    throw badInput('parentId', 'A topic cannot sit under itself or under one of its own sub-topics.');
  }
  return changeWithRevision(writer, 'Topic', topic, () =>
    assignDefined(topic, {
      slug: changes.slug,
      name: changes.name?.trim(),
      description: changes.description,
      parent:
        changes.parentId === undefined
          ? undefined
          : changes.parentId
            ? writer.em.getReference(Topic, changes.parentId, { wrapped: true })
            : null,
    }),
  );
}

/** Deletes a topic nothing is filed under; otherwise CONFLICT saying what is. */
export async function deleteTopic(writer: Writer, topic: Topic): Promise<void> {
  const [row] = await writer.em.execute<{ statements: string; claims: string; children: string }[]>(
    `select (select count(*) from statement_topic where topic_id = ?) as statements,
            (select count(*) from claim_topic where topic_id = ?) as claims,
            (select count(*) from topic where parent_id = ?) as children`,
    [topic.id, topic.id, topic.id],
  );
  if (Number(row.statements) || Number(row.claims) || Number(row.children)) {
    throw new AppError(
      ErrorCode.CONFLICT,
      `Cannot delete "${topic.slug}": ${row.statements} statement(s), ${row.claims} claim(s) and ${row.children} sub-topic(s) are filed under it.`,
      { field: 'id' },
    );
  }
  await removeWithRevision(writer, 'Topic', topic);
}
