import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { ConnectionType } from '../../shared/pagination';

export interface TopicRow {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  parentId: string | null;
  version: number;
}

@ObjectType('Topic', { implements: Node, description: 'A subject, e.g. "ceasefire" or "prisoner exchange". Topics can nest.' })
export class TopicType extends Node {
  @Field(() => String, { description: 'Short stable name used in filters, e.g. "prisoner-exchange".' })
  slug!: string;

  @Field(() => String, { description: 'Display name, e.g. "Prisoner exchange".' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the topic covers.' })
  description!: string | null;

  @Field(() => Int, { description: 'Revision number of the record; send it back with an update.' })
  version!: number;
}

export const TopicConnection = ConnectionType('Topic', () => TopicType, 'A page of topics, sorted by name.');
