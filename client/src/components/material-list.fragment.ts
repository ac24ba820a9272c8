import { gql } from '@apollo/client';

/** What a plain material list shows; registered with the cache (app/apollo.ts). */
export const MATERIAL_LIST_FRAGMENT = gql`
  fragment MaterialList_item on Material {
    id
    title
    kind
    publishedAt
  }
`;
