import crypto from 'node:crypto';
import { type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, Kind, print, visit } from 'graphql';

/**
 * A fingerprint of an operation that survives what Apollo Client does to it before sending:
 * `__typename` added to every selection and the fragments it spreads appended from the
 * registry. Both sides drop `__typename` and unreachable fragments and sort the definitions, so
 * the client build and the server compute the same SHA-256 for the same operation.
 */
export function operationSignature(document: DocumentNode, fragments: ReadonlyMap<string, FragmentDefinitionNode> = new Map()): string {
  const withoutTypename = visit(document, {
    Field: (node) => (node.name.value === '__typename' && !node.alias ? null : undefined),
  });
  const available = new Map(fragments);
  for (const definition of withoutTypename.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) available.set(definition.name.value, definition);
  const operations = withoutTypename.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);

  // Only the fragments the operations reach, each once.
  const reached = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = available.get(spread.name.value);
        if (fragment && !reached.has(fragment.name.value)) {
          reached.set(fragment.name.value, fragment);
          walk(fragment);
        }
      },
    });
  operations.forEach(walk);

  const byName = (a: { name?: { value: string } }, b: { name?: { value: string } }) =>
    (a.name?.value ?? '').localeCompare(b.name?.value ?? '');
  const normalized: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [...operations.sort(byName), ...[...reached.values()].sort(byName)],
  };
  return crypto.createHash('sha256').update(print(normalized)).digest('hex');
}
