import { gql } from '@apollo/client';

/** Who is signed in; the session itself is the HttpOnly cookie the login mutation sets. */
export const VIEWER_QUERY = gql`
  query ViewerQuery {
    viewer {
      id
      name
      email
      role
      openReviewCount
    }
  }
`;

/** Methodists and admins run the centre's monitoring: reports, surveys, the review desk's decisions. */
export const isMethodist = (role: string | undefined) => role === 'METHODIST' || role === 'ADMIN';

/** Admins keep the installation itself: accounts and backups. */
export const isAdmin = (role: string | undefined) => role === 'ADMIN';
