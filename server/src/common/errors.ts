export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'OPERATION_NOT_ALLOWED'
  | 'TIMEOUT'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/**
 * A request the domain refuses: services throw it and know nothing of the transport. GraphQL
 * answers it with `extensions` as they are (graphql-js and Apollo copy an original error's
 * `extensions`, `http` included); the HTTP routes map `code` to a status (`httpStatusOf`).
 */
export class DomainError extends Error {
  readonly extensions: { code: ErrorCode } & Record<string, unknown>;

  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.extensions = { code, ...extensions };
  }

  get code(): ErrorCode {
    return this.extensions.code;
  }
}

export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): DomainError {
  return new DomainError(code, message, extensions);
}

/** A bad argument: the message names it, `extensions.argument` carries it for programs. */
export function badInput(argument: string, reason: string): DomainError {
  return apiError('BAD_USER_INPUT', `Аргумент ${argument}: ${reason}`, { argument });
}

export function notFound(what: string, id: string): DomainError {
  return apiError('NOT_FOUND', `${what} с id «${id}» не найден(а)`, { id });
}
