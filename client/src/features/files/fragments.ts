import { gql } from '@apollo/client';

/** What the file list shows of a material's attachments; registered with the cache (app/apollo.ts). */
export const FILE_LIST_FRAGMENT = gql`
  fragment FileList_material on Material {
    id
    attachments {
      title
      position
      file {
        id
        fileName
        mimeType
        kind
        size
        url
        previewUrl
        pageCount
        durationSeconds
        extractionStatus
        extractionError
      }
    }
  }
`;
