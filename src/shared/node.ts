import { Field, ID, InterfaceType } from 'type-graphql';

/** A row read for GraphQL; `nodeType` is set where the concrete type is not otherwise known (node(id)). */
export interface NodeRow {
  id: string;
  nodeType?: string;
}

/** The GraphQL type of a row under `Node`. */
export const nodeTypeOf = (value: NodeRow & { kind?: string }): string | undefined =>
  value.nodeType ?? (value.kind === 'PERSON' ? 'Person' : value.kind === 'ORGANIZATION' ? 'Organization' : undefined);

@InterfaceType({
  description:
    'Anything with a stable, opaque ID. Pass any ID to `node(id: ...)` to fetch it whatever its type. IDs stay the ' +
    'same across exports and imports.',
  resolveType: nodeTypeOf,
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global ID; use it with `node`, filters and mutations.' })
  id!: string;
}
