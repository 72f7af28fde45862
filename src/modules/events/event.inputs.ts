import { Field, ID, InputType, Int } from 'type-graphql';
import { EventKind } from '../../shared/enums';
import { CalendarDate, CleanText, MAX_NAME, MAX_TITLE, NoNull } from '../../shared/validation';

@InputType({ description: 'A new event.' })
export class CreateEventInput {
  @Field(() => String, { description: 'Name, e.g. "Second round of Istanbul talks".' })
  @CleanText(MAX_TITLE)
  name!: string;

  @Field(() => EventKind, { nullable: true, description: 'Default OTHER.' })
  kind?: EventKind | null;

  @Field(() => String, { nullable: true, description: 'Where, e.g. "Istanbul, Turkey".' })
  @CleanText(MAX_NAME)
  location?: string | null;

  @Field(() => String, { nullable: true, description: 'First day, YYYY-MM-DD.' })
  @CalendarDate()
  startDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Last day, YYYY-MM-DD; default the first day.' })
  @CalendarDate()
  endDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'The series or larger event it is part of.' })
  parentId?: string | null;
}

@InputType({ description: 'Changes to an event. Fields left out stay as they are; null clears a field.' })
export class UpdateEventInput {
  @Field(() => ID, { description: 'The event to change.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you read.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @CleanText(MAX_TITLE)
  @NoNull()
  name?: string;

  @Field(() => EventKind, { nullable: true, description: 'New kind.' })
  @NoNull()
  kind?: EventKind;

  @Field(() => String, { nullable: true, description: 'New location.' })
  @CleanText(MAX_NAME)
  location?: string | null;

  @Field(() => String, { nullable: true, description: 'New first day.' })
  @CalendarDate()
  startDate?: string | null;

  @Field(() => String, { nullable: true, description: 'New last day.' })
  @CalendarDate()
  endDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'New parent event.' })
  parentId?: string | null;
}
