import { gql } from '@apollo/client';

/** Whether the centre sends the weekly letter (SMTP configured): the subscribe box offers it only then. */
export const CENTRE = gql`
  query SubscribeCentreQuery {
    centre {
      digestByMail
    }
  }
`;
