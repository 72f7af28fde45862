import { Field, ID, InputType, ObjectType, type ClassType } from 'type-graphql';

const payloads = new Map<string, ClassType>();

/**
 * A Relay-style mutation payload holding the written object under its type's name:
 * `createStatement(input) { statement { id } }`. Memoised per name.
 */
export function Payload(name: string, field: string, type: () => ClassType | object, description: string): ClassType {
  const existing = payloads.get(name);
  if (existing) return existing;
  @ObjectType(name, { description })
  class PayloadClass {}
  Field(type as () => ClassType, { description: 'The record as it is after the change.' })(PayloadClass.prototype, field);
  payloads.set(name, PayloadClass);
  return PayloadClass;
}

@ObjectType({ description: 'The result of a deletion.' })
export class DeletePayload {
  @Field(() => ID, { description: 'The ID of the record that was deleted.' })
  deletedId!: string;
}

@InputType({ description: 'Which record to delete.' })
export class DeleteInput {
  @Field(() => ID, { description: 'The record to delete.' })
  id!: string;
}
