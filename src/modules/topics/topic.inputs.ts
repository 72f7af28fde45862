import { Field, ID, InputType, Int } from 'type-graphql';
import { CleanName, CleanText, MAX_NAME, MAX_NOTE, NoNull, Slug } from '../../shared/validation';

@InputType({ description: 'A new topic.' })
export class CreateTopicInput {
  @Field(() => String, { description: 'Short stable name for filters, e.g. "prisoner-exchange"; unique.' })
  @Slug()
  slug!: string;

  @Field(() => String, { description: 'Display name.' })
  @CleanName(MAX_NAME)
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the topic covers.' })
  @CleanText(MAX_NOTE, { multiline: true })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'The broader topic.' })
  parentId?: string | null;
}

@InputType({ description: 'Changes to a topic. Fields left out stay as they are; null clears a field.' })
export class UpdateTopicInput {
  @Field(() => ID, { description: 'The topic to change.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you read.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New slug.' })
  @Slug()
  @NoNull()
  slug?: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @CleanName(MAX_NAME)
  @NoNull()
  name?: string;

  @Field(() => String, { nullable: true, description: 'New description.' })
  @CleanText(MAX_NOTE, { multiline: true })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'New broader topic.' })
  parentId?: string | null;
}
