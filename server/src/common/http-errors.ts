import crypto from 'node:crypto';
import type express from 'express';
import type { Logger } from './logger.ts';
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from './unavailable.ts';

/** Russian words for what Express's body parsers refuse (they carry a 4xx status of their own). */
const BODY_REFUSALS: Record<number, string> = {
  400: 'Тело запроса не разобрано',
  413: 'Тело запроса слишком велико',
  415: 'Кодировка тела запроса не поддерживается',
};

/**
 * The last error handler of the HTTP routes (files, feed, OAI, reports, certificates). What no
 * route answered is logged with an id and answered without its text, which may hold SQL or a
 * stack: 503 while the database is away, a body parser's own 4xx, else 500 with the id to report.
 */
export function unhandledErrors(logger: Logger): express.ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    // Mid-answer nothing more can be said: Express closes the connection.
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && BODY_REFUSALS[status] && (error as { expose?: unknown }).expose) return void res.status(status).json({ error: BODY_REFUSALS[status] });
    if (isDatabaseUnavailable(error)) return void res.status(503).set('Retry-After', '60').json({ error: UNAVAILABLE_MESSAGE });
    const requestId = crypto.randomUUID();
    logger.error('http route failed', { requestId, method: req.method, path: req.path, error: String((error as Error)?.stack ?? error) });
    res.status(500).set('X-Request-Id', requestId).json({ error: `Внутренняя ошибка сервера; попробуйте позже (сообщите в поддержку номер ${requestId})` });
  };
}
