import {
  getNamedType,
  getVariableValues,
  GraphQLError,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
// The CommonJS build on purpose: the ESM one imports graphql/index.mjs, a second copy of graphql whose
// classes the schema's types (built by type-graphql on the CommonJS copy) are not instances of.
import { getComplexity, type ComplexityEstimator, type ComplexityEstimatorArgs } from 'graphql-query-complexity/cjs';
import { DEFAULT_PAGE_SIZE } from './page-size.ts';

/** Selections (fields and fragments, each spread walked again) the cost analysis reads before it gives up: a fragment bomb stops here. */
export const MAX_SELECTIONS = 10_000;

/**
 * The variables as execution will see them: the operation's defaults filled in and the values
 * coerced. Undefined when execution would refuse them: it then says why and runs no resolver.
 */
export function executionVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  given: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const { coerced } = getVariableValues(schema, operation.variableDefinitions ?? [], given ?? {});
  return coerced;
}

const isConnection = ({ field }: ComplexityEstimatorArgs) => getNamedType(field.type).name.endsWith('Connection');

/**
 * How many items a paged field (a connection, or a list with `first`) returns per parent: its
 * `first` as execution reads it (written out, from a variable or a default), else the default page.
 * Undefined for other fields.
 */
function pageOf(at: ComplexityEstimatorArgs): number | undefined {
  if (!isConnection(at) && !at.field.args.some((a) => a.name === 'first')) return undefined;
  return Math.max(1, typeof at.args.first === 'number' ? at.args.first : DEFAULT_PAGE_SIZE);
}

/** GitHub's count: every connection is one request per parent, and its `first` multiplies what is inside. */
const requestsEstimator: ComplexityEstimator = (at) => (isConnection(at) ? 1 : 0) + (pageOf(at) ?? 1) * at.childComplexity;

/**
 * Objects the lists return: a connection's items are counted where they are selected (`nodes`,
 * `edges`), so one asked only for totalCount returns none; another list with `first` counts its own.
 */
const nodesEstimator: ComplexityEstimator = (at) => {
  const page = pageOf(at);
  if (page !== undefined) return page * ((isConnection(at) ? 0 : 1) + at.childComplexity);
  const item = at.type.name.endsWith('Connection') && (at.field.name === 'nodes' || at.field.name === 'edges');
  return (item ? 1 : 0) + at.childComplexity;
};

export interface QueryWeight {
  /** Requests needed to fill every connection, GitHub's way: the product of the `first` around it. */
  requests: number;
  /** Objects the lists with a `first` may return at most, nested ones multiplied. */
  nodes: number;
  mutation: boolean;
}

/**
 * What an operation may cost before it runs, read as execution will run it (fragments, @skip and
 * @include, variables and argument defaults): the requests its connections need (the budget of API
 * tokens) and the objects its paged lists may return (the limit for everyone). The walk is
 * graphql-query-complexity's; the two estimators above are the rules of this API. Undefined when
 * the variables are invalid (execution refuses the operation before any resolver); refused with
 * `limit: maxSelections` past MAX_SELECTIONS.
 */
export function queryWeight(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): QueryWeight | undefined {
  if (!executionVariables(schema, operation, variables)) return undefined;
  const measure = (estimator: ComplexityEstimator) => {
    try {
      return getComplexity({
        schema,
        query: document,
        operationName: operation.name?.value,
        variables,
        estimators: [estimator],
        maxQueryNodes: MAX_SELECTIONS,
      });
    } catch (error) {
      // With the variables valid, the walk throws only at its selection limit.
      if (!(error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message))) throw error;
      throw new GraphQLError(`Запрос слишком сложный: больше ${MAX_SELECTIONS} полей и фрагментов, считая каждое включение фрагмента`, {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxSelections', http: { status: 400 } },
      });
    }
  };
  return { requests: measure(requestsEstimator), nodes: measure(nodesEstimator), mutation: operation.operation === 'mutation' };
}

const measured = new WeakMap<object, { weight?: QueryWeight; refusal?: unknown }>();

/** The weight of a request's operation, measured once however many plugins ask (a refusal too). */
export function requestWeight({
  request,
  schema,
  document,
  operation,
}: {
  request: { variables?: Record<string, unknown> };
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
}): QueryWeight | undefined {
  let outcome = measured.get(request);
  if (!outcome) {
    try {
      outcome = { weight: queryWeight(schema, document, operation, request.variables) };
    } catch (refusal) {
      outcome = { refusal };
    }
    measured.set(request, outcome);
  }
  if (outcome.refusal) throw outcome.refusal;
  return outcome.weight;
}

/**
 * The cost of a query the way GitHub counts it: every connection costs the number of requests
 * needed to fill it (the product of the `first` of the connections around it); the sum is divided
 * by 100 and rounded up, at least 1. A mutation costs 1 more than its selection. An operation
 * whose variables execution refuses costs the minimum.
 */
export function queryCost(weight: QueryWeight | undefined): number {
  return Math.max(1, Math.ceil((weight?.requests ?? 0) / 100)) + (weight?.mutation ? 1 : 0);
}
