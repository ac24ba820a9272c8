import type express from 'express';
import { type DocumentNode, print } from 'graphql';
import { createCache } from '../../../../client/src/app/cache.ts';
import { firstOperations } from '../../../../client/src/app/first-data.ts';

/** Runs one GraphQL operation for the request being answered, as `/graphql` would for the same caller. */
export type RunOperation = (
  query: string,
  variables: Record<string, unknown> | undefined,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly unknown[] }>;

/** Each document as the browser's client sends it (with `__typename` and the registry's fragments), printed once per process. */
const sentTexts = new WeakMap<DocumentNode, string>();
function sentText(cache: ReturnType<typeof createCache>, query: DocumentNode): string {
  let text = sentTexts.get(query);
  if (text === undefined) sentTexts.set(query, (text = print(cache.transformDocument(query))));
  return text;
}

/** How long the HTML waits for its first answers; past it the page goes without them and asks itself. */
export const FIRST_DATA_WAIT_MS = 500;

/**
 * A reader opening the page in the browser's window, the only request that counts a view or a search:
 * not an image or a frame pointing at the page from elsewhere, a prefetch, or a HEAD.
 */
export function isReaderNavigation(req: express.Request): boolean {
  return (
    req.method === 'GET' &&
    req.get('sec-fetch-dest') === 'document' &&
    !req.get('sec-purpose') &&
    !/prefetch|prerender/i.test(req.get('purpose') ?? '')
  );
}

/**
 * The answers a page draws first (`firstOperations`, the client's own list), run for the caller and
 * normalized into the client's cache, whose JSON the HTML carries: the first render needs no round
 * trip and the browser normalizes nothing. An operation that fails or answers with errors is left
 * out — the page asks for it itself and shows its failure its own way; undefined when nothing is left
 * or the answers take longer than FIRST_DATA_WAIT_MS. Never rejects.
 */
export async function firstData(
  pathname: string,
  params: URLSearchParams,
  runner: () => Promise<RunOperation>,
): Promise<object | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), FIRST_DATA_WAIT_MS);
  });
  try {
    return await Promise.race([answers(pathname, params, runner), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function answers(pathname: string, params: URLSearchParams, runner: () => Promise<RunOperation>): Promise<object | undefined> {
  try {
    const operations = firstOperations(pathname, params);
    if (!operations.length) return undefined;
    const run = await runner();
    const cache = createCache();
    const written = await Promise.all(
      operations.map(async ({ query, variables }) => {
        try {
          const answer = await run(sentText(cache, query), variables);
          if (answer.errors?.length || !answer.data) return false;
          cache.writeQuery({ query, variables, data: answer.data });
          return true;
        } catch {
          return false;
        }
      }),
    );
    return written.includes(true) ? cache.extract() : undefined;
  } catch {
    return undefined;
  }
}
