import type { Knex } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { readPlanner } from '../../read-plans';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { STANCES_AGAINST, STANCES_FOR } from '../../shared/enums';
import { loadByGlobalId } from '../../shared/lookup';
import { childPage, type ChildConnection } from '../../shared/page-per-parent';
import { PageArgs, listPage, type Connection, type SortKey } from '../../shared/pagination';
import { reviewsOfClaimList } from '../reviews/claim-review.loaders';
import { ClaimReviewConnection, type ClaimReviewRow } from '../reviews/claim-review.types';
import { SpeakerConnection, SpeakerType, type SpeakerRow } from '../speakers/speaker.types';
import { visibleSql, StatementType, type StatementRow } from '../statements/statement.types';
import { principalSql, stanceSide } from '../statements/statement.sql';
import { topicAndDescendantIds } from '../topics/topic.loaders';
import { TopicType, type TopicRow } from '../topics/topic.types';
import { DeleteInput, DeletePayload, Payload } from '../../shared/payload';
import { checkVersion, findByGlobalId, runWrite } from '../../shared/write';
import { Role } from '../auth/role';
import { Statement } from '../statements/statement.entity';
import { Claim } from './claim.entity';
import { CreateClaimInput, RemovePositionInput, SetPositionInput, UpdateClaimInput } from './claim.inputs';
import { opponentsList, positionsOfClaimList, selectClaims, supportersList } from './claim.loaders';
import { createClaim, deleteClaim, removePosition, topicsBySlug, updateClaim, upsertPosition } from './claim.service';
import {
  ClaimConnection,
  ClaimFilter,
  ClaimType,
  PositionConnection,
  PositionType,
  SelfContradictionType,
  type SelfContradictionRow,
  Side,
  type ClaimRow,
  type PositionRow,
} from './claim.types';
import { checkTopicSlugs } from '../statements/statement.query';
import { textMatches } from '../search/words';

const ClaimPayload = Payload('ClaimPayload', 'claim', () => ClaimType, 'The claim as written.');
const PositionPayload = Payload('PositionPayload', 'position', () => PositionType, 'The stance as recorded.');
const RemovePositionPayload = Payload(
  'RemovePositionPayload',
  'statement',
  () => StatementType,
  'The statement, with its remaining positions.',
);

const CLAIM_KEYS: SortKey[] = [
  { column: 'cl.created_at', property: 'createdAt', type: 'timestamp' },
  { column: 'cl.id', property: 'id', type: 'uuid' },
];

function applyClaimFilter(db: Knex, qb: Knex.QueryBuilder, filter: ClaimFilter | null): Knex.QueryBuilder {
  if (filter?.text?.trim()) qb.whereRaw(...textMatches('cl.search_document', filter.text));
  if (filter?.topics?.length) {
    qb.whereExists(
      db('claim_topic as fct')
        .select(db.raw('1'))
        .whereRaw(`fct.claim_id = cl.id and fct.topic_id in (${topicAndDescendantIds})`, [filter.topics]),
    );
  }
  return qb;
}

/** Claims with visible statements on opposite sides by two different principals (a self-contradiction is not a dispute). */
function onlyDisputed(qb: Knex.QueryBuilder): Knex.QueryBuilder {
  return qb.whereRaw(
    `exists (select 1 from position fp join statement fs on fs.id = fp.statement_id ` +
      `join position ap on ap.claim_id = fp.claim_id join statement as2 on as2.id = ap.statement_id ` +
      `where fp.claim_id = cl.id and ${stanceSide('fp.stance')} = 1 and ${stanceSide('ap.stance')} = -1 ` +
      `and ${principalSql('fs')} <> ${principalSql('as2')} and ${visibleSql('fs')} and ${visibleSql('as2')})`,
  );
}

async function pageOfClaims(
  ctx: Context,
  info: GraphQLResolveInfo,
  filter: ClaimFilter | null,
  args: PageArgs,
  disputed: boolean,
): Promise<Connection<ClaimRow>> {
  await checkTopicSlugs(ctx, filter?.topics);
  const scoped = (qb: Knex.QueryBuilder) => {
    applyClaimFilter(ctx.db, qb, filter);
    return disputed ? onlyDisputed(qb) : qb;
  };
  return listPage<ClaimRow>(args, {
    read: readPlanner.connectionReader(info, ctx.db, 'claim'),
    keys: CLAIM_KEYS,
    descending: true,
    rows: () => scoped(selectClaims(ctx.db)),
    count: () => scoped(ctx.db('claim as cl')),
  });
}

