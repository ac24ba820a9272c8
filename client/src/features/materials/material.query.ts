import { gql } from '@apollo/client';

/** A material's page: everything it draws, its files, related materials and kind's own fields. */
export const MATERIAL_QUERY = gql`
  query MaterialPageQuery($id: ID!) {
    material(id: $id) {
      id
      __typename
      kind
      status
      title
      summary
      body
      publishedAt
      registrationNumber
      certificateUrl
      grades
      keywords
      viewCount
      downloadCount
      authors {
        id
        fullName
        position
      }
      organization {
        id
        name
        municipality
      }
      subjects {
        id
        name
      }
      levels {
        id
        code
        name
      }
      ...FileList_material
      related(first: 5) {
        ...MaterialList_item
      }
      ...KindFields_material
    }
  }
`;
