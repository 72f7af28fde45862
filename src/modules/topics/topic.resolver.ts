import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { notFound } from '../../shared/errors';
import { loadOptional } from '../../shared/lookup';
import { selectTopics } from './topic.loaders';
import { TopicType, type TopicRow } from './topic.types';

@Resolver(() => TopicType)
export class TopicResolver {
  @Query(() => TopicType, { description: 'One topic by its slug, e.g. "ceasefire".' })
  async topic(@Arg('slug', () => String, { description: 'The topic’s slug.' }) slug: string, @Ctx() ctx: Context): Promise<TopicRow> {
    const row = await ctx.loaders.topicBySlug.load(slug);
    if (!row) throw notFound('topic', slug);
    return row;
  }

  @Query(() => [TopicType], { description: 'Every topic, sorted by name. Use the slugs in statement filters.' })
  topics(@Ctx() ctx: Context): Promise<TopicRow[]> {
    return selectTopics(ctx.db).orderBy('t.name');
  }

  @FieldResolver(() => TopicType, { nullable: true, description: 'The broader topic, e.g. "ceasefire" for "truce".' })
  parent(@Root() t: TopicRow, @Ctx() ctx: Context): Promise<TopicRow | null> {
    return loadOptional(ctx.loaders.topic, t.parentId);
  }

  @FieldResolver(() => [TopicType], { description: 'Narrower topics.' })
  children(@Root() t: TopicRow, @Ctx() ctx: Context): Promise<TopicRow[]> {
    return ctx.loaders.topicChildren.load(t.id);
  }
}
