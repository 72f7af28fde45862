import { Field, ID, InputType, Int } from 'type-graphql';
import { EventKind } from '../../shared/enums';
import { CalendarDate, CleanName, CleanText, MAX_NAME, MAX_NOTE, MAX_TITLE, NoNull, NotBefore, dayBounds } from '../../shared/validation';

@InputType({ description: 'A new event.' })
export class CreateEventInput {
  @Field(() => String, { description: 'Name, e.g. "Second round of Istanbul talks".' })
  @CleanName(MAX_TITLE)
  name!: string;

  @Field(() => EventKind, { nullable: true, description: 'Default OTHER.' })
  kind?: EventKind | null;

  @Field(() => String, { nullable: true, description: 'Where, e.g. "Istanbul, Turkey".' })
  @CleanName(MAX_NAME)
  location?: string | null;

  @Field(() => String, { nullable: true, description: 'First day, YYYY-MM-DD.' })
  @CalendarDate()
  startDate?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Last day, YYYY-MM-DD, not before the first. Left out: the first day (a one-day event); null: not over, or not known.',
  })
  @CalendarDate()
  @NotBefore('startDate', dayBounds)
  endDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'The series or larger event it is part of.' })
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: 'What the event was, in a sentence or two.' })
  @CleanText(MAX_NOTE, { multiline: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'What came of it, as the sources report it.' })
  @CleanText(MAX_NOTE, { multiline: true })
  outcome?: string | null;
}

@InputType({ description: 'Changes to an event. Fields left out stay as they are; null clears a field.' })
export class UpdateEventInput {
  @Field(() => ID, { description: 'The event to change.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you read.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @CleanName(MAX_TITLE)
  @NoNull()
  name?: string;

  @Field(() => EventKind, { nullable: true, description: 'New kind.' })
  @NoNull()
  kind?: EventKind;

  @Field(() => String, { nullable: true, description: 'New location.' })
  @CleanName(MAX_NAME)
  location?: string | null;

  @Field(() => String, { nullable: true, description: 'New first day.' })
  @CalendarDate()
  startDate?: string | null;

  @Field(() => String, { nullable: true, description: 'New last day, not before the first.' })
  @CalendarDate()
  @NotBefore('startDate', dayBounds)
  endDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'New parent event.' })
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: 'New description.' })
  @CleanText(MAX_NOTE, { multiline: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'New outcome.' })
  @CleanText(MAX_NOTE, { multiline: true })
  outcome?: string | null;
}
