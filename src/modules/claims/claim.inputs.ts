import { Field, ID, InputType, Int } from 'type-graphql';
import { Stance } from '../../shared/enums';
import { CleanName, MAX_NOTE, NoNull, SlugList } from '../../shared/validation';

@InputType({ description: 'A new claim: a proposition worded neutrally, so statements can take sides on it.' })
export class CreateClaimInput {
  @Field(() => String, { description: 'The proposition, e.g. "A full and unconditional 30-day ceasefire on land, sea and air".' })
  @CleanName(MAX_NOTE)
  text!: string;

  @Field(() => [String], { nullable: true, description: 'Topic slugs, each named once.' })
  @SlugList(20, { distinct: true })
  topics?: string[] | null;
}

@InputType({ description: 'Changes to a claim. Fields left out stay as they are.' })
export class UpdateClaimInput {
  @Field(() => ID, { description: 'The claim to change.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you read.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New wording.' })
  @CleanName(MAX_NOTE)
  @NoNull()
  text?: string;

  @Field(() => [String], { nullable: true, description: 'The full new list of topic slugs.' })
  @SlugList(20, { distinct: true })
  @NoNull()
  topics?: string[];
}

@InputType({ description: 'The stance a statement takes on a claim; replaces any earlier stance of that statement on that claim.' })
export class SetPositionInput {
  @Field(() => ID, { description: 'The statement.' })
  statementId!: string;

  @Field(() => ID, { description: 'The claim.' })
  claimId!: string;

  @Field(() => Stance, { description: 'What the statement does with the claim.' })
  stance!: Stance;
}

@InputType({ description: 'Which stance to remove.' })
export class RemovePositionInput {
  @Field(() => ID, { description: 'The statement.' })
  statementId!: string;

  @Field(() => ID, { description: 'The claim.' })
  claimId!: string;
}
