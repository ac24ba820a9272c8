import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/core';
import type { Context } from '../context.ts';
import { apiError } from './errors.ts';

/** Requests per minute from one IP without a token; searching and signing in are dearer. */
export const IP_LIMITS = {
  any: 600,
  search: 120,
  login: 10,
} as const;

const MINUTE = 60_000;

/**
 * Anonymous and session traffic is counted per IP and minute in PostgreSQL (one upsert, shared by
 * every server); over the limit the answer is 429 RATE_LIMITED with Retry-After. API tokens have
 * budgets of their own.
 */
export function ipRateLimitPlugin(orm: MikroORM, limits: Record<keyof typeof IP_LIMITS, number> = IP_LIMITS): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.apiToken) return;
      return {
        async didResolveOperation({ operation }) {
          if (!operation) return;
          const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
          const buckets: Array<keyof typeof IP_LIMITS> = ['any'];
          if (fields.includes('search') || fields.includes('suggest')) buckets.push('search');
          if (fields.includes('login')) buckets.push('login');
          const windowStart = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
          const rows = await orm.em.getConnection().execute<Array<{ key: string; hits: number }>>(
            `insert into rate_counter (key, window_start, hits) select k, ?, 1 from unnest(string_to_array(?, ',')) as k
             on conflict (key, window_start) do update set hits = rate_counter.hits + 1
             returning key, hits`,
            [windowStart, buckets.map((bucket) => `${bucket}:${contextValue.clientIp}`).join(',')],
          );
          // Old minutes are dropped now and then, by whichever request draws it.
          if (Math.random() < 0.01) void orm.em.getConnection().execute(`delete from rate_counter where window_start < now() - interval '1 hour'`).catch(() => {});
          for (const row of rows) {
            const bucket = row.key.split(':')[0] as keyof typeof IP_LIMITS;
            if (row.hits > limits[bucket]) {
              const retryAfter = String(Math.max(1, Math.ceil((windowStart.getTime() + MINUTE - Date.now()) / 1000)));
              throw apiError('RATE_LIMITED', `Слишком много запросов${bucket === 'any' ? '' : bucket === 'search' ? ' поиска' : ' на вход'} с вашего адреса: не больше ${limits[bucket]} в минуту; повторите через ${retryAfter} с`, {
                http: { status: 429, headers: new Map([['retry-after', retryAfter]]) },
              });
            }
          }
        },
      };
    },
  };
}
