import type { Knex } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { readPlanner } from '../../read-plans';
import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { MAX_SOURCE_TEXT } from '../../shared/validation';
import type { Context } from '../../context';
import { decodeIds } from '../../shared/global-id';
import { escapeLike } from '../../shared/loader-utils';
import { loadByGlobalId, loadOptional } from '../../shared/lookup';
import { PageArgs, arrayConnection, listPage, type Connection, type SortKey } from '../../shared/pagination';
import { DeleteInput, DeletePayload, Payload } from '../../shared/payload';
import { checkVersion, findByGlobalId, runWrite } from '../../shared/write';
import { Role } from '../auth/role';
import { Organization } from '../speakers/speaker.entity';
import { OrganizationType, type SpeakerRow } from '../speakers/speaker.types';
import { Source } from './source.entity';
import { ArchiveSourceInput, CreateSourceInput, UpdateSourceInput } from './source.inputs';
import {
  archiveSourceText,
  canonicalUrl,
  checkRepublishes,
  createSource,
  deleteSource,
  textToArchive,
  updateSource,
} from './source.service';
import { selectSources } from './source.loaders';
import {
  CitationCountsType,
  SourceConnection,
  SourceFilter,
  SourceType,
  TextVersionConnection,
  TextVersionType,
  type SourceRow,
} from './source.types';

/** What reading a whole archived text costs: a query reads at most ten at the default limit of 100,000 points. */
const ARCHIVED_TEXT_COST = 10_000;

const SourcePayload = Payload('SourcePayload', 'source', () => SourceType, 'The source as written.');

/** Resolves an optional ID of an original source (undefined: unchanged, null: none). */
async function sourceUuid(em: Context['em'], id: string | null | undefined, field: string): Promise<string | null | undefined> {
  if (id === undefined || id === null) return id;
  return (await findByGlobalId(em, Source, id, field, ['Source'])).id;
}

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

@Resolver(() => TextVersionType)
export class TextVersionResolver {
  @FieldResolver(() => String, {
    description: `This version's text, as archived. Costs ${ARCHIVED_TEXT_COST.toLocaleString('en')} points, as \`Source.text\` does.`,
  })
  @Extensions({ cost: ARCHIVED_TEXT_COST })
  async text(@Root() v: TextVersionType, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.textVersion.load(`${v.sourceId}:${v.contentHash}`)) ?? '';
  }
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
    const source = await runWrite(ctx, async (w) => {
      const archived = input.text != null || input.html != null ? textToArchive(input) : undefined;
      const created = await createSource(w, {
        ...input,
        url: await canonicalUrl(w, input.url, 'url'),
        publisherId: await publisherUuid(w.em, input.publisherId),
        republishesId: await sourceUuid(w.em, input.republishesId, 'republishesId'),
        kind: input.kind ?? undefined,
      });
      if (archived) {
        await w.em.flush();
        await archiveSourceText(w, created, archived);
      }
      return created;
    });
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
      const republishesId = await sourceUuid(w.em, input.republishesId, 'republishesId');
      await checkRepublishes(w, found.id, republishesId);
      return updateSource(w, found, { ...input, publisherId: await publisherUuid(w.em, input.publisherId), republishesId });
    });
    return { source: await ctx.loaders.source.load(source.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => SourcePayload, {
    description:
      "Sets or replaces a source's archived text (plain, or an HTML page reduced to its readable text) and checks " +
      'every citation of the source against it; `citationCounts` on the answer says how they stand, and ' +
      '`citations(filter: { status: [MOVED, MISSING] })` lists those to look at. The same text again changes nothing. ' +
      'Needs an EDITOR key and the version you read.',
  })
  async archiveSource(
    @Arg('input', () => ArchiveSourceInput, { description: 'The source and its text.' }) input: ArchiveSourceInput,
    @Ctx() ctx: Context,
  ) {
    const source = await runWrite(ctx, async (w) => {
      const found = await findByGlobalId(w.em, Source, input.id, 'id', ['Source']);
      checkVersion(found, input.version, 'source');
      return (await archiveSourceText(w, found, textToArchive({ ...input, url: found.url }))).source;
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

  @FieldResolver(() => SourceType, {
    nullable: true,
    description:
      'The original this source copies or rewrites (a syndicated or republished article). Excerpts are cited to ' +
      'the copy that was read; this says where it came from.',
  })
  republishes(@Root() s: SourceRow, @Ctx() ctx: Context): Promise<SourceRow | null> {
    return loadOptional(ctx.loaders.source, s.republishesId);
  }

  @FieldResolver(() => SourceConnection, { description: 'Sources that say they republish this one, most recently published first.' })
  republishedBy(@Root() s: SourceRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): Promise<Connection<SourceRow>> {
    return listPage<SourceRow>(args, {
      keys: SOURCE_KEYS,
      descending: true,
      rows: () => selectSources(ctx.db).where('so.republishes_id', s.id),
      count: () => ctx.db('source as so').where('so.republishes_id', s.id),
    });
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The archived readable text of the source, as it was when archived: what every excerpt is checked against. ' +
      `Null when no text is archived. Up to ${MAX_SOURCE_TEXT.toLocaleString('en')} characters, so it costs ` +
      `${ARCHIVED_TEXT_COST.toLocaleString('en')} points of a query's budget; a citation's \`context\` reads just the passage.`,
  })
  @Extensions({ cost: ARCHIVED_TEXT_COST })
  text(@Root() s: SourceRow, @Ctx() ctx: Context): Promise<string | null> {
    return s.contentHash ? ctx.loaders.sourceText.load(s.id) : Promise.resolve(null);
  }

  @FieldResolver(() => TextVersionConnection, {
    description: 'Every text archived for the source, newest first; earlier versions stay, and revisions name them by hash.',
  })
  async textVersions(
    @Root() s: SourceRow,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<TextVersionType>> {
    return arrayConnection(s.contentHash ? await ctx.loaders.textVersions.load(s.id) : [], args, 'textVersions');
  }

  @FieldResolver(() => CitationCountsType, { description: "How the source's citations stand against its archived text." })
  citationCounts(@Root() s: SourceRow, @Ctx() ctx: Context): Promise<CitationCountsType> {
    return ctx.loaders.citationCounts.load(s.id);
  }
}
