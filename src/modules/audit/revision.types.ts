import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { RevisionAction } from '../../shared/enums';
import { Node } from '../../shared/node';
import { DateTimeInRange, FilterText, NotBefore, momentBounds } from '../../shared/validation';
import { ConnectionType } from '../../shared/pagination';

export interface RevisionRow {
  id: string;
  entityType: string;
  entityId: string;
  action: RevisionAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  actor: string;
  requestId: string | null;
  at: string;
}

@ObjectType('Revision', {
  implements: Node,
  description: 'One accepted change: who made it, when, and the record before and after. Every write leaves one.',
})
export class RevisionType extends Node {
  @Field(() => String, { description: 'Type of the changed record, e.g. "Statement".' })
  entityType!: string;

  @Field(() => RevisionAction, { description: 'CREATE, UPDATE, DELETE or MERGE.' })
  action!: RevisionAction;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The record before the change (empty for a creation).' })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The record after the change (empty for a deletion, or where it was merged).',
  })
  after!: Record<string, unknown> | null;

  @Field(() => String, { description: 'Name of the API key that made the change ("system" for the demo data).' })
  actor!: string;

  @Field(() => String, { nullable: true, description: 'ID of the HTTP request (X-Request-Id), to match server logs.' })
  requestId!: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the change was committed.' })
  at!: string;
}

@InputType({ description: 'Which revisions to list.' })
export class RevisionFilter {
  @Field(() => ID, { nullable: true, description: 'Only the history of this record (any ID, even of a deleted record).' })
  entityId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only records of this type, e.g. "Statement".' })
  @FilterText()
  entityType?: string | null;

  @Field(() => String, { nullable: true, description: 'Only changes made with this API key name.' })
  @FilterText()
  actor?: string | null;

  @Field(() => RevisionAction, { nullable: true, description: 'Only this kind of change.' })
  action?: RevisionAction | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Only changes at or after this time (years 0001 to 9999).' })
  @DateTimeInRange()
  from?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Only changes before this time; not before `from`.' })
  @DateTimeInRange()
  @NotBefore('from', momentBounds)
  to?: Date | null;
}

export const RevisionConnection = ConnectionType('Revision', () => RevisionType, 'A page of revisions, newest first.');
