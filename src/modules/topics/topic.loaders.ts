import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey } from '../../shared/loader-utils';
import type { ChildList } from '../../shared/page-per-parent';
import type { SortKey } from '../../shared/pagination';
import type { TopicRow } from './topic.types';

export const selectTopics = (db: Knex): Knex.QueryBuilder =>
  db('topic as t').select({
    id: 't.id',
    slug: 't.slug',
    name: 't.name',
    description: 't.description',
    parentId: 't.parent_id',
    version: 't.version',
  });

/** SQL for the ids of the topics with these slugs and all their descendants. */
export const topicAndDescendantIds = `with recursive tree as (
    select id from topic where slug = any(?)
    union select child.id from topic child join tree on child.parent_id = tree.id
  ) select id from tree`;

export function createTopicLoaders(db: Knex) {
  return {
    topic: new DataLoader<string, TopicRow | undefined>(async (ids) =>
      byKey<TopicRow>(await selectTopics(db).whereRaw('t.id = any(?)', [ids as string[]]), ids),
    ),
    topicBySlug: new DataLoader<string, TopicRow | undefined>(async (slugs) =>
      byKey<TopicRow>(await selectTopics(db).whereRaw('t.slug = any(?)', [slugs as string[]]), slugs, 'slug'),
    ),
  };
}

/** Topics sort by name, then ID. */
export const TOPIC_KEYS: SortKey[] = [
  { column: 't.name', property: 'name', type: 'text' },
  { column: 't.id', property: 'id', type: 'uuid' },
];

/** `Topic.children`: the narrower topics, by name. */
export const topicChildrenList: ChildList = {
  keys: TOPIC_KEYS,
  descending: false,
  rows: (db) => selectTopics(db).whereRaw('t.parent_id = parent.id'),
  count: (db) => db('topic as t').whereRaw('t.parent_id = parent.id'),
};
