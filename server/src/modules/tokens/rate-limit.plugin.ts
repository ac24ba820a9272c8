import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { apiError } from '../../common/errors.ts';
import type { Context } from '../../context.ts';
import { TokenScope } from './api-token.entity.ts';
import { queryCost, requestWeight } from '../../common/query-cost.ts';
import { budgetHeaders, overBudget, TokenService } from './token.service.ts';

/**
 * Charges each operation of an API token its cost against the hourly budget, reports the budget in
 * X-RateLimit-* headers, refuses over budget with RATE_LIMITED (HTTP 429, Retry-After), and keeps
 * read-only tokens away from mutations.
 */
export function rateLimitPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const identity = contextValue.apiToken;
      if (!identity) return;
      return {
        async didResolveOperation({ document, request, schema, operation, response }) {
          if (!operation) return;
          if (operation.operation === 'mutation' && identity.scope === TokenScope.READ) {
            throw apiError('FORBIDDEN', 'Токен выдан только для чтения: изменения ему недоступны', { http: { status: 403 } });
          }
          // The `first` values execution will use: given, from variables, or their defaults.
          const cost = queryCost(requestWeight({ request, schema, document, operation }));
          const state = await new TokenService(contextValue.em as EntityManager).charge(identity, cost);
          contextValue.rateLimit = state;
          const headers = budgetHeaders(state);
          for (const [name, value] of Object.entries(headers)) response.http.headers.set(name, value);
          if (state.remaining < 0) {
            const { message, retryAfter } = overBudget(state);
            throw apiError('RATE_LIMITED', message, {
              resetAt: state.resetAt.toISOString(),
              http: { status: 429, headers: new Map([...Object.entries(headers), ['retry-after', retryAfter]]) },
            });
          }
        },
      };
    },
  };
}
