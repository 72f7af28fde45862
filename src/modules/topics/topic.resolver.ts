import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { badInput, notFound } from '../../shared/errors';
import { MAX_NAME, textProblem } from '../../shared/validation';
import { loadOptional } from '../../shared/lookup';
import { childPage, type ChildConnection } from '../../shared/page-per-parent';
import { PageArgs, listPage, type Connection } from '../../shared/pagination';
import { DeleteInput, DeletePayload, Payload } from '../../shared/payload';
import { checkVersion, findByGlobalId, runWrite } from '../../shared/write';
import { Role } from '../auth/role';
import { Topic } from './topic.entity';
import { CreateTopicInput, UpdateTopicInput } from './topic.inputs';
import { TOPIC_KEYS, selectTopics, topicChildrenList } from './topic.loaders';
import { checkSlugFree, createTopic, deleteTopic, updateTopic } from './topic.service';

const TopicPayload = Payload('TopicPayload', 'topic', () => TopicType, 'The topic as written.');

async function parentUuid(em: Context['em'], id: string | null | undefined): Promise<string | null | undefined> {
  if (id === undefined || id === null) return id;
  return (await findByGlobalId(em, Topic, id, 'parentId', ['Topic'])).id;
}
import { TopicConnection, TopicType, type TopicRow } from './topic.types';

@Resolver(() => TopicType)
export class TopicResolver {
  @Query(() => TopicType, { description: 'One topic by its slug, e.g. "ceasefire".' })
  async topic(@Arg('slug', () => String, { description: 'The topic’s slug.' }) slug: string, @Ctx() ctx: Context): Promise<TopicRow> {
    const problem = textProblem(slug, MAX_NAME, false);
    if (problem) throw badInput('slug', `slug ${problem}.`);
    const row = await ctx.loaders.topicBySlug.load(slug);
    if (!row) throw notFound('topic', slug);
    return row;
  }

  @Query(() => TopicConnection, { description: 'Every topic, sorted by name, a page at a time. Use the slugs in statement filters.' })
  topics(@Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): Promise<Connection<TopicRow>> {
    return listPage<TopicRow>(args, {
      keys: TOPIC_KEYS,
      descending: false,
      rows: () => selectTopics(ctx.db),
      count: () => ctx.db('topic as t'),
    });
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => TopicPayload, { description: 'Adds a topic. Needs an EDITOR key.' })
  async createTopic(@Arg('input', () => CreateTopicInput, { description: 'The topic.' }) input: CreateTopicInput, @Ctx() ctx: Context) {
    const topic = await runWrite(ctx, async (w) => {
      await checkSlugFree(w, input.slug);
      return createTopic(w, { ...input, parentId: await parentUuid(w.em, input.parentId) });
    });
    return { topic: await ctx.loaders.topic.load(topic.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => TopicPayload, { description: 'Corrects a topic. Needs an EDITOR key and the version you read.' })
  async updateTopic(@Arg('input', () => UpdateTopicInput, { description: 'The changes.' }) input: UpdateTopicInput, @Ctx() ctx: Context) {
    const topic = await runWrite(ctx, async (w) => {
      const found = await findByGlobalId(w.em, Topic, input.id, 'id', ['Topic']);
      checkVersion(found, input.version, 'topic');
      return updateTopic(w, found, { ...input, parentId: await parentUuid(w.em, input.parentId) });
    });
    return { topic: await ctx.loaders.topic.load(topic.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, { description: 'Deletes a topic nothing is filed under. Needs an EDITOR key.' })
  async deleteTopic(@Arg('input', () => DeleteInput, { description: 'The topic.' }) input: DeleteInput, @Ctx() ctx: Context) {
    await runWrite(ctx, async (w) => deleteTopic(w, await findByGlobalId(w.em, Topic, input.id, 'id', ['Topic'])));
    return { deletedId: input.id };
  }

  @FieldResolver(() => TopicType, { nullable: true, description: 'The broader topic, e.g. "ceasefire" for "truce".' })
  parent(@Root() t: TopicRow, @Ctx() ctx: Context): Promise<TopicRow | null> {
    return loadOptional(ctx.loaders.topic, t.parentId);
  }

  @FieldResolver(() => TopicConnection, { description: 'Narrower topics, by name.' })
  children(@Root() t: TopicRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<TopicRow> {
    return childPage(ctx, 'Topic.children', t.id, args, topicChildrenList);
  }
}