@Resolver(() => ClaimType)
export class ClaimResolver {
  @Query(() => ClaimType, { description: 'One claim by ID.' })
  claim(
    @Arg('id', () => ID, { description: 'The claim’s ID.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ClaimRow> {
    return loadByGlobalId(readPlanner.objectReader(info, ctx.db, 'claim', ctx.loaders.claim), id, 'id', ['Claim']);
  }

  @Query(() => ClaimConnection, { description: 'Claims, most recently added first.' })
  claims(
    @Arg('filter', () => ClaimFilter, { nullable: true, description: 'Which claims.' }) filter: ClaimFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<ClaimRow>> {
    return pageOfClaims(ctx, info, filter, args, false);
  }

  @Query(() => ClaimConnection, {
    description:
      'Disputed claims: those with two different speakers on opposite sides (someone for it, someone against), ' +
      'counted for whom each statement speaks for. See `supporters` and `opponents`.',
  })
  disputes(
    @Arg('filter', () => ClaimFilter, { nullable: true, description: 'Which claims.' }) filter: ClaimFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<ClaimRow>> {
    return pageOfClaims(ctx, info, filter, args, true);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ClaimPayload, { description: 'Adds a claim. Needs an EDITOR key.' })
  async createClaim(@Arg('input', () => CreateClaimInput, { description: 'The claim.' }) input: CreateClaimInput, @Ctx() ctx: Context) {
    const id = await runWrite(ctx, async (w) => {
      const topics = await topicsBySlug(w, input.topics);
      return createClaim(w, { text: input.text, topicIds: topics.map((t) => t.id) });
    });
    return { claim: await ctx.loaders.claim.load(id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ClaimPayload, { description: 'Rewords or refiles a claim. Needs an EDITOR key and the version you read.' })
  async updateClaim(@Arg('input', () => UpdateClaimInput, { description: 'The changes.' }) input: UpdateClaimInput, @Ctx() ctx: Context) {
    const claim = await runWrite(ctx, async (w) => {
      const found = await findByGlobalId(w.em, Claim, input.id, 'id', ['Claim']);
      checkVersion(found, input.version, 'claim');
      return updateClaim(w, found, { text: input.text, topics: input.topics ? await topicsBySlug(w, input.topics) : undefined });
    });
    return { claim: await ctx.loaders.claim.load(claim.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, { description: 'Deletes a claim no statement takes a side on. Needs an EDITOR key.' })
  async deleteClaim(@Arg('input', () => DeleteInput, { description: 'The claim.' }) input: DeleteInput, @Ctx() ctx: Context) {
    await runWrite(ctx, async (w) => deleteClaim(w, await findByGlobalId(w.em, Claim, input.id, 'id', ['Claim'])));
    return { deletedId: input.id };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => PositionPayload, {
    description: 'Records the stance a statement takes on a claim (replacing an earlier one). Needs an EDITOR key.',
  })
  async setPosition(
    @Arg('input', () => SetPositionInput, { description: 'Statement, claim and stance.' }) input: SetPositionInput,
    @Ctx() ctx: Context,
  ) {
    const position = await runWrite(ctx, async (w) => {
      const statement = await findByGlobalId(w.em, Statement, input.statementId, 'statementId', ['Statement']);
      const claim = await findByGlobalId(w.em, Claim, input.claimId, 'claimId', ['Claim']);
      return upsertPosition(w, statement, claim, input.stance);
    });
    const rows = await ctx.loaders.positionsByStatement.load(position.statement.id);
    return { position: rows.find((p) => p.id === position.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => RemovePositionPayload, { description: 'Removes the stance of a statement on a claim. Needs an EDITOR key.' })
  async removePosition(
    @Arg('input', () => RemovePositionInput, { description: 'Statement and claim.' }) input: RemovePositionInput,
    @Ctx() ctx: Context,
  ) {
    const statementId = await runWrite(ctx, async (w) => {
      const statement = await findByGlobalId(w.em, Statement, input.statementId, 'statementId', ['Statement']);
      const claim = await findByGlobalId(w.em, Claim, input.claimId, 'claimId', ['Claim']);
      await removePosition(w, statement, claim);
      return statement.id;
    });
    return { statement: await ctx.loaders.statement.load(statementId) };
  }

  @FieldResolver(() => PositionConnection, {
    description:
      'Every statement that takes a side on this claim, in the order they were said (oldest first). Statements ' +
      'marked MISATTRIBUTED or RETRACTED are left out.',
  })
  positions(@Root() claim: ClaimRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<PositionRow> {
    return childPage(ctx, 'Claim.positions', claim.id, args, positionsOfClaimList);
  }

  @FieldResolver(() => SpeakerConnection, {
    description:
      'Speakers who asserted, demanded, proposed or accepted it, each once, in the order they first did. A ' +
      'statement counts for whom it speaks for (`onBehalfOf`, e.g. the president for his spokesperson), else its speaker.',
  })
  supporters(@Root() claim: ClaimRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<SpeakerRow> {
    return childPage(ctx, 'Claim.supporters', claim.id, args, supportersList);
  }

  @FieldResolver(() => SpeakerConnection, {
    description:
      'Speakers who denied or rejected it, each once, in the order they first did. A statement counts for whom it ' +
      'speaks for (`onBehalfOf`), else its speaker.',
  })
  opponents(@Root() claim: ClaimRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<SpeakerRow> {
    return childPage(ctx, 'Claim.opponents', claim.id, args, opponentsList);
  }

  @FieldResolver(() => ClaimReviewConnection, { description: 'Fact-checkers’ verdicts on it, newest first (undated ones last).' })
  reviews(@Root() claim: ClaimRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<ClaimReviewRow> {
    return childPage(ctx, 'Claim.reviews', claim.id, args, reviewsOfClaimList);
  }

  @FieldResolver(() => [TopicType], {
    description: 'What it is about, by name. A plain list: a claim has at most 20 topics (the limit on writes).',
  })
  topics(@Root() claim: ClaimRow, @Ctx() ctx: Context): Promise<TopicRow[]> {
    return ctx.loaders.topicsByClaim.load(claim.id);
  }
}

@Resolver(() => PositionType)
export class PositionResolver {
  @FieldResolver(() => Side, { description: 'FOR, AGAINST or NEITHER, derived from the stance.' })
  side(@Root() p: PositionRow): Side {
    if (STANCES_FOR.includes(p.stance)) return Side.FOR;
    return STANCES_AGAINST.includes(p.stance) ? Side.AGAINST : Side.NEITHER;
  }

  @FieldResolver(() => ClaimType, { description: 'The claim.' })
  async claim(@Root() p: PositionRow, @Ctx() ctx: Context): Promise<ClaimRow> {
    return (await ctx.loaders.claim.load(p.claimId))!;
  }

  @FieldResolver(() => StatementType, { description: 'The statement taking the position.' })
  async statement(@Root() p: PositionRow, @Ctx() ctx: Context): Promise<StatementRow> {
    return (await ctx.loaders.statement.load(p.statementId))!;
  }

  @FieldResolver(() => SpeakerType, {
    description: 'Who made the statement. When they spoke for someone else (`onBehalfOf`), the side counts for that principal.',
  })
  async speaker(@Root() p: PositionRow, @Ctx() ctx: Context): Promise<SpeakerRow> {
    return (await ctx.loaders.speaker.load(p.speakerId))!;
  }

  @FieldResolver(() => SpeakerType, {
    nullable: true,
    description:
      'Whom the statement speaks for, when not the speaker: e.g. a spokesperson’s president. Supporters, opponents ' +
      'and disputes count the position for them.',
  })
  async onBehalfOf(@Root() p: PositionRow, @Ctx() ctx: Context): Promise<SpeakerRow | null> {
    return p.onBehalfOfId ? ((await ctx.loaders.speaker.load(p.onBehalfOfId)) ?? null) : null;
  }
}

@Resolver(() => SelfContradictionType)
export class SelfContradictionResolver {
  @FieldResolver(() => ClaimType, { description: 'The claim the speaker took both sides of.' })
  async claim(@Root() pair: SelfContradictionRow, @Ctx() ctx: Context): Promise<ClaimRow> {
    return (await ctx.loaders.claim.load(pair.claimId))!;
  }

  @FieldResolver(() => PositionType, { description: 'The earlier position, with its statement and date.' })
  earlier(@Root() pair: SelfContradictionRow): PositionRow {
    return pair.earlier;
  }

  @FieldResolver(() => PositionType, { description: 'The later position, on the other side.' })
  later(@Root() pair: SelfContradictionRow): PositionRow {
    return pair.later;
  }
}
