import type { Knex } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { decodeIds } from '../../shared/global-id';
import { escapeLike } from '../../shared/loader-utils';
import { loadByGlobalId, loadOptional } from '../../shared/lookup';
import { PageArgs, applyKeyset, parsePage, toConnection, type Connection, type SortKey } from '../../shared/pagination';
import { OrganizationType, type SpeakerRow } from '../speakers/speaker.types';
import { selectSources } from './source.loaders';
import { SourceConnection, SourceFilter, SourceType, type SourceRow } from './source.types';

const SOURCE_KEYS: SortKey[] = [
  { column: `coalesce(so.published_on, '0001-01-01')::text`, property: 'sortDate' },
  { column: 'so.id', property: 'id' },
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
  source(@Arg('id', () => ID, { description: 'The source’s ID.' }) id: string, @Ctx() ctx: Context): Promise<SourceRow> {
    return loadByGlobalId(ctx.loaders.source, id, 'id', ['Source']);
  }

  @Query(() => SourceConnection, { description: 'Sources, most recently published first.' })
  async sources(
    @Arg('filter', () => SourceFilter, { nullable: true, description: 'Which sources.' }) filter: SourceFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<SourceRow>> {
    const page = parsePage(args);
    const rows = await applyKeyset(applySourceFilter(selectSources(ctx.db), filter), page, SOURCE_KEYS, true);
    return toConnection<SourceRow>(rows, page, SOURCE_KEYS, async () => {
      const [{ count }] = await applySourceFilter(ctx.db('source as so'), filter).count({ count: '*' });
      return Number(count);
    });
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: 'Who published it, e.g. BBC.' })
  publisher(@Root() s: SourceRow, @Ctx() ctx: Context): Promise<SpeakerRow | null> {
    return loadOptional(ctx.loaders.speaker, s.publisherId);
  }
}
