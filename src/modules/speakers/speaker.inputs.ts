import { Field, ID, InputType, Int } from 'type-graphql';
import { IsOptional, ValidateNested } from 'class-validator';
import {
  CalendarDate,
  CleanName,
  CleanNameList,
  CleanText,
  CountryCode,
  MAX_NAME,
  MAX_NOTE,
  NoNull,
  NotBefore,
  WikidataId,
  dayBounds,
} from '../../shared/validation';

@InputType({ description: 'A role held in an organisation.' })
export class AffiliationInput {
  @Field(() => ID, { description: 'The organisation.' })
  organizationId!: string;

  @Field(() => String, { description: 'The role, e.g. "Defence Minister".' })
  @CleanName(MAX_NAME)
  title!: string;

  @Field(() => String, { nullable: true, description: 'When the role began, YYYY-MM-DD.' })
  @CalendarDate()
  startDate?: string | null;

  @Field(() => String, { nullable: true, description: 'When it ended, YYYY-MM-DD, not before it began; empty while it lasts.' })
  @CalendarDate()
  @NotBefore('startDate', dayBounds)
  endDate?: string | null;
}

@InputType({ description: 'A new organisation: a speaker, a publisher or a fact-checker.' })
export class CreateOrganizationInput {
  @Field(() => String, { description: 'The name most commonly used in English.' })
  @CleanName(MAX_NAME)
  name!: string;

  @Field(() => [String], { nullable: true, description: 'Other names and spellings.' })
  @CleanNameList(MAX_NAME, 50)
  aliases?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Who they are, in one sentence.' })
  @CleanText(MAX_NOTE, { multiline: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Wikidata item, e.g. "Q9531"; unique.' })
  @WikidataId()
  wikidataId?: string | null;

  @Field(() => String, { nullable: true, description: 'Two-letter country code, e.g. "GB".' })
  @CountryCode()
  country?: string | null;
}

@InputType({ description: 'A new person, with their roles.' })
export class CreatePersonInput extends CreateOrganizationInput {
  @Field(() => [AffiliationInput], { nullable: true, description: 'Roles they hold or held.' })
  @IsOptional()
  @ValidateNested({ each: true })
  affiliations?: AffiliationInput[] | null;
}

@InputType({ description: 'Changes to a person or organisation. Fields left out stay as they are; null clears a field.' })
export class UpdateSpeakerInput {
  @Field(() => ID, { description: 'The speaker to change.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you read; if someone changed the record since, you get CONFLICT.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @CleanName(MAX_NAME)
  @NoNull()
  name?: string;

  @Field(() => [String], { nullable: true, description: 'The full new list of aliases.' })
  @CleanNameList(MAX_NAME, 50)
  @NoNull()
  aliases?: string[];

  @Field(() => String, { nullable: true, description: 'New description.' })
  @CleanText(MAX_NOTE, { multiline: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'New Wikidata item.' })
  @WikidataId()
  wikidataId?: string | null;

  @Field(() => String, { nullable: true, description: 'New country code.' })
  @CountryCode()
  country?: string | null;
}

@InputType({ description: 'A new role for a person.' })
export class CreateAffiliationInput extends AffiliationInput {
  @Field(() => ID, { description: 'The person.' })
  personId!: string;
}

@InputType({ description: 'Changes to a role. Fields left out stay as they are.' })
export class UpdateAffiliationInput {
  @Field(() => ID, { description: 'The affiliation to change.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you read.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New title.' })
  @CleanName(MAX_NAME)
  @NoNull()
  title?: string;

  @Field(() => String, { nullable: true, description: 'New start date, YYYY-MM-DD.' })
  @CalendarDate()
  startDate?: string | null;

  @Field(() => String, { nullable: true, description: 'New end date, YYYY-MM-DD, not before the start date.' })
  @CalendarDate()
  @NotBefore('startDate', dayBounds)
  endDate?: string | null;
}

@InputType({ description: 'Two records of the same speaker to combine.' })
export class MergeSpeakersInput {
  @Field(() => ID, { description: 'The record to keep.' })
  keepId!: string;

  @Field(() => ID, {
    description: 'The duplicate: its aliases, roles, statements and mentions move to the kept record, and its ID then resolves to it.',
  })
  mergeId!: string;
}
