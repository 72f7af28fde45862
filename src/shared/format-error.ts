import {
  ConnectionException,
  ForeignKeyConstraintViolationException,
  NotFoundError,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { ValidationError } from 'class-validator';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { AppError, ErrorCode } from './errors';

/** What a client is told about an error: code, message and details. `internal` errors are bugs to look at. */
export interface ClassifiedError {
  code: string;
  message: string;
  extensions: Record<string, unknown>;
  internal: boolean;
}

/** How long a client should wait before retrying when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

// PostgreSQL's connection-exception (08), operator-intervention (57P: shutdown, cannot connect now) and
// too-many-connections (53300) classes, and the socket errors of a connection that is refused or cut.
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3]|53300)/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when an error means "the database cannot be reached right now", as opposed to a bug or bad input. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; name?: string; message?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (e instanceof ConnectionException) return true;
    if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true;
    // knex's pool gave up waiting for a connection; pg's socket closed under a query; knex ended the transaction
    // whose connection died.
    if (
      e.name === 'KnexTimeoutError' ||
      /Connection terminated|Client has encountered a connection error|connection is closed|Transaction query already complete|Timeout acquiring a connection/i.test(
        e.message ?? '',
      )
    ) {
      return true;
    }
    e = (e.cause ?? (e as { previous?: unknown }).previous) as typeof e;
  }
  return false;
}

/** PostgreSQL cancelled a statement that ran past `statement_timeout`. */
const isStatementTimeout = (error: unknown): boolean =>
  [error, (error as { previous?: unknown })?.previous].some((e) => (e as { code?: string } | undefined)?.code === '57014');

// graphql-js spells it "more that" in some versions.
const TOKEN_LIMIT = /Document contains more tha[nt] (\d+) tokens/;

/** The one place errors are classified: what code, what message, whether it is our fault. */
export function classifyError(error: unknown, fallbackMessage: string): ClassifiedError {
  const original = unwrapResolverError(error);
  const client = (code: string, message: string, extensions: Record<string, unknown> = {}): ClassifiedError => ({
    code,
    message,
    extensions: { ...extensions, code },
    internal: false,
  });

  if (original instanceof AppError) return client(original.code, original.message, original.details);
  if (original instanceof ArgumentValidationError) {
    const { field, message } = firstProblem(original.extensions.validationErrors as ValidationError[]);
    return client(ErrorCode.BAD_USER_INPUT, message, { field });
  }
  if (original instanceof OptimisticLockError) {
    return client(ErrorCode.CONFLICT, 'This record was changed by someone else at the same time. Reload it and apply your change again.', {
      field: 'version',
    });
  }
  if (original instanceof NotFoundError) return client(ErrorCode.NOT_FOUND, original.message);
  if (original instanceof UniqueConstraintViolationException) {
    // Services check uniqueness first; this is the race where two writers passed the check at once.
    const field = UNIQUE_FIELDS[(original as { constraint?: string }).constraint ?? ''];
    return client(ErrorCode.CONFLICT, 'A record with the same unique value was just added.', { field });
  }
  if (original instanceof ForeignKeyConstraintViolationException) {
    return client(ErrorCode.BAD_REFERENCE, 'The change refers to a record that does not exist, or removes one that others still refer to.');
  }
  if (isDatabaseUnavailable(original)) {
    return client(ErrorCode.SERVICE_UNAVAILABLE, 'The database is unavailable. Retry in a few seconds.', {
      retryAfter: RETRY_AFTER_SECONDS,
    });
  }
  if (isStatementTimeout(original)) {
    return client(ErrorCode.TIMEOUT, 'The database took too long to answer this part of the query. Ask for less.');
  }
  // graphql-js and Apollo's own errors (syntax, validation, variable coercion) describe the request itself.
  if (original instanceof GraphQLError) {
    const tokens = TOKEN_LIMIT.exec(original.message);
    if (tokens) {
      return client(ErrorCode.TOKEN_LIMIT_EXCEEDED, `This query is too long: at most ${tokens[1]} tokens are allowed.`, {
        max: Number(tokens[1]),
      });
    }
    // Apollo wraps validation errors under its own code; a query-limit rule's code must survive that.
    const inner = original.originalError instanceof GraphQLError ? original.originalError : undefined;
    const { http: _http, ...extensions } = { ...original.extensions, ...inner?.extensions } as Record<string, unknown>;
    return client(String(extensions.code ?? ErrorCode.BAD_USER_INPUT), original.message, extensions);
  }
  return {
    code: ErrorCode.INTERNAL_SERVER_ERROR,
    message: fallbackMessage,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    internal: true,
  };
}

/**
 * Turns errors into GraphQL errors. Anything not recognised is an INTERNAL_SERVER_ERROR whose message is hidden
 * outside development, so SQL and stack traces never reach a client. Logging happens in the logging plugin,
 * which knows the request.
 */
export function createFormatError(options: { exposeInternals: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const classified = classifyError(error, options.exposeInternals ? formatted.message : 'Internal server error.');
    if (classified.internal) {
      return { message: classified.message, locations: formatted.locations, path: formatted.path, extensions: classified.extensions };
    }
    return { ...formatted, message: classified.message, extensions: classified.extensions };
  };
}

/** Which input field each unique constraint guards, to name it in a CONFLICT. */
const UNIQUE_FIELDS: Record<string, string> = {
  source_url_unique: 'url',
  speaker_wikidata_id_unique: 'wikidataId',
  topic_slug_unique: 'slug',
  statement_relation_from_id_to_id_kind_unique: 'toId',
  position_statement_id_claim_id_unique: 'claimId',
  api_key_name_unique: 'name',
};

/** The first failed rule, with its dotted path (`citations.0.excerpt`) as the field. */
function firstProblem(errors: ValidationError[], prefix = ''): { field: string; message: string } {
  const error = errors[0];
  const field = prefix ? `${prefix}.${error.property}` : error.property;
  if (error.constraints && Object.keys(error.constraints).length) {
    // class-validator messages start with the property name; name the whole path instead.
    const message = Object.values(error.constraints)[0];
    return { field, message: message.startsWith(error.property) ? field + message.slice(error.property.length) : `${field}: ${message}` };
  }
  return error.children?.length ? firstProblem(error.children, field) : { field, message: 'is invalid' };
}
