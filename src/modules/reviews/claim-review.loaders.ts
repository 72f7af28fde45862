import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey } from '../../shared/loader-utils';
import type { ChildList } from '../../shared/page-per-parent';
import type { ClaimReviewRow } from './claim-review.types';

export const selectReviews = (db: Knex): Knex.QueryBuilder =>
  db('claim_review as cr').select({
    id: 'cr.id',
    claimId: 'cr.claim_id',
    reviewerId: 'cr.reviewer_id',
    ratingLabel: 'cr.rating_label',
    rating: 'cr.rating',
    url: 'cr.url',
    reviewedOn: 'cr.reviewed_on',
    summary: 'cr.summary',
    version: 'cr.version',
  });

export function createReviewLoaders(db: Knex) {
  return {
    claimReview: new DataLoader<string, ClaimReviewRow | undefined>(async (ids) =>
      byKey<ClaimReviewRow>(await selectReviews(db).whereRaw('cr.id = any(?)', [ids as string[]]), ids),
    ),
  };
}

/** `Claim.reviews`: newest first, undated ones last. */
export const reviewsOfClaimList: ChildList = {
  keys: [
    { column: `coalesce(cr.reviewed_on, date '0001-01-01')`, property: 'sortDate', type: 'date' },
    { column: 'cr.id', property: 'id', type: 'uuid' },
  ],
  descending: true,
  rows: (db) =>
    selectReviews(db).select(db.raw(`coalesce(cr.reviewed_on, date '0001-01-01')::text as "sortDate"`)).whereRaw('cr.claim_id = parent.id'),
  count: (db) => db('claim_review as cr').whereRaw('cr.claim_id = parent.id'),
};
