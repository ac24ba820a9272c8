import { GraphQLError } from 'graphql';

export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'RATE_LIMITED' | 'OPERATION_NOT_ALLOWED' | 'TIMEOUT' | 'SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR';

export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** A bad argument: the message names it, `extensions.argument` carries it for programs. */
export function badInput(argument: string, reason: string): GraphQLError {
  return apiError('BAD_USER_INPUT', `Аргумент ${argument}: ${reason}`, { argument });
}

export function notFound(what: string, id: string): GraphQLError {
  return apiError('NOT_FOUND', `${what} с id «${id}» не найден(а)`, { id });
}
