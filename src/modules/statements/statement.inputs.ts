import { ArrayMaxSize, IsOptional, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { AttributionStatus, Stance, StatementKind } from '../../shared/enums';
import { FuzzyDateInput } from '../../shared/fuzzy-date';
import {
  CleanName,
  CleanText,
  DistinctEntries,
  DistinctIds,
  LanguageCode,
  MAX_NAME,
  MAX_NOTE,
  MAX_TEXT,
  NoNull,
  NotRepeated,
  SlugList,
  WhenGiven,
} from '../../shared/validation';

@InputType({ description: 'Where a statement appeared.' })
export class CitationInput {
  @Field(() => ID, { description: 'The source; each source is cited once per statement.' })
  @NotRepeated('source')
  sourceId!: string;

  @Field(() => String, { nullable: true, description: 'The passage as printed there.' })
  @CleanText(MAX_TEXT, { multiline: true })
  excerpt?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True for the first appearance; at most one citation is primary.' })
  isPrimary?: boolean | null;
}

@InputType({ description: 'A stance the statement takes on a claim.' })
export class PositionInput {
  @Field(() => ID, { description: 'The claim; a statement takes one stance per claim.' })
  @NotRepeated('claim')
  claimId!: string;

  @Field(() => Stance, { description: 'What the statement does with the claim.' })
  stance!: Stance;
}

@InputType({ description: 'A new statement: who said what, when, and where it was reported.' })
export class CreateStatementInput {
  @Field(() => String, { description: `What was said (at most ${MAX_TEXT} characters): the exact words for a QUOTE.` })
  @CleanText(MAX_TEXT, { multiline: true })
  text!: string;

  @Field(() => StatementKind, { description: 'QUOTE (verbatim) or PARAPHRASE (reported).' })
  kind!: StatementKind;

  @Field(() => String, { nullable: true, description: 'Language code of the text, e.g. "en".' })
  @LanguageCode()
  language?: string | null;

  @Field(() => ID, { description: 'Who said it (a Person or Organization).' })
  speakerId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Whom they spoke for, e.g. the president a spokesperson speaks for; never the speaker themselves.',
  })
  onBehalfOfId?: string | null;

  @Field(() => FuzzyDateInput, { description: 'When, as precisely as known: { date: "2025-05", precision: MONTH }.' })
  @ValidateNested()
  saidOn!: FuzzyDateInput;

  @Field(() => ID, { nullable: true, description: 'The event where it was said.' })
  eventId?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it was said when there is no event record, e.g. "a tweet".' })
  @CleanName(MAX_NAME)
  setting?: string | null;

  @Field(() => [CitationInput], { nullable: true, description: 'The sources that printed it, each cited once.' })
  @DistinctEntries('sourceId')
  @ValidateNested({ each: true })
  @ArrayMaxSize(50)
  @IsOptional()
  citations?: CitationInput[] | null;

  @Field(() => [String], { nullable: true, description: 'Topic slugs, each named once.' })
  @SlugList(20, { distinct: true })
  @IsOptional()
  topics?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Speakers it is about, each named once.' })
  @DistinctIds()
  @ArrayMaxSize(50)
  @IsOptional()
  mentionIds?: string[] | null;

  @Field(() => [PositionInput], { nullable: true, description: 'Claims it takes a side on, one stance per claim.' })
  @DistinctEntries('claimId')
  @ValidateNested({ each: true })
  @ArrayMaxSize(50)
  @IsOptional()
  positions?: PositionInput[] | null;
}

@InputType({ description: 'Changes to a statement. Fields left out stay as they are; lists given replace the old list.' })
export class UpdateStatementInput {
  @Field(() => ID, { description: 'The statement to change.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you read; if someone changed it since, you get CONFLICT and must reapply your edit.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New text.' })
  @CleanText(MAX_TEXT, { multiline: true })
  @NoNull()
  text?: string;

  @Field(() => StatementKind, { nullable: true, description: 'New kind.' })
  @NoNull()
  kind?: StatementKind;

  @Field(() => String, { nullable: true, description: 'New language code.' })
  @LanguageCode()
  language?: string | null;

  @Field(() => ID, { nullable: true, description: 'New speaker.' })
  speakerId?: string;

  @Field(() => ID, { nullable: true, description: 'New principal; null for none.' })
  onBehalfOfId?: string | null;

  @Field(() => FuzzyDateInput, { nullable: true, description: 'New date.' })
  @ValidateNested()
  @NoNull()
  @WhenGiven()
  saidOn?: FuzzyDateInput;

  @Field(() => ID, { nullable: true, description: 'New event; null for none.' })
  eventId?: string | null;

  @Field(() => String, { nullable: true, description: 'New setting.' })
  @CleanName(MAX_NAME)
  setting?: string | null;

  @Field(() => [CitationInput], { nullable: true, description: 'The full new list of citations.' })
  @DistinctEntries('sourceId')
  @ValidateNested({ each: true })
  @ArrayMaxSize(50)
  @NoNull()
  @WhenGiven()
  citations?: CitationInput[];

  @Field(() => [String], { nullable: true, description: 'The full new list of topic slugs.' })
  @SlugList(20, { distinct: true })
  @NoNull()
  @WhenGiven()
  topics?: string[];

  @Field(() => [ID], { nullable: true, description: 'The full new list of speakers it is about.' })
  @DistinctIds()
  @ArrayMaxSize(50)
  @NoNull()
  @WhenGiven()
  mentionIds?: string[];
}

@InputType({ description: 'A new attribution status for a statement, with the evidence.' })
export class SetAttributionStatusInput {
  @Field(() => ID, { description: 'The statement.' })
  statementId!: string;

  @Field(() => AttributionStatus, { description: 'MISATTRIBUTED and RETRACTED hide it from lists; it is never deleted.' })
  status!: AttributionStatus;

  @Field(() => String, { description: 'Why: the evidence, in a sentence or two. Required.' })
  @CleanText(MAX_NOTE, { multiline: true })
  reason!: string;
}
