import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.ts';

// Refused or dropped connections, PostgreSQL shutting down or starting, no pooled connection in time.
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** Whether an error (or what it wraps) means the database cannot be reached, rather than a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; message?: unknown; originalError?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e.code === 'string' && NETWORK.has(e.code)) return true;
    if (typeof e.message === 'string' && /Timeout acquiring a connection|Connection terminated|connect ECONNREFUSED/.test(e.message))
      return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

export const UNAVAILABLE_MESSAGE = 'База данных временно недоступна; повторите запрос через минуту';

/** An answer that failed only because the database is away is 503, so that clients and proxies retry. */
export function unavailablePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (errors.length && errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) response.http.status = 503;
        },
      };
    },
  };
}
