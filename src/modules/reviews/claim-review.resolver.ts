import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ClaimType, type ClaimRow } from '../claims/claim.types';
import { OrganizationType, type SpeakerRow } from '../speakers/speaker.types';
import { ClaimReviewType, type ClaimReviewRow } from './claim-review.types';

@Resolver(() => ClaimReviewType)
export class ClaimReviewResolver {
  @FieldResolver(() => ClaimType, { description: 'The claim that was checked.' })
  async claim(@Root() r: ClaimReviewRow, @Ctx() ctx: Context): Promise<ClaimRow> {
    return (await ctx.loaders.claim.load(r.claimId))!;
  }

  @FieldResolver(() => OrganizationType, { description: 'The fact-checker, e.g. PolitiFact.' })
  async reviewer(@Root() r: ClaimReviewRow, @Ctx() ctx: Context): Promise<SpeakerRow> {
    return (await ctx.loaders.speaker.load(r.reviewerId))!;
  }
}
