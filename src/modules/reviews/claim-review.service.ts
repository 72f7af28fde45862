import { RevisionAction, type Rating } from '../../shared/enums';
import { normalizeUrl } from '../../shared/url';
import { changeWithRevision, recordRevision, removeWithRevision, type Writer } from '../audit/audit.service';
import { assignDefined } from '../../shared/write';
import type { Claim } from '../claims/claim.entity';
import type { Organization } from '../speakers/speaker.entity';
import { ClaimReview } from './claim-review.entity';

export interface ReviewInput {
  ratingLabel: string;
  rating: Rating;
  url?: string | null;
  reviewedOn?: string | null;
  summary?: string | null;
}

/** Records a fact-checker's verdict on a claim. */
export function reviewClaim(writer: Writer, claim: Claim, reviewer: Organization, input: ReviewInput): ClaimReview {
  const review = writer.em.create(ClaimReview, {
    claim,
    reviewer,
    ratingLabel: input.ratingLabel.trim(),
    rating: input.rating,
    url: input.url ? normalizeUrl(input.url) : null,
    reviewedOn: input.reviewedOn ?? null,
    summary: input.summary ?? null,
  });
  recordRevision(writer, 'ClaimReview', review, RevisionAction.CREATE, null);
  return review;
}

/** Corrects a review; the caller has checked the version. */
export async function updateClaimReview(writer: Writer, review: ClaimReview, changes: Partial<ReviewInput>): Promise<ClaimReview> {
  return changeWithRevision(writer, 'ClaimReview', review, () =>
    assignDefined(review, {
      ratingLabel: changes.ratingLabel?.trim(),
      rating: changes.rating,
      url: changes.url === undefined ? undefined : changes.url && normalizeUrl(changes.url),
      reviewedOn: changes.reviewedOn,
      summary: changes.summary,
    }),
  );
}

export async function deleteClaimReview(writer: Writer, review: ClaimReview): Promise<void> {
  await removeWithRevision(writer, 'ClaimReview', review);
}
