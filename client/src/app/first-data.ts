import type { DocumentNode } from 'graphql';
import { HOME_QUERY } from '../components/home.query.ts';
import { CENTRE } from '../components/subscribe.query.ts';
import { MATERIAL_QUERY } from '../features/materials/material.query.ts';
import { parseSearchState } from '../features/search/search-state.ts';
import { isHomeState, SEARCH_QUERY, searchVariables } from '../features/search/search.query.ts';
import { matchPage } from './paths.ts';
import { VIEWER_QUERY } from './session.ts';

export interface FirstOperation {
  query: DocumentNode;
  variables?: Record<string, unknown>;
}

/**
 * What a page draws first, asked exactly as its components ask it (the same documents and variables):
 * the server runs these while answering the page's HTML and sends their answers inside it, so the
 * first render has its data. Plain data without browser or React imports: the server imports it.
 */
export function firstOperations(pathname: string, params: URLSearchParams): FirstOperation[] {
  const match = matchPage(pathname);
  if (!match) return [];
  const viewer = { query: VIEWER_QUERY };
  if (match.page === 'material') return [viewer, { query: MATERIAL_QUERY, variables: { id: match.param } }];
  if (match.page === 'search') {
    const state = parseSearchState(params);
    const search = { query: SEARCH_QUERY, variables: searchVariables(state) };
    // The home lists its own blocks; a search offers to subscribe to it.
    return isHomeState(state) ? [viewer, { query: HOME_QUERY }, search] : [viewer, search, { query: CENTRE }];
  }
  return [viewer];
}
