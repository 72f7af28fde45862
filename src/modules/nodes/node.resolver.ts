import type DataLoader from 'dataloader';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context, Loaders } from '../../context';
import { badInput, notFound } from '../../shared/errors';
import { decodeId } from '../../shared/global-id';
import { Node, type NodeRow } from '../../shared/node';
import { MAX_PAGE_SIZE } from '../../shared/pagination';

/** Which loader fetches each type that `node(id)` can return. */
const LOADERS: Record<string, (l: Loaders) => DataLoader<string, (NodeRow & { kind?: string }) | undefined>> = {
  Statement: (l) => l.statement,
  Person: (l) => l.speaker,
  Organization: (l) => l.speaker,
  Claim: (l) => l.claim,
  Source: (l) => l.source,
  Event: (l) => l.event,
  Topic: (l) => l.topic,
  StatementRelation: (l) => l.relation,
  ClaimReview: (l) => l.claimReview,
  Affiliation: (l) => l.affiliation,
};
const NODE_TYPES = Object.keys(LOADERS);

async function loadNode(ctx: Context, globalId: string, field: string): Promise<NodeRow> {
  const { type, id } = decodeId(globalId, field, NODE_TYPES);
  const row = await LOADERS[type](ctx.loaders).load(id);
  // Speakers share a table: a Person ID must not fetch an Organization.
  const isSpeaker = type === 'Person' || type === 'Organization';
  const actualType = isSpeaker && row ? (row.kind === 'PERSON' ? 'Person' : 'Organization') : type;
  if (!row || actualType !== type) throw notFound(type, globalId);
  return { ...row, nodeType: type };
}

@Resolver(() => Node)
export class NodeResolver {
  @Query(() => Node, { description: 'Anything by its ID, whatever its type. Use fragments (`... on Statement { text }`) to pick fields.' })
  node(@Arg('id', () => ID, { description: 'Any ID returned by this API.' }) id: string, @Ctx() ctx: Context): Promise<NodeRow> {
    return loadNode(ctx, id, 'id');
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Several records by ID in one request (at most ${MAX_PAGE_SIZE}), in the same order; unknown IDs give null and an error.`,
  })
  nodes(
    @Arg('ids', () => [ID], { description: `IDs returned by this API, at most ${MAX_PAGE_SIZE}.` }) ids: string[],
    @Ctx() ctx: Context,
  ): Promise<NodeRow>[] {
    if (ids.length > MAX_PAGE_SIZE) {
      throw badInput('ids', `Ask for at most ${MAX_PAGE_SIZE} IDs at once; got ${ids.length}.`, { max: MAX_PAGE_SIZE });
    }
    return ids.map((id, i) => loadNode(ctx, id, `ids[${i}]`));
  }
}
