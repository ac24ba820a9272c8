import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type ASTVisitor, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';
import type { Context } from '../context.ts';
import { apiError } from './errors.ts';
import { queryWeight } from './query-cost.ts';

/**
 * Limits chosen for this schema, not library defaults. The heaviest page of the client (a
 * material with its files and related materials, the review desk's queue) is depth 5 with 3
 * aliases; a test runs it. An abusive query goes far past these.
 */
export const QUERY_LIMITS = {
  /** Nesting of fields, fragments unfolded. */
  maxDepth: 10,
  /** Aliased fields in one operation (each alias can run a whole resolver again). */
  maxAliases: 20,
  /** Directives in one operation. */
  maxDirectives: 20,
  /** Lexical tokens the parser reads before it gives up (a 1 MB query of noise stops early). */
  maxTokens: 5000,
  /**
   * Objects the paged lists of one operation may return, nested ones multiplied (first: 100 inside
   * first: 100 is 10,100). The client's pages ask at most about a hundred; an integrator paging
   * 100 materials with 10 of each author's others is 1,100.
   */
  maxNodes: 5000,
} as const;

// Apollo reports every validation failure as GRAPHQL_VALIDATION_FAILED; the message names the limit.
const limitError = (message: string, limit: string) => new GraphQLError(message, { extensions: { limit } });

/** Depth, aliases and directives of every operation, checked while validating. */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) if (definition.kind === 'FragmentDefinition') fragments.set(definition.name.value, definition);

  const depth = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === 'Field') deepest = Math.max(deepest, 1 + depth(selection.selectionSet, seen));
      else if (selection.kind === 'InlineFragment') deepest = Math.max(deepest, depth(selection.selectionSet, seen));
      else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        deepest = Math.max(deepest, depth(fragment?.selectionSet, new Set([...seen, selection.name.value])));
      }
      if (deepest > QUERY_LIMITS.maxDepth) return deepest;
    }
    return deepest;
  };

  let aliases = 0;
  let directives = 0;
  return {
    OperationDefinition(node) {
      const found = depth(node.selectionSet, new Set());
      if (found > QUERY_LIMITS.maxDepth) context.reportError(limitError(`Запрос слишком глубокий: вложенность ${found}, допустимо ${QUERY_LIMITS.maxDepth}`, 'maxDepth'));
    },
    Field(node: FieldNode) {
      if (node.alias && ++aliases === QUERY_LIMITS.maxAliases + 1) context.reportError(limitError(`В запросе больше ${QUERY_LIMITS.maxAliases} псевдонимов полей`, 'maxAliases'));
    },
    Directive() {
      if (++directives === QUERY_LIMITS.maxDirectives + 1) context.reportError(limitError(`В запросе больше ${QUERY_LIMITS.maxDirectives} директив`, 'maxDirectives'));
    },
  };
}

/** The cost limit needs the variables (`first: $n`), so it runs once the operation is known, before any resolver. */
export function queryCostLimitPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, request, schema }) {
          const { nodes } = queryWeight(schema, document, operationName, request.variables ?? {});
          if (nodes > QUERY_LIMITS.maxNodes) {
            throw new GraphQLError(`Запрос слишком дорогой: списки в нём могут вернуть ${nodes} объектов, допустимо ${QUERY_LIMITS.maxNodes}; уменьшите first или вложенность`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxNodes', nodes, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

const INTROSPECTION = /(^|[^A-Za-z0-9_])(__schema|__type)\b/;

/**
 * In production, anonymous requests and browser sessions do not get the schema: introspection is
 * for systems with an API token (they generate clients from it). Everywhere, each response
 * carries the request id that the log line of an internal error has too.
 */
export function productionGuardsPlugin(production: boolean): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation({ request }) {
          if (production && !contextValue.apiToken && request.query && INTROSPECTION.test(request.query)) {
            throw apiError('FORBIDDEN', 'Интроспекция схемы доступна только с токеном API; схема опубликована в schema.graphql', { http: { status: 403 } });
          }
        },
        async willSendResponse({ response }) {
          response.http.headers.set('x-request-id', contextValue.requestId);
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
          }
        },
      };
    },
  };
}
