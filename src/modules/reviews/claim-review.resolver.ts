import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ClaimType, type ClaimRow } from '../claims/claim.types';
import { OrganizationType, type SpeakerRow } from '../speakers/speaker.types';
import { DeleteInput, DeletePayload, Payload } from '../../shared/payload';
import { checkVersion, findByGlobalId, runWrite } from '../../shared/write';
import { Role } from '../auth/role';
import { Claim } from '../claims/claim.entity';
import { Organization } from '../speakers/speaker.entity';
import { ClaimReview } from './claim-review.entity';
import { ReviewClaimInput, UpdateClaimReviewInput } from './claim-review.inputs';
import { deleteClaimReview, reviewClaim, updateClaimReview } from './claim-review.service';
import { ClaimReviewType, type ClaimReviewRow } from './claim-review.types';

const ClaimReviewPayload = Payload('ClaimReviewPayload', 'claimReview', () => ClaimReviewType, 'The review as written.');

@Resolver(() => ClaimReviewType)
export class ClaimReviewResolver {
  @Authorized(Role.EDITOR)
  @Mutation(() => ClaimReviewPayload, { description: "Records a fact-checker's verdict on a claim. Needs an EDITOR key." })
  async reviewClaim(@Arg('input', () => ReviewClaimInput, { description: 'The verdict.' }) input: ReviewClaimInput, @Ctx() ctx: Context) {
    const review = await runWrite(ctx, async (w) => {
      const claim = await findByGlobalId(w.em, Claim, input.claimId, 'claimId', ['Claim']);
      const reviewer = await findByGlobalId(w.em, Organization, input.reviewerId, 'reviewerId', ['Organization']);
      return reviewClaim(w, claim, reviewer, input);
    });
    return { claimReview: await ctx.loaders.claimReview.load(review.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ClaimReviewPayload, { description: 'Corrects a review. Needs an EDITOR key and the version you read.' })
  async updateClaimReview(
    @Arg('input', () => UpdateClaimReviewInput, { description: 'The changes.' }) input: UpdateClaimReviewInput,
    @Ctx() ctx: Context,
  ) {
    const review = await runWrite(ctx, async (w) => {
      const found = await findByGlobalId(w.em, ClaimReview, input.id, 'id', ['ClaimReview']);
      checkVersion(found, input.version, 'review');
      return updateClaimReview(w, found, input);
    });
    return { claimReview: await ctx.loaders.claimReview.load(review.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, { description: 'Deletes a review. Needs an EDITOR key.' })
  async deleteClaimReview(@Arg('input', () => DeleteInput, { description: 'The review.' }) input: DeleteInput, @Ctx() ctx: Context) {
    await runWrite(ctx, async (w) => deleteClaimReview(w, await findByGlobalId(w.em, ClaimReview, input.id, 'id', ['ClaimReview'])));
    return { deletedId: input.id };
  }

  @FieldResolver(() => ClaimType, { description: 'The claim that was checked.' })
  async claim(@Root() r: ClaimReviewRow, @Ctx() ctx: Context): Promise<ClaimRow> {
    return (await ctx.loaders.claim.load(r.claimId))!;
  }

  @FieldResolver(() => OrganizationType, { description: 'The fact-checker, e.g. PolitiFact.' })
  async reviewer(@Root() r: ClaimReviewRow, @Ctx() ctx: Context): Promise<SpeakerRow> {
    return (await ctx.loaders.speaker.load(r.reviewerId))!;
  }
}
