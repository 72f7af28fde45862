import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type SelectionSetNode } from 'graphql';
import type { Context } from '../../context';
import { AppError, ErrorCode } from '../../shared/errors';
import { Role, hasRole } from './role';

/** True when an operation asks for anything beyond the schema itself (`__schema`, `__type`, `__typename`). */
function readsData(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.some((s) => s.kind !== Kind.FIELD || !s.name.value.startsWith('__'));
}

/**
 * A read on a deployment that closes reads: the request must carry a key (a READER or better), or this throws
 * UNAUTHENTICATED (no key, or an unknown one) or FORBIDDEN. `what` names the read in the message ("Reads", "Exports").
 */
export async function requireReader(ctx: Context, what: string): Promise<void> {
  const viewer = await ctx.viewer();
  if (!viewer) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, `${what} need an API key on this deployment: send "Authorization: Bearer <key>".`);
  }
  // Every role includes READER today; the check keeps it true if roles are ever added below it.
  if (!hasRole(viewer.role, Role.READER)) throw new AppError(ErrorCode.FORBIDDEN, 'This key may not read.');
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { [ErrorCode.UNAUTHENTICATED]: 401, [ErrorCode.FORBIDDEN]: 403 };

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
          try {
            await requireReader(contextValue, 'Reads');
          } catch (error) {
            if (error instanceof AppError) {
              throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: HTTP_STATUS[error.code] ?? 400 } } });
            }
            throw error;
          }
        },
      };
    },
  };
}
