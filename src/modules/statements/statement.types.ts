import { Field, Int, ID, InputType, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { AttributionStatus, CitationStatus, DatePrecision, SortDirection, Stance, StatementKind } from '../../shared/enums';
import { Node } from '../../shared/node';
import { FuzzyDateText, fuzzyBounds } from '../../shared/fuzzy-date';
import { FilterText, NotBefore, SlugList } from '../../shared/validation';
import { ConnectionType } from '../../shared/pagination';
import { registerEnumType } from 'type-graphql';

/** A statement row as read for GraphQL. */
export interface StatementRow {
  id: string;
  text: string;
  kind: StatementKind;
  language: string | null;
  speakerId: string;
  onBehalfOfId: string | null;
  saidOnStart: string;
  saidOnEnd: string;
  saidOnPrecision: DatePrecision;
  saidOnInferred: boolean;
  eventId: string | null;
  setting: string | null;
  attributionStatus: AttributionStatus;
  attributionNote: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CitationRow {
  id: string;
  statementId: string;
  sourceId: string;
  excerpt: string | null;
  isPrimary: boolean;
  status: CitationStatus;
  anchorExact: string | null;
  anchorPrefix: string | null;
  anchorSuffix: string | null;
  anchorStart: number | null;
  anchorEnd: number | null;
}

/** Hidden from lists unless a filter asks for them: a wrong attribution stays on record but out of the way. */
export const HIDDEN_BY_DEFAULT: readonly AttributionStatus[] = [AttributionStatus.MISATTRIBUTED, AttributionStatus.RETRACTED];
export const isVisibleByDefault = (row: StatementRow): boolean => !HIDDEN_BY_DEFAULT.includes(row.attributionStatus);

/**
 * The SQL condition "visible by default" on a statement alias. The statuses are written into the text (constants,
 * not client input), so a prepared statement's generic plan can estimate the condition.
 */
export const visibleSql = (alias: string): string =>
  `${alias}.attribution_status not in (${HIDDEN_BY_DEFAULT.map((s) => `'${s}'`).join(', ')})`;

@ObjectType('Statement', {
  implements: Node,
  description:
    'One thing someone said: a verbatim quote or a paraphrase, attributed to a speaker, dated, and cited to the ' +
    'sources that reported it. Positions link it to the claims it argues for or against.',
})
export class StatementType extends Node {
  @Field(() => String, { description: 'What was said: the exact words for a QUOTE, the reported content for a PARAPHRASE.' })
  text!: string;

  @Field(() => StatementKind, { description: 'QUOTE (verbatim) or PARAPHRASE (reported speech).' })
  kind!: StatementKind;

  @Field(() => String, { nullable: true, description: 'Language of `text` as an ISO 639-1 code, e.g. "en".' })
  language!: string | null;

  @Field(() => String, { nullable: true, description: 'Where it was said when no event is recorded: "a tweet", "a debate in Miami".' })
  setting!: string | null;

  @Field(() => AttributionStatus, { description: 'How sure we are that the speaker said it.' })
  attributionStatus!: AttributionStatus;

  @Field(() => String, { nullable: true, description: 'Why the attribution status was set, e.g. the evidence of a misattribution.' })
  attributionNote!: string | null;

  @Field(() => GraphQLDateTime, { description: 'When this record was added.' })
  createdAt!: string;

  @Field(() => GraphQLDateTime, { description: 'When this record was last changed.' })
  updatedAt!: string;

  @Field(() => Int, { description: 'Revision number of the record; send it back with an update.' })
  version!: number;
}

@ObjectType('Citation', {
  description:
    'Where a statement appeared, with the words as printed there, and where those words sit in the text archived ' +
    'for the source, so a reader can check the quote against its context.',
})
export class CitationType {
  @Field(() => String, { nullable: true, description: 'The passage as printed in the source.' })
  excerpt!: string | null;

  @Field(() => Boolean, { description: "True when this source is the first appearance (the speaker's own post, the original interview)." })
  isPrimary!: boolean;

  @Field(() => CitationStatus, {
    description: "Whether the excerpt is found in the source's archived text: VERIFIED, MOVED, MISSING or UNVERIFIED.",
  })
  status!: CitationStatus;
}

@ObjectType('TextAnchor', {
  description:
    "Where an excerpt sits in its source's archived text, as a W3C Web Annotation text-quote selector (the exact " +
    'words with a little text on each side, which finds them again when the text around them changes) and a ' +
    'text-position selector (character offsets, counted in Unicode code points from 0).',
})
export class TextAnchorType {
  @Field(() => String, { description: 'The words as they stand in the archived text (its own spacing and quotation marks).' })
  exact!: string;

  @Field(() => String, { description: 'Up to 32 characters just before them.' })
  prefix!: string;

  @Field(() => String, { description: 'Up to 32 characters just after them.' })
  suffix!: string;

  @Field(() => Int, { description: 'Offset of the first character.' })
  start!: number;

  @Field(() => Int, { description: 'Offset just after the last character.' })
  end!: number;
}

@ObjectType('ExcerptInContext', { description: 'An excerpt with the archived text around it, as a reader would see it in the source.' })
export class ExcerptInContextType {
  @Field(() => String, { description: 'The text before the excerpt (up to the requested length).' })
  before!: string;

  @Field(() => String, { description: 'The excerpt as it stands in the archived text.' })
  exact!: string;

  @Field(() => String, { description: 'The text after the excerpt (up to the requested length).' })
  after!: string;
}

@InputType({ description: 'Which citations to list.' })
export class CitationFilter {
  @Field(() => [CitationStatus], { nullable: true, description: 'Only citations with any of these statuses, e.g. [MOVED, MISSING].' })
  status?: CitationStatus[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only citations of these sources.' })
  sourceIds?: string[] | null;
}

export enum StatementOrderField {
  SAID_ON = 'SAID_ON',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(StatementOrderField, {
  name: 'StatementOrderField',
  description: 'What to sort statements by.',
  valuesConfig: {
    SAID_ON: { description: 'When it was said (the start of its fuzzy date), ties broken by ID.' },
    CREATED_AT: { description: 'When it was added to the database.' },
  },
});

@InputType({ description: 'Sort order for statements. Default: most recently said first.' })
export class StatementOrder {
  @Field(() => StatementOrderField, { description: 'What to sort by.' })
  field!: StatementOrderField;

  @Field(() => SortDirection, { defaultValue: SortDirection.DESC, description: 'ASC for oldest first, DESC for newest first.' })
  direction!: SortDirection;
}

@InputType({
  description:
    'Which statements to return. All conditions must hold; a list matches any of its values. Statements marked ' +
    'MISATTRIBUTED or RETRACTED are left out unless `attributionStatus` asks for them.',
})
export class StatementFilter {
  @Field(() => [ID], { nullable: true, description: 'Said by any of these speakers.' })
  speakerIds?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Said by a speaker whose name or alias contains this text ("medinsky"); case and accents do not matter.',
  })
  @FilterText()
  speakerName?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Takes a position on any of these claims.' })
  claimIds?: string[] | null;

  @Field(() => [Stance], { nullable: true, description: 'Takes one of these stances (on the claims in `claimIds`, if given).' })
  stance?: Stance[] | null;

  @Field(() => [String], { nullable: true, description: 'About any of these topics, by slug ("ceasefire"); sub-topics count.' })
  @SlugList(50)
  topics?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Made at any of these events (or their sub-events, like the rounds of a series of talks).',
  })
  eventIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Cited in any of these sources.' })
  sourceIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Cited in a source published by any of these organisations.' })
  publisherIds?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Said on or after this date ("2025", "2025-05" or "2025-05-16", years 0001 to 9999). Imprecise dates count when they may fall in the range.',
  })
  @FuzzyDateText()
  saidFrom?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Said on or before this date; "2025-05" means up to the end of May. Must not end before `saidFrom` begins.',
  })
  @FuzzyDateText()
  @NotBefore('saidFrom', fuzzyBounds)
  saidTo?: string | null;

  @Field(() => StatementKind, { nullable: true, description: 'Only quotes or only paraphrases.' })
  kind?: StatementKind | null;

  @Field(() => String, { nullable: true, description: 'Language code of the text, e.g. "en".' })
  @FilterText()
  language?: string | null;

  @Field(() => [AttributionStatus], {
    nullable: true,
    description: 'Only these attribution statuses. Default: everything but MISATTRIBUTED and RETRACTED.',
  })
  attributionStatus?: AttributionStatus[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Words in the text, web-search style: "quoted phrase", -excluded, OR. English word forms match (exchange, ' +
      "exchanges). Also matches the speaker's and principal's names, the event's name and place, and the topics " +
      '(`Vilnius` finds what was said at the Vilnius summit), as `search` does.',
  })
  @FilterText()
  text?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only statements someone contradicted or took the opposite side of; false: only those without.',
  })
  hasCounterClaims?: boolean | null;
}

export const StatementConnection = ConnectionType(
  'Statement',
  () => StatementType,
  'A page of statements, in the order the list describes, with cursors for the pages before and after.',
);
