import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import type { Context } from '../context.ts';
import { apiError } from './errors.ts';
import { operationSignature } from './operation-signature.ts';

/** Written by the client's codegen from every operation in its sources: name → signature. */
export const SAFELIST_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../client/src/gql/safelist.json');

export function loadSafelist(file = SAFELIST_FILE): ReadonlySet<string> {
  const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  return new Set(Object.values(entries));
}

/**
 * `GRAPHQL_SAFELIST=1`: browsers and anonymous callers may run only the web client's own
 * operations, so a stranger cannot send hand-made queries at all. API tokens are exempt: systems
 * that integrate write their own queries and are held to their budgets instead.
 */
export function safelistPlugin(allowed: ReadonlySet<string>): ApolloServerPlugin<Context> {
  // Apollo keeps parsed documents in its cache, so each distinct query is fingerprinted once.
  const verdicts = new WeakMap<DocumentNode, boolean>();
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation({ document }) {
          if (contextValue.apiToken) return;
          let allowedHere = verdicts.get(document);
          if (allowedHere === undefined) verdicts.set(document, (allowedHere = allowed.has(operationSignature(document))));
          if (!allowedHere) {
            throw apiError(
              'OPERATION_NOT_ALLOWED',
              'Сервер выполняет только операции своего веб-клиента; другим системам нужен токен API (см. docs/api.md)',
              { http: { status: 403 } },
            );
          }
        },
      };
    },
  };
}
