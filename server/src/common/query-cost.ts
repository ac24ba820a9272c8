import type { DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLSchema, SelectionSetNode, ValueNode } from 'graphql';

/** What a connection without `first` returns (DEFAULT_PAGE_SIZE). */
const DEFAULT_FIRST = 20;

interface TypeLike {
  name: string;
  getFields?: () => Record<string, { type: unknown }>;
}

/** The named type under lists and non-nulls. Duck-typed: the schema may come from another copy of graphql-js. */
function named(type: unknown): TypeLike {
  let t = type as { ofType?: unknown };
  while (t.ofType) t = t.ofType as { ofType?: unknown };
  return t as unknown as TypeLike;
}

function argumentValue(node: ValueNode | undefined, variables: Record<string, unknown>): number | undefined {
  if (!node) return undefined;
  if (node.kind === 'IntValue') return Number(node.value);
  if (node.kind === 'Variable') {
    const value = variables[node.name.value];
    return typeof value === 'number' ? value : undefined;
  }
  return undefined;
}

export interface QueryWeight {
  /** Requests needed to fill every connection, GitHub's way: the product of the `first` around it. */
  requests: number;
  /** Objects the lists with a `first` may return at most, nested ones multiplied. */
  nodes: number;
}

/**
 * What an operation may cost before it runs, from its text and variables: the requests its
 * connections need (the budget of API tokens) and the objects its paged lists may return (the
 * limit for everyone). A connection without `first` counts as DEFAULT_FIRST.
 */
export function queryWeight(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined | null, variables: Record<string, unknown> = {}): QueryWeight & { mutation: boolean } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === 'FragmentDefinition') fragments.set(definition.name.value, definition);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition' && (!operationName || d.name?.value === operationName));
  if (!operation || operation.kind !== 'OperationDefinition') return { requests: 0, nodes: 0, mutation: false };
  const root = (operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType()) as unknown as TypeLike;

  let requests = 0;
  let nodes = 0;
  const walk = (selectionSet: SelectionSetNode, parent: TypeLike, multiplier: number, depth: number) => {
    if (depth > 50) return;
    for (const selection of selectionSet.selections) {
      if (selection.kind === 'InlineFragment') {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as unknown as TypeLike) : parent;
        walk(selection.selectionSet, type ?? parent, multiplier, depth + 1);
      } else if (selection.kind === 'FragmentSpread') {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet, (schema.getType(fragment.typeCondition.name.value) as unknown as TypeLike) ?? parent, multiplier, depth + 1);
      } else {
        field(selection, parent, multiplier, depth);
      }
    }
  };
  const field = (node: FieldNode, parent: TypeLike, multiplier: number, depth: number) => {
    const definition = parent.getFields?.()[node.name.value];
    if (!definition || !node.selectionSet) return;
    const type = named(definition.type);
    const firstArgument = node.arguments?.find((a) => a.name.value === 'first');
    const connection = type.name.endsWith('Connection');
    let inner = multiplier;
    if (connection) requests += multiplier;
    if (connection || firstArgument) {
      inner = multiplier * Math.max(1, argumentValue(firstArgument?.value, variables) ?? DEFAULT_FIRST);
      // A connection asked only for its totalCount returns no objects.
      if (!connection || selectsItems(node.selectionSet, 0)) nodes += inner;
    }
    walk(node.selectionSet, type, inner, depth + 1);
  };
  const selectsItems = (set: SelectionSetNode, depth: number): boolean =>
    depth < 10 &&
    set.selections.some((selection) => {
      if (selection.kind === 'Field') return selection.name.value === 'nodes' || selection.name.value === 'edges';
      const inner = selection.kind === 'InlineFragment' ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
      return inner ? selectsItems(inner, depth + 1) : false;
    });
  walk(operation.selectionSet, root, 1, 0);
  return { requests, nodes, mutation: operation.operation === 'mutation' };
}

/**
 * The cost of a query the way GitHub counts it: every connection costs the number of requests
 * needed to fill it (the product of the `first` of the connections around it); the sum is divided
 * by 100 and rounded up, at least 1. A mutation costs 1 more than its selection.
 */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined | null, variables: Record<string, unknown> = {}): number {
  const { requests, mutation } = queryWeight(schema, document, operationName, variables);
  return Math.max(1, Math.ceil(requests / 100)) + (mutation ? 1 : 0);
}
