import { Field, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';

export interface RecordOriginRow {
  /** The statement's ID. */
  id: string;
  dataset: string;
  recordId: string;
  /** ISO 8601, as PostgreSQL writes it in JSON. */
  importedAt: string;
}

@ObjectType('RecordOrigin', {
  description:
    'Where an imported statement came from: the data set and the record’s ID in it, so it can be traced back to its ' +
    'line (LIAR2 row 419, a fact-checker’s review address). Statements added by editors have none.',
})
export class RecordOriginType {
  @Field(() => String, { description: 'The data set’s name, e.g. "liar2" or "claimreview".' })
  dataset!: string;

  @Field(() => String, { description: 'The record’s ID in the data set: its row ID, or the review’s address.' })
  recordId!: string;

  @Field(() => GraphQLDateTime, { description: 'When the record was last imported with new content.' })
  importedAt!: Date;
}
