import { gql } from '@apollo/client';
import type { SearchPageQueryQueryVariables } from '../../gql/graphql.ts';
import { toFilter, type SearchState } from './search-state.ts';

export const SEARCH_QUERY = gql`
  query SearchPageQuery($query: String, $filter: SearchFilter, $sort: SearchSort, $after: String, $first: Int, $ignore: [String!]) {
    search(query: $query, filter: $filter, sort: $sort, first: $first, after: $after, ignore: $ignore) {
      totalCount
      partialMatch
      correctedQuery
      understood {
        kind
        key
        label
        text
      }
      engine
      pageInfo {
        hasNextPage
        endCursor
      }
      hits {
        cursor
        highlights {
          field
          fragment
          fileName
        }
        material {
          id
          title
          summary
          kind
          publishedAt
          grades
          authors {
            id
            fullName
          }
          organization {
            id
            shortName
            name
          }
          files {
            id
            fileName
          }
          ... on BestPractice {
            expertLevel
          }
          ... on MethodologicalMaterial {
            materialType
          }
          ... on Publication {
            year
          }
        }
      }
      facets {
        name
        values {
          value
          label
          count
        }
      }
    }
  }
`;

/** No words and no filter: the home page, which lists its own blocks and takes only the facet counts from search. */
export const isHomeState = (state: SearchState): boolean => !state.query && Object.keys(state.selected).length === 0;

/** The search page's variables for a state: the page and the server's first answer ask the same. */
export function searchVariables(state: SearchState): SearchPageQueryQueryVariables {
  return { query: state.query, filter: toFilter(state), sort: state.sort, first: isHomeState(state) ? 0 : 20, ignore: state.ignore };
}
