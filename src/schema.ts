import {
  isObjectType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLInterfaceType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from 'graphql';
import { buildSchema } from 'type-graphql';
import { RoleAuthChecker } from './modules/auth/auth-checker';
import { resolvers } from './modules/resolvers';
import { runMutation } from './shared/write';
import { speakerTypeOf } from './modules/speakers/speaker.types';
import { encodeId } from './shared/global-id';
import { nodeTypeOf, type NodeRow } from './shared/node';
import { guardResolvers } from './shared/request-guard';

export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    // Every input class's rules (class-validator) run before its resolver: bad input never reaches a service.
    // skipMissingProperties off, so @NoNull sees explicit nulls; optional fields say so themselves.
    validate: { forbidUnknownValues: false, skipMissingProperties: false },
    authChecker: RoleAuthChecker,
    emitSchemaFile: false,
  });
  // type-graphql has no option for the root type's description, which heads the playground's docs panel.
  schema.getQueryType()!.description =
    'Who said what, when, where it was reported, and who said the opposite. Start with `statements`, ' +
    '`claims`, `disputes` or `speakers`; every list is a page with a cursor for the next one.';
  schema.getMutationType()!.description =
    'Changes to the record. Every mutation needs an API key (`Authorization: Bearer ...`) with the role it names, ' +
    'takes one `input`, writes all or nothing, and leaves a revision. Updates carry the `version` you read.';
  // type-graphql wraps each resolveType in an async function: every speaker in an answer would cost a promise and
  // a turn of the event loop. Ours are synchronous and return type names, which graphql-js takes as they are.
  (schema.getType('Speaker') as GraphQLInterfaceType).resolveType = speakerTypeOf as GraphQLTypeResolver<unknown, unknown>;
  (schema.getType('Node') as GraphQLInterfaceType).resolveType = nodeTypeOf as GraphQLTypeResolver<unknown, unknown>;
  // Every type's `id`: the database uuid wrapped with the GraphQL type name. Set here rather than as a type-graphql
  // field resolver, whose per-call handling (parameters, middleware) cost more than the encoding on every object.
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node')) {
      type.getFields().id.resolve = (row: NodeRow, _args, _ctx, info) => encodeId(info.parentType.name, row.id);
    }
  }
  // Deadlines and abandoned requests on every field that can start work; mutations in their own transaction.
  return guardResolvers(schema, runMutation);
}

/** The committed schema.graphql: sorted, so reordering code does not churn the file. */
export const printSortedSchema = (schema: GraphQLSchema): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
