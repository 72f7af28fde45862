import type { Knex } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { readPlanner } from '../../read-plans';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { decodeIds } from '../../shared/global-id';
import { escapeLike } from '../../shared/loader-utils';
import { loadByGlobalId, loadOptional } from '../../shared/lookup';
import { PageArgs, listPage, type Connection, type SortKey } from '../../shared/pagination';
import { DeleteInput, DeletePayload, Payload } from '../../shared/payload';
import { checkVersion, findByGlobalId, runWrite } from '../../shared/write';
import { Role } from '../auth/role';
import { Organization } from '../speakers/speaker.entity';
import { OrganizationType, type SpeakerRow } from '../speakers/speaker.types';
import { Source } from './source.entity';
import { CreateSourceInput, UpdateSourceInput } from './source.inputs';
import { canonicalUrl, createSource, deleteSource, updateSource } from './source.service';
import { selectSources } from './source.loaders';
import { SourceConnection, SourceFilter, SourceType, type SourceRow } from './source.types';

const SourcePayload = Payload('SourcePayload', 'source', () => SourceType, 'The source as written.');

/** Resolves an optional publisher ID to the organisation's uuid (undefined: unchanged, null: none). */
async function publisherUuid(em: Context['em'], id: string | null | undefined): Promise<string | null | undefined> {
  if (id === undefined || id === null) return id;
  return (await findByGlobalId(em, Organization, id, 'publisherId', ['Organization'])).id;
}

const SOURCE_KEYS: SortKey[] = [
  { column: `coalesce(so.published_on, '0001-01-01')::text`, property: 'sortDate', type: 'date' },
  { column: 'so.id', property: 'id', type: 'uuid' },
];

function applySourceFilter(qb: Knex.QueryBuilder, filter: SourceFilter | null): Knex.QueryBuilder {
  const publisherIds = decodeIds(filter?.publisherIds, 'filter.publisherIds', ['Organization']);
  if (publisherIds) qb.whereRaw('so.publisher_id = any(?)', [publisherIds]);
  if (filter?.kind) qb.where('so.kind', filter.kind);
  if (filter?.title?.trim()) qb.whereILike('so.title', `%${escapeLike(filter.title.trim())}%`);
  return qb;
}

@Resolver(() => SourceType)
export class SourceResolver {
  @Query(() => SourceType, { description: 'One source by ID.' })
  source(
    @Arg('id', () => ID, { description: 'The source’s ID.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SourceRow> {
    return loadByGlobalId(readPlanner.objectReader(info, ctx.db, 'source', ctx.loaders.source), id, 'id', ['Source']);
  }

  @Query(() => SourceConnection, { description: 'Sources, most recently published first.' })
  async sources(
    @Arg('filter', () => SourceFilter, { nullable: true, description: 'Which sources.' }) filter: SourceFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<SourceRow>> {
    return listPage<SourceRow>(args, {
      read: readPlanner.connectionReader(info, ctx.db, 'source'),
      keys: SOURCE_KEYS,
      descending: true,
      rows: () => applySourceFilter(selectSources(ctx.db), filter),
      count: () => applySourceFilter(ctx.db('source as so'), filter),
    });
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => SourcePayload, {
    description:
      'Adds a source. A URL already recorded (after normalisation) is a CONFLICT naming the existing source. Needs an EDITOR key.',
  })
  async createSource(@Arg('input', () => CreateSourceInput, { description: 'The source.' }) input: CreateSourceInput, @Ctx() ctx: Context) {
    const source = await runWrite(ctx, async (w) =>
      createSource(w, {
        ...input,
        url: await canonicalUrl(w, input.url, 'url'),
        publisherId: await publisherUuid(w.em, input.publisherId),
        kind: input.kind ?? undefined,
      }),
    );
    return { source: await ctx.loaders.source.load(source.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => SourcePayload, { description: 'Corrects a source. Needs an EDITOR key and the version you read.' })
  async updateSource(
    @Arg('input', () => UpdateSourceInput, { description: 'The changes.' }) input: UpdateSourceInput,
    @Ctx() ctx: Context,
  ) {
    const source = await runWrite(ctx, async (w) => {
      const found = await findByGlobalId(w.em, Source, input.id, 'id', ['Source']);
      checkVersion(found, input.version, 'source');
      return updateSource(w, found, { ...input, publisherId: await publisherUuid(w.em, input.publisherId) });
    });
    return { source: await ctx.loaders.source.load(source.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, { description: 'Deletes a source no statement cites. Needs an EDITOR key.' })
  async deleteSource(@Arg('input', () => DeleteInput, { description: 'The source.' }) input: DeleteInput, @Ctx() ctx: Context) {
    await runWrite(ctx, async (w) => deleteSource(w, await findByGlobalId(w.em, Source, input.id, 'id', ['Source'])));
    return { deletedId: input.id };
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: 'Who published it, e.g. BBC.' })
  publisher(@Root() s: SourceRow, @Ctx() ctx: Context): Promise<SpeakerRow | null> {
    return loadOptional(ctx.loaders.speaker, s.publisherId);
  }
}
