import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.ts';
import { startDeadline } from './request-scope.ts';

/** How long one operation may execute; the heaviest page of the client takes well under a second. */
export const EXECUTION_TIMEOUT_MS = 10_000;

/**
 * A deadline for each operation: JavaScript cannot stop a running resolver, but every SQL statement
 * the operation would issue after its deadline fails at once with TIMEOUT (the ORM checks it, see
 * db/orm.ts), so an expensive query ends instead of holding the server and its database connections
 * for as long as it likes. Checked where the time goes — statements — rather than before every field:
 * a `willResolveField` hook would make Apollo wrap every field of every answer, and work without
 * statements is bounded by the query cost limits and the engine's own timeout.
 */
export function executionTimeoutPlugin(timeoutMs = EXECUTION_TIMEOUT_MS): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart() {
          const end = startDeadline(timeoutMs);
          return {
            async executionDidEnd() {
              end();
            },
          };
        },
      };
    },
  };
}
