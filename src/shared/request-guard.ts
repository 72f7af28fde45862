import type { ApolloServerPlugin } from '@apollo/server';
import { DriverException } from '@mikro-orm/core';
import { getNamedType, isLeafType, isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { Context } from '../context';
import { AppError, ErrorCode } from './errors';
import { classifyError, RETRY_AFTER_SECONDS } from './format-error';
import { PREFETCHED } from './read-plan';

type Planned = { [PREFETCHED]?: Record<string, unknown> };

/** Why a request's signal was aborted, told to the client on the fields that did not run. */
export class RequestStopped extends Error {}

/**
 * Wraps the schema's resolvers once it is built. Every field that returns an object or a list (where loaders and
 * SQL are) first checks the request's signal: past its deadline, or with its client gone, a request resolves
 * nothing more, and a field the root's planned SQL already read answers from that. Every mutation field runs through `mutation` (its transaction and idempotency key). Plain wrappers
 * rather than type-graphql middleware: any middleware turns every field of every answer into a promise.
 */
export function guardResolvers(
  schema: GraphQLSchema,
  mutation: (ctx: Context, info: GraphQLResolveInfo, args: unknown, next: () => unknown) => unknown,
): GraphQLSchema {
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      if (type === mutationType) {
        field.resolve = (source, args, ctx: Context, info) => {
          throwIfStopped(ctx);
          return mutation(ctx, info, args, () => resolve(source, args, ctx, info));
        };
      } else if (!isLeafType(getNamedType(field.type))) {
        field.resolve = (source: Planned | undefined, args, ctx: Context, info) => {
          throwIfStopped(ctx);
          // Read already by the root field's planned SQL (src/shared/read-plan.ts).
          const prefetched = source?.[PREFETCHED];
          if (prefetched !== undefined && info.path.key in prefetched) return prefetched[info.path.key];
          return resolve(source, args, ctx, info);
        };
      }
    }
  }
  return schema;
}

function throwIfStopped(ctx: Context): void {
  if (!ctx.signal?.aborted) return;
  const reason = ctx.signal.reason instanceof RequestStopped ? ctx.signal.reason.message : 'The request was stopped.';
  throw new AppError(ErrorCode.TIMEOUT, reason);
}

/** An AbortSignal for one request: aborted at the deadline or when the connection closes before the answer. */
export function requestSignal(
  res: { on(event: 'close' | 'finish', listener: () => void): unknown; writableFinished: boolean },
  timeoutMs: number,
): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new RequestStopped(`The request ran past its ${timeoutMs} ms time limit; ask for less.`)),
    timeoutMs,
  );
  timer.unref();
  res.on('close', () => {
    clearTimeout(timer);
    if (!res.writableFinished) controller.abort(new RequestStopped('The client closed the connection.'));
  });
  return controller.signal;
}

/**
 * Logs errors with the request's ID: the client's as one line per request, our own each with its stack. A
 * database outage answers HTTP 503 with Retry-After, so clients can tell "retry later" from a bug.
 */
export function errorOutcomePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          const refused: { code: string; path?: readonly (string | number)[]; message: string }[] = [];
          for (const error of errors) {
            const { code, message, internal } = classifyError(error, error.message);
            if (internal)
              contextValue.log.error({ err: withoutSqlValues(error.originalError ?? error), path: error.path }, 'internal error');
            else refused.push({ code, path: error.path, message });
          }
          // The client's mistakes are not ours: one line per request, no stack, the first few errors only.
          if (refused.length) contextValue.log.info({ errors: refused.slice(0, 3), count: refused.length }, refused[0].message);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const unavailable = response.body.singleResult.errors?.some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE);
          if (unavailable) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
          }
        },
      };
    },
  };
}

/**
 * MikroORM's driver errors start with the SQL and its values (`insert into ... values (...) - <reason>`); the
 * values are the client's data, so the log keeps the reason and the stack.
 */
function withoutSqlValues(error: unknown): unknown {
  if (!(error instanceof DriverException)) return error;
  const reason = error.message.slice(error.message.lastIndexOf(' - ') + 3);
  return {
    type: error.name,
    code: error.code,
    sqlState: error.sqlState,
    message: reason,
    stack: error.stack?.split('\n').slice(1).join('\n'),
  };
}
