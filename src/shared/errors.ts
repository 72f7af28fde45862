/** Every error code a client can see in `extensions.code`; the README lists them. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** The HTTP request itself is malformed (a body that is not JSON, or over 1 MB). */
  BAD_REQUEST = 'BAD_REQUEST',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  BAD_REFERENCE = 'BAD_REFERENCE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  /** Query limits, checked before anything executes (HTTP 400); the figures come in `extensions`. */
  COST_LIMIT_EXCEEDED = 'COST_LIMIT_EXCEEDED',
  DEPTH_LIMIT_EXCEEDED = 'DEPTH_LIMIT_EXCEEDED',
  ALIAS_LIMIT_EXCEEDED = 'ALIAS_LIMIT_EXCEEDED',
  DIRECTIVE_LIMIT_EXCEEDED = 'DIRECTIVE_LIMIT_EXCEEDED',
  TOKEN_LIMIT_EXCEEDED = 'TOKEN_LIMIT_EXCEEDED',
  /** The request ran past its execution deadline; what was left unresolved is null. */
  TIMEOUT = 'TIMEOUT',
  /** Too many requests from this key or address, or too many exports at once (HTTP 429 with Retry-After). */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The database cannot be reached (HTTP 503 with Retry-After): retry later, with the same Idempotency-Key for writes. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
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
