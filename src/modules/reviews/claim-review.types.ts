import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Rating } from '../../shared/enums';
import { Node } from '../../shared/node';
import { ConnectionType } from '../../shared/pagination';

export interface ClaimReviewRow {
  id: string;
  claimId: string;
  reviewerId: string;
  ratingLabel: string;
  rating: Rating;
  url: string | null;
  reviewedOn: string | null;
  summary: string | null;
  version: number;
}

@ObjectType('ClaimReview', {
  implements: Node,
  description: "A fact-checker's published verdict on a claim (as in schema.org ClaimReview).",
})
export class ClaimReviewType extends Node {
  @Field(() => String, { description: 'The verdict exactly as the fact-checker printed it, e.g. "Pants on Fire".' })
  ratingLabel!: string;

  @Field(() => Rating, { description: 'The verdict on one common scale, for comparing fact-checkers.' })
  rating!: Rating;

  @Field(() => String, { nullable: true, description: 'Link to the published fact-check.' })
  url!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When the fact-check was published.' })
  reviewedOn!: string | null;

  @Field(() => String, { nullable: true, description: "The fact-checker's reasoning in brief." })
  summary!: string | null;

  @Field(() => Int, { description: 'Revision number of the record; send it back with an update.' })
  version!: number;
}

export const ClaimReviewConnection = ConnectionType(
  'ClaimReview',
  () => ClaimReviewType,
  "A page of fact-checkers' verdicts, newest first.",
);
