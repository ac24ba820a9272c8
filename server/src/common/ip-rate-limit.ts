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

type Bucket = keyof typeof IP_LIMITS;
const MINUTE = 60_000;
/** How often this server adds its counts to the shared ones and learns the others'. */
const SYNC_MS = 1000;

const windowOf = (now: number) => Math.floor(now / MINUTE) * MINUTE;

/**
 * Counts per IP and minute, shared by every server through PostgreSQL. Sign-in attempts are
 * counted in the database at once (a password guesser must not get ten tries per server); the
 * rest is counted here and synchronised every second, so that an ordinary request costs no
 * database round trip. One server alone counts exactly; several may let a client exceed a limit
 * by what it sent in the last second.
 */
export class IpCounters {
  private window = windowOf(Date.now());
  /** Hits here not yet written, and the totals the database last reported, both for `window`. */
  private pending = new Map<string, number>();
  private shared = new Map<string, number>();
  private syncing?: Promise<void>;

  constructor(private readonly orm: MikroORM) {}

  private roll(now: number) {
    const window = windowOf(now);
    if (window === this.window) return;
    void this.sync();
    this.window = window;
    this.pending = new Map();
    this.shared = new Map();
  }

  /** Counts one hit and says the minute's total as far as this server knows. */
  hit(key: string): number {
    this.roll(Date.now());
    const pending = (this.pending.get(key) ?? 0) + 1;
    this.pending.set(key, pending);
    return (this.shared.get(key) ?? 0) + pending;
  }

  /** Counts straight in the database and returns the exact shared total. */
  async hitNow(key: string): Promise<number> {
    const [row] = await this.write(new Date(windowOf(Date.now())), [[key, 1]]);
    return row?.hits ?? 1;
  }

  async sync(): Promise<void> {
    if (this.syncing) return this.syncing;
    const window = this.window;
    const deltas = [...this.pending.entries()];
    this.pending = new Map();
    this.syncing = (async () => {
      try {
        if (!deltas.length) return;
        const rows = await this.write(new Date(window), deltas);
        if (window !== this.window) return;
        for (const row of rows) this.shared.set(row.key, row.hits);
        // Old minutes are dropped now and then.
        if (Math.random() < 0.02) await this.orm.em.getConnection().execute(`delete from rate_counter where window_start < now() - interval '1 hour'`);
      } catch {
        // The database is away: keep the counts for the next try rather than forgetting them.
        if (window === this.window) for (const [key, n] of deltas) this.pending.set(key, (this.pending.get(key) ?? 0) + n);
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }

  private write(windowStart: Date, deltas: Array<[string, number]>) {
    return this.orm.em.getConnection().execute<Array<{ key: string; hits: number }>>(
      `insert into rate_counter (key, window_start, hits)
       select d->>'key', ?, (d->>'n')::int from json_array_elements(?::json) as d
       on conflict (key, window_start) do update set hits = rate_counter.hits + excluded.hits
       returning key, hits`,
      [windowStart, JSON.stringify(deltas.map(([key, n]) => ({ key, n })))],
    );
  }
}

/**
 * Anonymous and session traffic is limited per IP and minute; over a limit the answer is 429
 * RATE_LIMITED with Retry-After. API tokens have budgets of their own.
 */
export function ipRateLimitPlugin(orm: MikroORM, limits: Record<Bucket, number> = IP_LIMITS): ApolloServerPlugin<Context> {
  const counters = new IpCounters(orm);
  let timer: NodeJS.Timeout | undefined;
  return {
    async serverWillStart() {
      timer = setInterval(() => void counters.sync(), SYNC_MS);
      timer.unref();
      return {
        async serverWillStop() {
          clearInterval(timer);
          await counters.sync();
        },
      };
    },
    async requestDidStart({ contextValue }) {
      if (contextValue.apiToken) return;
      return {
        async didResolveOperation({ operation }) {
          if (!operation) return;
          const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
          const totals: Array<[Bucket, number]> = [['any', counters.hit(`any:${contextValue.clientIp}`)]];
          if (fields.includes('search') || fields.includes('suggest')) totals.push(['search', counters.hit(`search:${contextValue.clientIp}`)]);
          if (fields.includes('login')) totals.push(['login', await counters.hitNow(`login:${contextValue.clientIp}`)]);
          for (const [bucket, hits] of totals) {
            if (hits <= limits[bucket]) continue;
            const retryAfter = String(Math.max(1, Math.ceil((windowOf(Date.now()) + MINUTE - Date.now()) / 1000)));
            throw apiError('RATE_LIMITED', `Слишком много запросов${bucket === 'any' ? '' : bucket === 'search' ? ' поиска' : ' на вход'} с вашего адреса: не больше ${limits[bucket]} в минуту; повторите через ${retryAfter} с`, {
              http: { status: 429, headers: new Map([['retry-after', retryAfter]]) },
            });
          }
        },
      };
    },
  };
}
