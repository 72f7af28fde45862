import { Field, Int, InputType, InterfaceType, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { SpeakerKind } from '../../shared/enums';
import { Node } from '../../shared/node';
import { FilterText } from '../../shared/validation';
import { ConnectionType } from '../../shared/pagination';

/** A speaker row as read for GraphQL (plain columns, no ORM entity). */
export interface SpeakerRow {
  id: string;
  kind: SpeakerKind;
  name: string;
  aliases: string[];
  description: string | null;
  wikidataId: string | null;
  country: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** 1000 minus a thousandth-precise similarity to the name looked for (`speakerList`); null when none is. */
  nameMiss?: number | null;
}

export interface AffiliationRow {
  id: string;
  version: number;
  personId: string;
  organizationId: string;
  title: string;
  startDate: string | null;
  endDate: string | null;
}

/** The GraphQL types a speaker ID may carry. */
export const SPEAKER_TYPES: readonly string[] = ['Person', 'Organization'];

/** The GraphQL type of a speaker row. */
export const speakerTypeOf = (row: SpeakerRow): string => (row.kind === SpeakerKind.PERSON ? 'Person' : 'Organization');

@InterfaceType('Speaker', {
  implements: Node,
  description: 'Someone who makes statements: a person (Zelensky) or an organisation speaking as one (the Kremlin).',
  resolveType: speakerTypeOf,
})
export abstract class SpeakerType extends Node {
  @Field(() => SpeakerKind, { description: 'PERSON or ORGANIZATION.' })
  kind!: SpeakerKind;

  @Field(() => String, { description: 'The name most commonly used in English, e.g. "Volodymyr Zelensky".' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Who they are, in one sentence.' })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'Their Wikidata item, e.g. "Q3874799", to tell namesakes apart.' })
  wikidataId!: string | null;

  @Field(() => String, { nullable: true, description: 'Country as a two-letter ISO code, e.g. "UA".' })
  country!: string | null;

  @Field(() => GraphQLDateTime, { description: 'When this record was added.' })
  createdAt!: string;

  @Field(() => GraphQLDateTime, { description: 'When this record was last changed.' })
  updatedAt!: string;

  @Field(() => Int, { description: 'Revision number of the record; send it back with an update.' })
  version!: number;
}

@ObjectType('Person', { implements: [Node, SpeakerType], description: 'A person who makes statements.' })
export class PersonType extends SpeakerType {}

@ObjectType('Organization', {
  implements: [Node, SpeakerType],
  description:
    'An organisation: it can speak (the Kremlin, a delegation), publish (BBC), employ people (affiliations) and ' +
    'review claims (a fact-checker).',
})
export class OrganizationType extends SpeakerType {}

@ObjectType('Affiliation', { implements: Node, description: 'A role a person holds in an organisation, e.g. Defence Minister of Ukraine.' })
export class AffiliationType extends Node {
  @Field(() => Int, { description: 'Revision number of the record; send it back with an update.' })
  version!: number;

  @Field(() => String, { description: 'The role, e.g. "head of delegation".' })
  title!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When the role began, if known.' })
  startDate!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When the role ended; empty while it lasts.' })
  endDate!: string | null;
}

@InputType({ description: 'Which speakers to list.' })
export class SpeakerFilter {
  @Field(() => String, { nullable: true, description: 'Part of a name or alias; case and accents do not matter.' })
  @FilterText()
  name?: string | null;

  @Field(() => SpeakerKind, { nullable: true, description: 'Only people or only organisations.' })
  kind?: SpeakerKind | null;

  @Field(() => String, { nullable: true, description: 'Two-letter country code, e.g. "RU".' })
  @FilterText()
  country?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact Wikidata item, e.g. "Q7747".' })
  @FilterText()
  wikidataId?: string | null;
}

export const SpeakerConnection = ConnectionType(
  'Speaker',
  () => SpeakerType,
  'A page of people and organisations, in the order the list describes.',
);

export const AffiliationConnection = ConnectionType('Affiliation', () => AffiliationType, "A page of a person's roles, latest first.");

export const AliasConnection = ConnectionType(
  'Alias',
  () => String,
  'A page of other names and spellings of a speaker, in the order they were recorded.',
);
