import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type SelectionSetNode } from 'graphql';
import type { Context } from '../../context';
import { AppError } from '../../shared/errors';
import { Role, hasRole } from './role';

/** True when an operation asks for anything beyond the schema itself (`__schema`, `__type`, `__typename`). */
function readsData(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.some((s) => s.kind !== Kind.FIELD || !s.name.value.startsWith('__'));
}

/**
 * For deployments that close reads: every query needs a READER key or better. Introspection stays open so the
 * playground's docs and code generators keep working; mutations are checked by their own roles.
 */
export function closedReadsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (!operation || operation.operation !== 'query' || !readsData(operation.selectionSet)) return;
          let viewer;
          try {
            viewer = await contextValue.viewer();
          } catch (error) {
            if (error instanceof AppError)
              throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
            throw error;
          }
          if (!viewer) {
            throw new GraphQLError('Reads need an API key on this deployment: send "Authorization: Bearer <key>".', {
              extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
            });
          }
          // Every role includes READER today; the check keeps it true if roles are ever added below it.
          if (!hasRole(viewer.role, Role.READER))
            throw new GraphQLError('This key may not read.', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
        },
      };
    },
  };
}
