import { ForeignKeyConstraintViolationException, NotFoundError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { AppError, ErrorCode } from './errors';

/**
 * The one place errors become GraphQL errors. Anything not recognised is an INTERNAL_SERVER_ERROR whose
 * message is hidden outside development, so SQL and stack traces never reach a client.
 */
export function createFormatError(options: { exposeInternals: boolean; log: (error: unknown) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const extensions = { ...formatted.extensions };
    delete extensions.stacktrace;

    if (original instanceof AppError) {
      return { ...formatted, message: original.message, extensions: { ...original.details, code: original.code } };
    }
    if (original instanceof ArgumentValidationError) {
      const first = original.extensions.validationErrors?.[0];
      return {
        ...formatted,
        message: first ? Object.values(first.constraints ?? {}).join('; ') || original.message : original.message,
        extensions: { code: ErrorCode.BAD_USER_INPUT, field: first?.property },
      };
    }
    if (original instanceof NotFoundError) {
      return { ...formatted, message: original.message, extensions: { code: ErrorCode.NOT_FOUND } };
    }
    if (original instanceof UniqueConstraintViolationException) {
      return { ...formatted, message: 'A record with the same unique value already exists.', extensions: { code: ErrorCode.CONFLICT } };
    }
    if (original instanceof ForeignKeyConstraintViolationException) {
      return {
        ...formatted,
        message: 'The change refers to a record that does not exist, or removes one that others still refer to.',
        extensions: { code: ErrorCode.BAD_REFERENCE },
      };
    }
    // graphql-js and Apollo's own errors (syntax, validation, variable coercion) describe the request itself.
    if (original instanceof GraphQLError) {
      return { ...formatted, extensions: { ...extensions, code: extensions.code ?? ErrorCode.BAD_USER_INPUT } };
    }
    options.log(original);
    return {
      message: options.exposeInternals ? formatted.message : 'Internal server error.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
