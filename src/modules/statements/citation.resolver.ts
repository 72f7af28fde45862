import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { loaderFor, type Context } from '../../context';
import { readPlanner } from '../../read-plans';
import { CitationStatus } from '../../shared/enums';
import { badInput } from '../../shared/errors';
import { decodeIds } from '../../shared/global-id';
import { byKey } from '../../shared/loader-utils';
import { ConnectionType, PageArgs, listPage, type Connection, type SortKey } from '../../shared/pagination';
import { SourceType, type SourceRow } from '../sources/source.types';
import { selectCitations } from './statement.loaders';
import {
  CitationFilter,
  CitationType,
  ExcerptInContextType,
  StatementType,
  TextAnchorType,
  type CitationRow,
  type StatementRow,
} from './statement.types';

const CitationConnection = ConnectionType('Citation', () => CitationType, 'A page of citations.');
const CITATION_KEYS: SortKey[] = [{ column: 'c.id', property: 'id', type: 'uuid' }];
/** The most context a reader can ask for on each side of an excerpt. */
const MAX_CONTEXT = 2_000;

function applyCitationFilter(qb: Knex.QueryBuilder, filter: CitationFilter | null): Knex.QueryBuilder {
  if (filter?.status?.length) qb.whereIn('c.anchor_status', filter.status);
  const sourceIds = decodeIds(filter?.sourceIds, 'filter.sourceIds', ['Source']);
  if (sourceIds) qb.whereRaw('c.source_id = any(?)', [sourceIds]);
  return qb;
}

/**
 * The archived text around anchored excerpts, cut by PostgreSQL (offsets in characters, as substr counts) with
 * `text_windows` (migration Migration20261202020000): one call per source, whose text is read once.
 */
const contextLoader = (db: Knex, characters: number) =>
  new DataLoader<string, ExcerptInContextType | undefined>(async (ids) =>
    byKey<ExcerptInContextType & { id: string }>(
      (
        await db.raw(
          `select g.ids[w.i] as id, w.before, w.exact, w.after
           from (select c.source_id, array_agg(c.id) as ids, array_agg(c.anchor_start) as starts, array_agg(c.anchor_end) as ends
                 from citation c where c.id = any(?) and c.anchor_status in (?, ?) group by c.source_id) g
           join source so on so.id = g.source_id
           join source_text st on st.source_id = so.id and st.content_hash = so.content_hash
           cross join lateral text_windows(st.text, g.starts, g.ends, ?) w`,
          [ids as string[], CitationStatus.VERIFIED, CitationStatus.MOVED, characters],
        )
      ).rows,
      ids,
    ),
  );

@Resolver(() => CitationType)
export class CitationResolver {
  @Query(() => CitationConnection, {
    description:
      'Citations by how they stand against their sources’ archived texts, e.g. `filter: { status: [MISSING] }` for ' +
      'the quotes whose source text no longer holds them. In the order they were written.',
  })
  citations(
    @Arg('filter', () => CitationFilter, { nullable: true, description: 'Which citations.' }) filter: CitationFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<CitationRow>> {
    return listPage<CitationRow>(args, {
      read: readPlanner.connectionReader(info, ctx.db, 'citation'),
      keys: CITATION_KEYS,
      descending: false,
      rows: () => applyCitationFilter(selectCitations(ctx.db), filter),
      count: () => applyCitationFilter(ctx.db('citation as c'), filter),
    });
  }

  @FieldResolver(() => SourceType, { description: 'The source it appeared in.' })
  async source(@Root() c: CitationRow, @Ctx() ctx: Context): Promise<SourceRow> {
    return (await ctx.loaders.source.load(c.sourceId))!;
  }

  @FieldResolver(() => StatementType, { description: 'The statement it cites.' })
  async statement(@Root() c: CitationRow, @Ctx() ctx: Context): Promise<StatementRow> {
    return (await ctx.loaders.statement.load(c.statementId))!;
  }

  @FieldResolver(() => TextAnchorType, {
    nullable: true,
    description:
      'Where the excerpt sits in the archived text. For a MISSING citation, where it was last found; null when it ' +
      'was never anchored (UNVERIFIED).',
  })
  anchor(@Root() c: CitationRow): TextAnchorType | null {
    if (c.anchorStart === null || c.anchorEnd === null) return null;
    return {
      exact: c.anchorExact ?? '',
      prefix: c.anchorPrefix ?? '',
      suffix: c.anchorSuffix ?? '',
      start: c.anchorStart,
      end: c.anchorEnd,
    };
  }

  @FieldResolver(() => ExcerptInContextType, {
    nullable: true,
    description: 'The excerpt with the archived text around it, read from the current text; null unless VERIFIED or MOVED.',
  })
  async context(
    @Root() c: CitationRow,
    @Ctx() ctx: Context,
    @Arg('characters', () => Int, { defaultValue: 200, description: `How much text on each side (1 to ${MAX_CONTEXT}).` })
    characters: number,
  ): Promise<ExcerptInContextType | null> {
    if (!Number.isInteger(characters) || characters < 1 || characters > MAX_CONTEXT) {
      throw badInput('characters', `characters must be between 1 and ${MAX_CONTEXT}; got ${characters}.`);
    }
    if (c.status !== CitationStatus.VERIFIED && c.status !== CitationStatus.MOVED) return null;
    const loader = loaderFor(ctx, 'Citation.context', characters, () => contextLoader(ctx.db, characters));
    return (await loader.load(c.id)) ?? null;
  }
}
