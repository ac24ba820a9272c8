import crypto from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import type { Logger } from './common/logger.ts';
import { sqlCount } from './common/request-scope.ts';
import type { Context } from './context.ts';

/** A caller's X-Request-Id when it looks like one (a proxy's), else a new one. */
export function requestIdOf(req: express.Request): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._-]{8,100}$/.test(given) ? given : crypto.randomUUID();
}

/**
 * Logs: every internal error with its stack (what production hides from the client), and at debug
 * level one line per operation with its request id, name, duration and SQL statement count; an
 * operation slower than a second is logged at info whatever the level.
 */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (error.extensions?.code) continue;
            logger.error('graphql', {
              requestId: contextValue.requestId,
              operationName,
              error: String(error.originalError?.stack ?? error.stack ?? error),
              path: error.path,
            });
          }
        },
        async willSendResponse({ contextValue, operationName, response, errors }) {
          const durationMs = Math.round(performance.now() - started);
          const slow = durationMs >= 1000;
          if (!slow && !logger.isEnabled('debug')) return;
          const codes = errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          logger[slow ? 'info' : 'debug'](slow ? 'slow graphql operation' : 'graphql', {
            requestId: contextValue.requestId,
            operationName: operationName ?? null,
            durationMs,
            sqlCount: sqlCount(),
            status: response.http.status ?? 200,
            ...(codes?.length ? { errors: codes } : {}),
          });
        },
      };
    },
  };
}
