import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.ts';
import { apiError } from './errors.ts';

/** How long one operation may execute; the heaviest page of the client takes well under a second. */
export const EXECUTION_TIMEOUT_MS = 10_000;

/**
 * A deadline for each operation: JavaScript cannot stop a running resolver, but every field that
 * would start after the deadline fails at once with TIMEOUT, so an expensive query ends instead of
 * holding the server (and its database connections) for as long as it likes.
 */
export function executionTimeoutPlugin(timeoutMs = EXECUTION_TIMEOUT_MS): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart() {
          const deadline = performance.now() + timeoutMs;
          return {
            willResolveField() {
              if (performance.now() > deadline) {
                throw apiError(
                  'TIMEOUT',
                  `Запрос выполняется дольше ${timeoutMs / 1000} с и остановлен; запросите меньше данных (first) или разбейте запрос`,
                  { timeoutMs },
                );
              }
            },
          };
        },
      };
    },
  };
}
