/** Every error code a client can see in `extensions.code`; the README lists them. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  BAD_REFERENCE = 'BAD_REFERENCE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** A failure the client caused or should know about. Services throw it; only format-error knows GraphQL. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badInput = (field: string, message: string, details: Record<string, unknown> = {}): AppError =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { field, ...details });

export const notFound = (what: string, id: string): AppError => new AppError(ErrorCode.NOT_FOUND, `No ${what} with id "${id}".`, { id });
