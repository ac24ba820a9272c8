import { gql } from '@apollo/client';

/** The home page's blocks: the newest, the most used, recommended practices, collections. */
export const HOME_QUERY = gql`
  query HomePageQuery {
    newest: materials(first: 5) {
      nodes {
        ...MaterialList_item
      }
    }
    popular: materials(first: 5, orderBy: { field: DOWNLOAD_COUNT, direction: DESC }) {
      nodes {
        ...MaterialList_item
      }
    }
    practices: materials(first: 5, filter: { kinds: [BEST_PRACTICE] }, orderBy: { field: VIEW_COUNT, direction: DESC }) {
      nodes {
        ...MaterialList_item
      }
    }
    collections(first: 6) {
      nodes {
        id
        title
        description
        materials(first: 1) {
          totalCount
        }
      }
    }
  }
`;
