import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { EventKind } from '../../shared/enums';
import { Node } from '../../shared/node';
import { FilterText } from '../../shared/validation';
import { ConnectionType } from '../../shared/pagination';

export interface EventRow {
  id: string;
  name: string;
  kind: EventKind;
  location: string | null;
  startDate: string | null;
  endDate: string | null;
  parentId: string | null;
  description: string | null;
  outcome: string | null;
  version: number;
}

@ObjectType('Event', {
  implements: Node,
  description: 'An occasion where statements were made: talks, a summit, a briefing. Rounds of talks belong to their series.',
})
export class EventType extends Node {
  @Field(() => String, { description: 'Name, e.g. "Second round of Istanbul talks".' })
  name!: string;

  @Field(() => EventKind, { description: 'What kind of occasion it was.' })
  kind!: EventKind;

  @Field(() => String, { nullable: true, description: 'Where it took place, e.g. "Istanbul, Turkey".' })
  location!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day.' })
  startDate!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Last day; same as the first for one-day events.' })
  endDate!: string | null;

  @Field(() => String, { nullable: true, description: 'What the event was, in a sentence or two.' })
  description!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What came of it, as the sources report it. The statements at the event say who reported what.',
  })
  outcome!: string | null;

  @Field(() => Int, { description: 'Revision number of the record; send it back with an update.' })
  version!: number;
}

@InputType({ description: 'Which events to list.' })
export class EventFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name; case does not matter.' })
  @FilterText()
  name?: string | null;

  @Field(() => EventKind, { nullable: true, description: 'Only this kind of event.' })
  kind?: EventKind | null;

  @Field(() => ID, { nullable: true, description: 'Only the parts of this event (the rounds of a series of talks).' })
  parentId?: string | null;
}

export const EventConnection = ConnectionType('Event', () => EventType, 'A page of events, in the order the list describes.');
