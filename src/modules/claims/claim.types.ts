import { Field, Int, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { AttributionStatus, Stance } from '../../shared/enums';
import { Node } from '../../shared/node';
import { FilterText, SlugList } from '../../shared/validation';
import { ConnectionType } from '../../shared/pagination';

export interface ClaimRow {
  id: string;
  text: string;
  createdAt: string;
  version: number;
}

export interface PositionRow {
  id: string;
  statementId: string;
  claimId: string;
  stance: Stance;
  /** Denormalised from the statement so supporters and opponents need no further query. */
  speakerId: string;
  /** Whom the statement speaks for, when not its speaker. */
  onBehalfOfId: string | null;
  attributionStatus: AttributionStatus;
  /** When the statement was said (start of its fuzzy date): the first sort key of position lists. */
  saidOnStart: string;
}

export enum Side {
  FOR = 'FOR',
  AGAINST = 'AGAINST',
  NEITHER = 'NEITHER',
}
registerEnumType(Side, {
  name: 'Side',
  description: 'Which side of a claim a stance is on.',
  valuesConfig: {
    FOR: { description: 'ASSERTS, DEMANDS, PROPOSES or ACCEPTS.' },
    AGAINST: { description: 'DENIES or REJECTS.' },
    NEITHER: { description: 'QUESTIONS.' },
  },
});

@ObjectType('Claim', {
  implements: Node,
  description:
    'A proposition people take sides on, worded neutrally, e.g. "A full and unconditional 30-day ceasefire on land, ' +
    'sea and air". Statements link to it through positions; two statements on opposite sides are counter-claims.',
})
export class ClaimType extends Node {
  @Field(() => String, { description: 'The proposition, worded neutrally.' })
  text!: string;

  @Field(() => GraphQLDateTime, { description: 'When this record was added.' })
  createdAt!: string;

  @Field(() => Int, { description: 'Revision number of the record; send it back with an update.' })
  version!: number;
}

@ObjectType('Position', { description: 'The stance one statement takes on one claim, e.g. Umerov DEMANDS the 30-day ceasefire.' })
export class PositionType {
  @Field(() => Stance, { description: 'What the statement does with the claim: asserts, denies, demands, rejects...' })
  stance!: Stance;
}

@InputType({ description: 'Which claims to list.' })
export class ClaimFilter {
  @Field(() => String, { nullable: true, description: 'Words in the claim, web-search style.' })
  @FilterText()
  text?: string | null;

  @Field(() => [String], { nullable: true, description: 'About any of these topics, by slug; sub-topics count.' })
  @SlugList(50)
  topics?: string[] | null;
}

export const ClaimConnection = ConnectionType('Claim', () => ClaimType, 'A page of claims, most recently added first.');

/** A pair of one principal's positions on opposite sides of a claim (`selfContradictionsList`). */
export interface SelfContradictionRow {
  claimId: string;
  earlier: PositionRow;
  later: PositionRow;
}

@ObjectType('SelfContradiction', {
  description:
    'A speaker on both sides of one claim at different times: the earlier position and the later one that turned ' +
    'against it, each with its statement and date. Statements made on the speaker’s behalf count as theirs.',
})
export class SelfContradictionType {}

export const SelfContradictionConnection = ConnectionType(
  'SelfContradiction',
  () => SelfContradictionType,
  'A page of self-contradictions, the most recent turn first.',
);

export const PositionConnection = ConnectionType(
  'Position',
  () => PositionType,
  'A page of positions (stances of statements on claims), in the order the list describes.',
);
