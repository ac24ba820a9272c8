import { gql } from '@apollo/client';

/** Who is signed in; the session itself is the HttpOnly cookie the login mutation sets. */
export const VIEWER_QUERY = gql`
  query ViewerQuery {
    viewer { id name email role }
  }
`;
