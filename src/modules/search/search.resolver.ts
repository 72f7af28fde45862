import type DataLoader from 'dataloader';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Float, Info, Query, Resolver, Root } from 'type-graphql';
import { loaderFor, type Context, type Loaders } from '../../context';
import { badInput } from '../../shared/errors';
import { Node, type NodeRow } from '../../shared/node';
import { PageArgs, listPage, type Connection } from '../../shared/pagination';
import { collectFields } from '../../shared/read-plan';
import { checkStatementFilter } from '../statements/statement.query';
import { StatementFilter } from '../statements/statement.types';
import { highlightLoader, ranksStatements, searchKinds, SEARCH_ORDERS, searchCount, searchQueryProblem, searchRows } from './search.query';
import { searchTerms, type SearchTerms } from './words';
import { SearchHitConnection, SearchHitType, SearchKind, SearchOrder, type SearchHitRow } from './search.types';

/** Which loader reads a hit's record, and its GraphQL type when the row does not say. */
const RECORDS: Record<SearchKind, { loader: (l: Loaders) => DataLoader<string, NodeRow | undefined>; type?: string }> = {
  [SearchKind.STATEMENT]: { loader: (l) => l.statement, type: 'Statement' },
  [SearchKind.CLAIM]: { loader: (l) => l.claim, type: 'Claim' },
  [SearchKind.SPEAKER]: { loader: (l) => l.speaker },
  [SearchKind.EVENT]: { loader: (l) => l.event, type: 'Event' },
  [SearchKind.SOURCE]: { loader: (l) => l.source, type: 'Source' },
};

/** The search a hit came from, so its highlight knows the words; `headline` when the page's query read it. */
type Hit = SearchHitRow & { terms: SearchTerms; headline?: string | null };

/** The fields named `name` in the selections of `nodes`, through fragments and by any alias. */
function selected(info: GraphQLResolveInfo, nodes: readonly FieldNode[], name: string): FieldNode[] {
  return nodes.flatMap((node) =>
    node.selectionSet
      ? [...collectFields(info, node.selectionSet, () => true, new Map()).values()].flat().filter((f) => f.name.value === name)
      : [],
  );
}

@Resolver(() => SearchHitType)
export class SearchResolver {
  @Query(() => SearchHitConnection, {
    description:
      'Statements, claims, speakers, events and sources matching what a journalist types, best match first (or by ' +
      'date, see `order`), each with a highlighted snippet. Words in web-search style: `ceasefire -truce`, `"lasting peace"`, `truce OR ' +
      'ceasefire`; any case, accents or not; English and Russian words by their stem, other languages as typed; ' +
      '"cease-fire" and "cease fire" find "ceasefire". Speakers by name or alias in any usual spelling, as in ' +
      "`speakers(filter: { name })`. A statement is also found, ranked lower, by its speaker's and principal's names, " +
      "its event's name and place, and its topics. Statements marked MISATTRIBUTED or RETRACTED are left out. " +
      'Best match first ranks, of each kind, the 200 most recent records that match: a word found in more is ' +
      'listed whole by date (`order: NEWEST`), and `totalCount` always counts every match.',
  })
  async search(
    @Arg('query', () => String, { description: 'What to look for (at most 300 characters).' }) query: string,
    @Arg('kinds', () => [SearchKind], { nullable: true, description: 'Only these kinds of record; default all.' })
    kinds: SearchKind[] | null,
    @Arg('filter', () => StatementFilter, {
      nullable: true,
      description:
        'Narrows the statements among the hits, as in `statements(filter:)`: a date range, speakers, topics, an event. ' +
        'Other kinds of record are not affected; add `kinds: [STATEMENT]` for statements alone.',
    })
    filter: StatementFilter | null,
    @Arg('order', () => SearchOrder, { defaultValue: SearchOrder.RELEVANCE, description: 'Best match first, or by date.' })
    order: SearchOrder,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<Hit>> {
    const problem = searchQueryProblem(query);
    if (problem) throw badInput('query', `query ${problem}.`);
    await checkStatementFilter(ctx, filter);
    const chosen = searchKinds(kinds);
    const terms = await searchTerms(ctx.db, query, ranksStatements(chosen, order));
    const highlighted = selected(info, selected(info, selected(info, info.fieldNodes, 'edges'), 'node'), 'highlight').length > 0;
    return listPage<Hit>(args, {
      ...SEARCH_ORDERS[order],
      rows: () => searchRows(ctx.db, terms, chosen, order, filter, highlighted),
      count: () => searchCount(ctx.db, terms, chosen, filter),
      read: async (qb) => ((await qb) as SearchHitRow[]).map((row) => ({ ...row, terms })),
    });
  }

  @FieldResolver(() => Float, { description: 'How well it matches, from 0 to 1.' })
  rank(@Root() hit: Hit): number {
    return (1_000_000 - hit.miss) / 1_000_000;
  }

  @FieldResolver(() => Node, { description: 'The record: use fragments (`... on Statement { text }`) to pick fields.' })
  async node(@Root() hit: Hit, @Ctx() ctx: Context): Promise<NodeRow> {
    const { loader, type } = RECORDS[hit.kind];
    const row = (await loader(ctx.loaders).load(hit.id))!;
    return type ? { ...row, nodeType: type } : row;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Where it matches: a snippet of the text (or the name or title) with the matching words in <mark>...</mark>. ' +
      'The rest is HTML-escaped, so the snippet can be shown as HTML as it is.',
  })
  highlight(@Root() hit: Hit, @Ctx() ctx: Context): Promise<string | null> | string | null {
    if (hit.headline !== undefined) return hit.headline;
    return loaderFor(ctx, 'search.highlight', hit.terms.text, () => highlightLoader(ctx.db, hit.terms)).load(`${hit.kind}:${hit.id}`);
  }
}
