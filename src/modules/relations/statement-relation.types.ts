import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { RelationKind, RelationStatus } from '../../shared/enums';
import { Node } from '../../shared/node';
import { ConnectionType } from '../../shared/pagination';

export interface RelationRow {
  id: string;
  fromId: string;
  toId: string;
  kind: RelationKind;
  note: string | null;
  sourceId: string | null;
  status: RelationStatus;
  createdAt: string;
}

export enum RelationDirection {
  OUTGOING = 'OUTGOING',
  INCOMING = 'INCOMING',
  BOTH = 'BOTH',
}
registerEnumType(RelationDirection, {
  name: 'RelationDirection',
  description: 'Which links of a statement to follow.',
  valuesConfig: {
    OUTGOING: { description: 'Links from this statement to others (this one responds to, contradicts... another).' },
    INCOMING: { description: 'Links from others to this statement (others respond to it, contradict it...).' },
    BOTH: { description: 'Both.' },
  },
});

@ObjectType('StatementRelation', {
  implements: Node,
  description: 'A typed link from one statement to another: a reply, a contradiction, a corroboration...',
})
export class StatementRelationType extends Node {
  @Field(() => RelationKind, { description: 'How `from` relates to `to`.' })
  kind!: RelationKind;

  @Field(() => String, { nullable: true, description: 'Why the link holds, for the reader.' })
  note!: string | null;

  @Field(() => RelationStatus, { description: 'SUGGESTED by the machine or CONFIRMED by an editor.' })
  status!: RelationStatus;

  @Field(() => GraphQLDateTime, { description: 'When the link was added.' })
  createdAt!: string;
}

export const StatementRelationConnection = ConnectionType(
  'StatementRelation',
  () => StatementRelationType,
  'A page of links between statements, oldest link first.',
);
