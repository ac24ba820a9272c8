import { print } from 'graphql';
import { createCache } from '../../../../client/src/app/cache.ts';
import { firstOperations } from '../../../../client/src/app/first-data.ts';

/** Runs one GraphQL operation for the request being answered, as `/graphql` would for the same caller. */
export type RunOperation = (
  query: string,
  variables: Record<string, unknown> | undefined,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly unknown[] }>;

/**
 * The answers a page draws first (`firstOperations`, the client's own list), run for the caller and
 * normalized into the client's cache, whose JSON the HTML carries: the first render needs no round
 * trip and the browser normalizes nothing. An operation that fails or answers with errors is left
 * out — the page asks for it itself and shows its failure its own way; undefined when nothing is left.
 */
export async function firstData(url: URL, run: RunOperation): Promise<object | undefined> {
  const operations = firstOperations(url.pathname, url.searchParams);
  if (!operations.length) return undefined;
  const cache = createCache();
  const written = await Promise.all(
    operations.map(async ({ query, variables }) => {
      try {
        // What the browser's client sends: with `__typename` and the registry's fragments.
        const answer = await run(print(cache.transformDocument(query)), variables);
        if (answer.errors?.length || !answer.data) return false;
        cache.writeQuery({ query, variables, data: answer.data });
        return true;
      } catch {
        return false;
      }
    }),
  );
  return written.includes(true) ? cache.extract() : undefined;
}
