import type { Knex } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { STANCES_AGAINST, STANCES_FOR, Stance } from '../../shared/enums';
import { loadByGlobalId } from '../../shared/lookup';
import { PageArgs, applyKeyset, parsePage, toConnection, type Connection, type SortKey } from '../../shared/pagination';
import { ClaimReviewType, type ClaimReviewRow } from '../reviews/claim-review.types';
import { SpeakerType, type SpeakerRow } from '../speakers/speaker.types';
import { HIDDEN_BY_DEFAULT, StatementType, type StatementRow } from '../statements/statement.types';
import { stanceSide } from '../statements/statement.sql';
import { topicAndDescendantIds } from '../topics/topic.loaders';
import { TopicType, type TopicRow } from '../topics/topic.types';
import { selectClaims } from './claim.loaders';
import { ClaimConnection, ClaimFilter, ClaimType, PositionType, Side, type ClaimRow, type PositionRow } from './claim.types';

const CLAIM_KEYS: SortKey[] = [
  { column: 'cl.created_at', property: 'createdAt' },
  { column: 'cl.id', property: 'id' },
];

function applyClaimFilter(db: Knex, qb: Knex.QueryBuilder, filter: ClaimFilter | null): Knex.QueryBuilder {
  if (filter?.text?.trim()) qb.whereRaw(`to_tsvector('english', cl.text) @@ websearch_to_tsquery('english', ?)`, [filter.text]);
  if (filter?.topics?.length) {
    qb.whereExists(
      db('claim_topic as fct').select(db.raw('1')).whereRaw(`fct.claim_id = cl.id and fct.topic_id in (${topicAndDescendantIds})`, [filter.topics]),
    );
  }
  return qb;
}

/** Claims with at least one visible statement on each side. */
function onlyDisputed(qb: Knex.QueryBuilder): Knex.QueryBuilder {
  const side = (sign: number) =>
    `exists (select 1 from position dp join statement ds on ds.id = dp.statement_id where dp.claim_id = cl.id ` +
    `and ${stanceSide('dp.stance')} = ${sign} and ds.attribution_status <> all(?))`;
  return qb.whereRaw(`${side(1)} and ${side(-1)}`, [[...HIDDEN_BY_DEFAULT], [...HIDDEN_BY_DEFAULT]]);
}

async function pageOfClaims(ctx: Context, filter: ClaimFilter | null, args: PageArgs, disputed: boolean): Promise<Connection<ClaimRow>> {
  const page = parsePage(args);
  const scoped = (qb: Knex.QueryBuilder) => {
    applyClaimFilter(ctx.db, qb, filter);
    return disputed ? onlyDisputed(qb) : qb;
  };
  const rows = await applyKeyset(scoped(selectClaims(ctx.db)), page, CLAIM_KEYS, true);
  return toConnection<ClaimRow>(rows, page, CLAIM_KEYS, async () => {
    const [{ count }] = await scoped(ctx.db('claim as cl')).count({ count: '*' });
    return Number(count);
  });
}

const visible = (p: PositionRow) => !HIDDEN_BY_DEFAULT.includes(p.attributionStatus);

async function speakersOnSide(ctx: Context, claimId: string, stances: readonly Stance[]): Promise<SpeakerRow[]> {
  const positions = (await ctx.loaders.positionsByClaim.load(claimId)).filter((p) => visible(p) && stances.includes(p.stance));
  const speakers = await ctx.loaders.speaker.loadMany([...new Set(positions.map((p) => p.speakerId))]);
  return speakers.filter((s): s is SpeakerRow => !!s && !(s instanceof Error));
}

@Resolver(() => ClaimType)
export class ClaimResolver {
  @Query(() => ClaimType, { description: 'One claim by ID.' })
  claim(@Arg('id', () => ID, { description: 'The claim’s ID.' }) id: string, @Ctx() ctx: Context): Promise<ClaimRow> {
    return loadByGlobalId(ctx.loaders.claim, id, 'id', ['Claim']);
  }

  @Query(() => ClaimConnection, { description: 'Claims, most recently added first.' })
  claims(
    @Arg('filter', () => ClaimFilter, { nullable: true, description: 'Which claims.' }) filter: ClaimFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<ClaimRow>> {
    return pageOfClaims(ctx, filter, args, false);
  }

  @Query(() => ClaimConnection, {
    description: 'Disputed claims: those with speakers on both sides (someone for it, someone against). See `supporters` and `opponents`.',
  })
  disputes(
    @Arg('filter', () => ClaimFilter, { nullable: true, description: 'Which claims.' }) filter: ClaimFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<ClaimRow>> {
    return pageOfClaims(ctx, filter, args, true);
  }

  @FieldResolver(() => [PositionType], { description: 'Every statement that takes a side on this claim, oldest first.' })
  async positions(@Root() claim: ClaimRow, @Ctx() ctx: Context): Promise<PositionRow[]> {
    return (await ctx.loaders.positionsByClaim.load(claim.id)).filter(visible);
  }

  @FieldResolver(() => [SpeakerType], { description: 'Speakers who asserted, demanded, proposed or accepted it.' })
  supporters(@Root() claim: ClaimRow, @Ctx() ctx: Context): Promise<SpeakerRow[]> {
    return speakersOnSide(ctx, claim.id, STANCES_FOR);
  }

  @FieldResolver(() => [SpeakerType], { description: 'Speakers who denied or rejected it.' })
  opponents(@Root() claim: ClaimRow, @Ctx() ctx: Context): Promise<SpeakerRow[]> {
    return speakersOnSide(ctx, claim.id, STANCES_AGAINST);
  }

  @FieldResolver(() => [ClaimReviewType], { description: 'Fact-checkers’ verdicts on it, newest first.' })
  reviews(@Root() claim: ClaimRow, @Ctx() ctx: Context): Promise<ClaimReviewRow[]> {
    return ctx.loaders.reviewsByClaim.load(claim.id);
  }

  @FieldResolver(() => [TopicType], { description: 'What it is about.' })
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

  @FieldResolver(() => SpeakerType, { description: 'Who took the position (the statement’s speaker).' })
  async speaker(@Root() p: PositionRow, @Ctx() ctx: Context): Promise<SpeakerRow> {
    return (await ctx.loaders.speaker.load(p.speakerId))!;
  }
}
