import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey, groupByKey } from '../../shared/loader-utils';
import type { ClaimReviewRow } from './claim-review.types';

const selectReviews = (db: Knex): Knex.QueryBuilder =>
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
    reviewsByClaim: new DataLoader<string, ClaimReviewRow[]>(async (ids) =>
      groupByKey<ClaimReviewRow>(
        await selectReviews(db)
          .whereRaw('cr.claim_id = any(?)', [ids as string[]])
          .orderByRaw('cr.reviewed_on desc nulls last, cr.id'),
        ids,
        'claimId',
      ),
    ),
  };
}
