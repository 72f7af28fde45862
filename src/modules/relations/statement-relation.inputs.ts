import { Field, ID, InputType } from 'type-graphql';
import { RelationKind, RelationStatus } from '../../shared/enums';
import { CleanText, MAX_NOTE } from '../../shared/validation';

@InputType({ description: 'A typed link from one statement to another, e.g. a reply (RESPONDS_TO) or a contradiction.' })
export class LinkStatementsInput {
  @Field(() => ID, { description: 'The statement the link starts from (the reply, the later statement).' })
  fromId!: string;

  @Field(() => ID, { description: 'The statement it points to; must be another statement.' })
  toId!: string;

  @Field(() => RelationKind, { description: 'How `from` relates to `to`.' })
  kind!: RelationKind;

  @Field(() => String, { nullable: true, description: 'Why the link holds, for the reader.' })
  @CleanText(MAX_NOTE, { multiline: true })
  note?: string | null;

  @Field(() => ID, { nullable: true, description: 'A source that shows the link.' })
  sourceId?: string | null;

  @Field(() => RelationStatus, {
    nullable: true,
    description: 'Default CONFIRMED for links drawn by an editor; SUGGESTED for machine proposals.',
  })
  status?: RelationStatus | null;
}

@InputType({ description: 'Which link.' })
export class RelationInput {
  @Field(() => ID, { description: 'The link (a StatementRelation ID).' })
  id!: string;
}

@InputType({ description: 'The statement to propose links for.' })
export class SuggestRelationsInput {
  @Field(() => ID, { description: 'The statement.' })
  statementId!: string;
}
