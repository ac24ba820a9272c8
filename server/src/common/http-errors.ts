import crypto from 'node:crypto';
import type express from 'express';
import { DomainError, type ErrorCode } from './errors.ts';
import type { Logger } from './logger.ts';
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from './unavailable.ts';

/** Russian words for what Express itself refuses with a 4xx: a body parser, a path with broken %-escapes. */
const REFUSALS = new Map<number, string>([
  [404, 'Нет такого файла'],
  [413, 'Тело запроса слишком велико'],
  [415, 'Кодировка тела запроса не поддерживается'],
]);

/** The HTTP status of each refusal a service may throw; a server fault is not a refusal. */
const HTTP_STATUS: Record<Exclude<ErrorCode, 'INTERNAL_SERVER_ERROR'>, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  OPERATION_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 503,
};

/** The status an HTTP route answers a service's refusal with, or undefined for anything else (a fault). */
export function httpStatusOf(error: unknown): number | undefined {
  return error instanceof DomainError && error.code !== 'INTERNAL_SERVER_ERROR' ? HTTP_STATUS[error.code] : undefined;
}

/**
 * The last error handler of the HTTP routes (files, feed, OAI, reports, certificates). What no
 * route answered is logged with an id and answered without its text, which may hold SQL or a
 * stack: 503 while the database is away, Express's own 4xx, else 500 with the id to report.
 */
export function unhandledErrors(logger: Logger): express.ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    // Mid-answer nothing more can be said: Express closes the connection.
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown } | undefined)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return void res.status(status).json({ error: REFUSALS.get(status) ?? 'Запрос не разобран: проверьте адрес и тело запроса' });
    const refused = httpStatusOf(error);
    if (refused) return void res.status(refused).json({ error: (error as DomainError).message });
    if (isDatabaseUnavailable(error)) return void res.status(503).set('Retry-After', '60').json({ error: UNAVAILABLE_MESSAGE });
    const requestId = crypto.randomUUID();
    logger.error('http route failed', { requestId, method: req.method, path: req.path, error: String((error as Error)?.stack ?? error) });
    res
      .status(500)
      .set('X-Request-Id', requestId)
      .json({ error: `Внутренняя ошибка сервера; попробуйте позже (сообщите в поддержку номер ${requestId})` });
  };
}
