import {
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
      const { field, message } = firstProblem(original.extensions.validationErrors as ValidationError[]);
      return { ...formatted, message, extensions: { code: ErrorCode.BAD_USER_INPUT, field } };
    }
    if (original instanceof OptimisticLockError) {
      return {
        ...formatted,
        message: 'This record was changed by someone else at the same time. Reload it and apply your change again.',
        extensions: { code: ErrorCode.CONFLICT, field: 'version' },
      };
    }
    if (original instanceof NotFoundError) {
      return { ...formatted, message: original.message, extensions: { code: ErrorCode.NOT_FOUND } };
    }
    if (original instanceof UniqueConstraintViolationException) {
      // Services check uniqueness first; this is the race where two writers passed the check at once.
      const field = UNIQUE_FIELDS[(original as { constraint?: string }).constraint ?? ''];
      return {
        ...formatted,
        message: 'A record with the same unique value was just added.',
        extensions: { code: ErrorCode.CONFLICT, field },
      };
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
