import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Context } from '../context.ts';
import { apiError } from './errors.ts';
import { MAX_SELECTIONS, requestWeight } from './query-cost.ts';

/**
 * Limits chosen for this schema, not library defaults. The heaviest page of the client (a
 * material with its files and related materials, the review desk's queue) is depth 5 with 3
 * aliases; a test runs it. An abusive query goes far past these.
 */
export const QUERY_LIMITS = {
  /** Nesting of fields; fragments, inline or named, add no level of their own. */
  maxDepth: 10,
  /** Aliased fields in one operation, those of a fragment at each place it is spread (each alias can run a whole resolver again). */
  maxAliases: 20,
  /** Directives in one operation, fragments' at each spread. */
  maxDirectives: 20,
  /** Lexical tokens the parser reads before it gives up (a 1 MB query of noise stops early). */
  maxTokens: 5000,
  /**
   * Objects the paged lists of one operation may return, nested ones multiplied (first: 100 inside
   * first: 100 is 10,100). The client's pages ask at most about a hundred; an integrator paging
   * 100 materials with 10 of each author's others is 1,100.
   */
  maxNodes: 5000,
  /** Selections the cost analysis reads, each spread of a fragment again (a fragment bomb stops here). */
  maxSelections: MAX_SELECTIONS,
} as const;

// Apollo reports every validation failure as GRAPHQL_VALIDATION_FAILED (HTTP 400); the message names the limit, extensions.limit too.
const reportAs = (message: string, limit: keyof typeof QUERY_LIMITS) => ({
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null) => context?.reportError(new GraphQLError(message, { extensions: { limit } }))],
});

/**
 * Depth, aliases and directives, checked while validating by GraphQL Armor's rules: they unfold
 * fragments, named and inline, at every spread (each fragment measured once), and stop at cycles,
 * which validation refuses anyway.
 */
export const queryLimitRules: ValidationRule[] = [
  maxDepthRule({
    n: QUERY_LIMITS.maxDepth,
    flattenFragments: true,
    ignoreIntrospection: false,
    ...reportAs(`Запрос слишком глубокий: допустимо ${QUERY_LIMITS.maxDepth} уровней вложенности полей`, 'maxDepth'),
  }),
  maxAliasesRule({
    n: QUERY_LIMITS.maxAliases,
    ...reportAs(`В запросе больше ${QUERY_LIMITS.maxAliases} псевдонимов полей`, 'maxAliases'),
  }),
  maxDirectivesRule({
    n: QUERY_LIMITS.maxDirectives,
    ...reportAs(`В запросе больше ${QUERY_LIMITS.maxDirectives} директив`, 'maxDirectives'),
  }),
];

/**
 * The object limit needs the variables (`first: $n`, `$n` with a default), so it runs once the
 * operation is known, before any resolver.
 */
export function queryCostLimitPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, schema, document, operation }) {
          if (!operation) return;
          const nodes = requestWeight({ request, schema, document, operation })?.nodes ?? 0;
          if (nodes > QUERY_LIMITS.maxNodes) {
            throw new GraphQLError(
              `Запрос слишком дорогой: списки в нём могут вернуть ${nodes} объектов, допустимо ${QUERY_LIMITS.maxNodes}; уменьшите first или вложенность`,
              {
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxNodes', nodes, http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}

// Apollo keeps parsed documents (also those of persisted queries), so each is examined once.
const introspecting = new WeakMap<DocumentNode, boolean>();

/** Whether a parsed document asks for the schema (`__schema`, `__type`), through fragments too: graphql-js's own rule. */
function asksForSchema(schema: GraphQLSchema, document: DocumentNode): boolean {
  let asks = introspecting.get(document);
  if (asks === undefined) introspecting.set(document, (asks = validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0));
  return asks;
}

/**
 * In production, anonymous requests and browser sessions do not get the schema: introspection is
 * for systems with an API token (they generate clients from it). The parsed document is checked,
 * not the text, so a query registered by a token holder and run by its hash is refused as well.
 * Everywhere, each response carries the request id that the log line of an internal error has too.
 */
export function productionGuardsPlugin(production: boolean): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation({ schema, document }) {
          if (production && !contextValue.apiToken && asksForSchema(schema, document)) {
            throw apiError('FORBIDDEN', 'Интроспекция схемы доступна только с токеном API; схема опубликована в schema.graphql', {
              http: { status: 403 },
            });
          }
        },
        async willSendResponse({ response }) {
          response.http.headers.set('x-request-id', contextValue.requestId);
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.extensions?.code === 'INTERNAL_SERVER_ERROR')
              (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
          }
        },
      };
    },
  };
}
