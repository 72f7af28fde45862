import { Field, ID, InputType, Int } from 'type-graphql';
import { Rating } from '../../shared/enums';
import { CalendarDate, CleanName, CleanText, HttpUrl, MAX_NAME, MAX_TEXT, NoNull } from '../../shared/validation';

@InputType({ description: "A fact-checker's verdict on a claim (schema.org ClaimReview)." })
export class ReviewClaimInput {
  @Field(() => ID, { description: 'The claim checked.' })
  claimId!: string;

  @Field(() => ID, { description: 'The fact-checking organisation.' })
  reviewerId!: string;

  @Field(() => String, { description: 'The verdict as printed, e.g. "Pants on Fire".' })
  @CleanName(MAX_NAME)
  ratingLabel!: string;

  @Field(() => Rating, { description: 'The verdict on the common scale.' })
  rating!: Rating;

  @Field(() => String, { nullable: true, description: 'Link to the fact-check.' })
  @HttpUrl()
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'Publication date, YYYY-MM-DD.' })
  @CalendarDate()
  reviewedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'The reasoning in brief.' })
  @CleanText(MAX_TEXT, { multiline: true })
  summary?: string | null;
}

@InputType({ description: 'Changes to a review. Fields left out stay as they are; null clears a field.' })
export class UpdateClaimReviewInput {
  @Field(() => ID, { description: 'The review to change.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you read.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New printed verdict.' })
  @CleanName(MAX_NAME)
  @NoNull()
  ratingLabel?: string;

  @Field(() => Rating, { nullable: true, description: 'New normalised verdict.' })
  @NoNull()
  rating?: Rating;

  @Field(() => String, { nullable: true, description: 'New link.' })
  @HttpUrl()
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'New date.' })
  @CalendarDate()
  reviewedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'New summary.' })
  @CleanText(MAX_TEXT, { multiline: true })
  summary?: string | null;
}
