import { Field, Int, ID, InputType, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { registerEnumType } from 'type-graphql';
import { SourceKind } from '../../shared/enums';
import { ArchivedFrom } from './source-text.entity';

registerEnumType(ArchivedFrom, {
  name: 'ArchivedFrom',
  description: 'What an archived text was made from.',
  valuesConfig: {
    TEXT: { description: 'Plain text, stored as given.' },
    HTML: { description: 'An HTML page, reduced to its readable text (the article without menus, links or comments).' },
  },
});
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
  republishesId: string | null;
  contentHash: string | null;
  archivedAt: string | null;
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

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 (hex) of the archived text: the same text always has the same hash, so a changed hash means a changed text.',
  })
  contentHash!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the current archived text was stored.' })
  archivedAt!: string | null;

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

@ObjectType('TextVersion', { description: 'One version of the text archived for a source.' })
export class TextVersionType {
  /** The source it belongs to (for reading the text itself). */
  sourceId!: string;

  @Field(() => String, { description: 'SHA-256 (hex) of the text.' })
  contentHash!: string;

  @Field(() => GraphQLDateTime, { description: 'When this version was first stored.' })
  archivedAt!: string;

  @Field(() => Int, { description: 'Its length in characters.' })
  length!: number;

  @Field(() => ArchivedFrom, { description: 'Whether it was given as plain text or extracted from an HTML page.' })
  archivedFrom!: ArchivedFrom;

  @Field(() => Boolean, { description: 'True for the version the source has now.' })
  current!: boolean;
}

@ObjectType('CitationCounts', { description: "How a source's citations stand against its archived text." })
export class CitationCountsType {
  @Field(() => Int, { description: 'Found where they were.' })
  verified!: number;

  @Field(() => Int, { description: 'Found elsewhere after the text was replaced.' })
  moved!: number;

  @Field(() => Int, { description: 'No longer found: edited or removed from the text.' })
  missing!: number;

  @Field(() => Int, { description: 'Not checked (no archived text, or no excerpt).' })
  unverified!: number;

  @Field(() => Int, { description: 'All citations of the source.' })
  total!: number;
}

export const TextVersionConnection = ConnectionType(
  'TextVersion',
  () => TextVersionType,
  'Versions of a source’s archived text, newest first.',
);

export const SourceConnection = ConnectionType('Source', () => SourceType, 'A page of sources, most recently published first.');
