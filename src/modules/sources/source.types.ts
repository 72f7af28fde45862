import { Field, Int, ID, InputType, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { SourceKind } from '../../shared/enums';
import { Node } from '../../shared/node';
import { FilterText } from '../../shared/validation';
import { ConnectionType } from '../../shared/pagination';

export interface SourceRow {
  id: string;
  url: string | null;
  title: string;
  publisherId: string | null;
  publishedOn: string | null;
  kind: SourceKind;
  language: string | null;
  archivedUrl: string | null;
  createdAt: string;
  version: number;
}

@ObjectType('Source', { implements: Node, description: 'Where statements were published or reported: an article, a post, a transcript...' })
export class SourceType extends Node {
  @Field(() => String, { nullable: true, description: 'Web address, normalised (no tracking parameters). Empty for print or broadcast.' })
  url!: string | null;

  @Field(() => String, { description: 'Headline or title.' })
  title!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Publication date.' })
  publishedOn!: string | null;

  @Field(() => SourceKind, { description: 'Article, social post, transcript...' })
  kind!: SourceKind;

  @Field(() => String, { nullable: true, description: 'Language code, e.g. "en".' })
  language!: string | null;

  @Field(() => String, { nullable: true, description: 'A copy in a web archive, in case the original changes or disappears.' })
  archivedUrl!: string | null;

  @Field(() => GraphQLDateTime, { description: 'When this record was added.' })
  createdAt!: string;

  @Field(() => Int, { description: 'Revision number of the record; send it back with an update.' })
  version!: number;
}

@InputType({ description: 'Which sources to list.' })
export class SourceFilter {
  @Field(() => [ID], { nullable: true, description: 'Published by any of these organisations.' })
  publisherIds?: string[] | null;

  @Field(() => SourceKind, { nullable: true, description: 'Only this kind of source.' })
  kind?: SourceKind | null;

  @Field(() => String, { nullable: true, description: 'Part of the title; case does not matter.' })
  @FilterText()
  title?: string | null;
}

export const SourceConnection = ConnectionType('Source', () => SourceType, 'A page of sources, most recently published first.');
