import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/core';
import {
  getNamedType,
  isInputObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
// graphql-js's own field collection, the one execute runs (graphql 16 does not re-export it).
import { collectFields } from 'graphql/execution/collectFields.js';
import type { Context } from '../context.ts';
import { DEFAULT_IP_LIMITS, type IpLimits } from '../config.ts';
import { apiError } from './errors.ts';
import { executionVariables } from './query-cost.ts';

type Bucket = keyof IpLimits;

/**
 * The root fields that count against the dearer limits, derived from the schema so that a new one
 * is counted without being listed here:
 * - searches: Query fields that take text to look for, a `query` argument or a filter input with a
 *   `query` field (the engine's typo-tolerant search or a scan with ILIKE);
 * - sign-ins: Mutation fields that take a password (argon2 on every try, and a guesser's way in);
 * - letters: Mutation fields that take an `email` to write to (a password link, a digest to
 *   confirm): each may put a letter in a stranger's mailbox.
 */
export function limitedRootFields(schema: GraphQLSchema): ReadonlyMap<string, Exclude<Bucket, 'any'>> {
  const fields = new Map<string, Exclude<Bucket, 'any'>>();
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const searches = field.args.some((arg) => {
      if (arg.name === 'query') return true;
      const input = getNamedType(arg.type);
      return isInputObjectType(input) && 'query' in input.getFields();
    });
    if (searches) fields.set(field.name, 'search');
  }
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    if (field.args.some((arg) => /password$/i.test(arg.name))) fields.set(field.name, 'login');
    else if (field.args.some((arg) => arg.name === 'email')) fields.set(field.name, 'mail');
  }
  return fields;
}

const limitedFieldsOf = new WeakMap<GraphQLSchema, ReadonlyMap<string, Exclude<Bucket, 'any'>>>();

/**
 * How many of an operation's root fields fall in each dearer bucket, collected the way execution
 * collects them: through inline and named fragments, honouring @skip and @include, every alias
 * apart (each runs its resolver). Nothing when the variables are invalid: execution then refuses
 * the operation before any resolver.
 */
function limitedHits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): Map<Exclude<Bucket, 'any'>, number> {
  let limited = limitedFieldsOf.get(schema);
  if (!limited) limitedFieldsOf.set(schema, (limited = limitedRootFields(schema)));
  const hits = new Map<Exclude<Bucket, 'any'>, number>();
  const values = executionVariables(schema, operation, variables);
  const root = schema.getRootType(operation.operation);
  if (!values || !root) return hits;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === 'FragmentDefinition') fragments[definition.name.value] = definition;
  for (const nodes of collectFields(schema, fragments, values, root, operation.selectionSet).values()) {
    const bucket = limited.get(nodes[0]!.name.value);
    if (bucket) hits.set(bucket, (hits.get(bucket) ?? 0) + 1);
  }
  return hits;
}

const BUCKET_WORDS: Record<Bucket, string> = { any: '', search: ' поиска', login: ' на вход', mail: ' писем' };

const MINUTE = 60_000;
/** How often this server adds its counts to the shared ones and learns the others'. */
const SYNC_MS = 1000;

const windowOf = (now: number) => Math.floor(now / MINUTE) * MINUTE;

/**
 * Counts per IP and minute, shared by every server through PostgreSQL. Sign-in attempts and letters are
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

  /** Counts hits and says the minute's total as far as this server knows. */
  hit(key: string, n = 1): number {
    this.roll(Date.now());
    const pending = (this.pending.get(key) ?? 0) + n;
    this.pending.set(key, pending);
    return (this.shared.get(key) ?? 0) + pending;
  }

  /** Counts straight in the database and returns the exact shared total. */
  async hitNow(key: string, n = 1): Promise<number> {
    const [row] = await this.write(new Date(windowOf(Date.now())), [[key, n]]);
    return row?.hits ?? n;
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
        if (Math.random() < 0.02)
          await this.orm.em.getConnection().execute(`delete from rate_counter where window_start < now() - interval '1 hour'`);
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
export function ipRateLimitPlugin(orm: MikroORM, limits: IpLimits = DEFAULT_IP_LIMITS): ApolloServerPlugin<Context> {
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
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const hits = limitedHits(schema, document, operation, request.variables);
          const totals: Array<[Bucket, number]> = [['any', counters.hit(`any:${contextValue.clientIp}`)]];
          const searches = hits.get('search');
          if (searches) totals.push(['search', counters.hit(`search:${contextValue.clientIp}`, searches)]);
          const signIns = hits.get('login');
          if (signIns) totals.push(['login', await counters.hitNow(`login:${contextValue.clientIp}`, signIns)]);
          const letters = hits.get('mail');
          if (letters) totals.push(['mail', await counters.hitNow(`mail:${contextValue.clientIp}`, letters)]);
          for (const [bucket, hits] of totals) {
            if (hits <= limits[bucket]) continue;
            const retryAfter = String(Math.max(1, Math.ceil((windowOf(Date.now()) + MINUTE - Date.now()) / 1000)));
            throw apiError(
              'RATE_LIMITED',
              `Слишком много запросов${BUCKET_WORDS[bucket]} с вашего адреса: не больше ${limits[bucket]} в минуту; повторите через ${retryAfter} с`,
              {
                http: { status: 429, headers: new Map([['retry-after', retryAfter]]) },
              },
            );
          }
        },
      };
    },
  };
}
