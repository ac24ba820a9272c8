import { gql } from '@apollo/client';

/** Where a material stands in review and why (the status, the methodist's reason, the expert's conclusion); registered with the cache (app/apollo.ts). */
export const WORKFLOW_NOTE_FRAGMENT = gql`
  fragment WorkflowNote_material on Material {
    id
    status
    publishedAt
    assignedExpert {
      id
      name
    }
    methodistDecision {
      action
      at
      reason
      by
    }
    reviews {
      id
      decision
      comment
      updatedAt
      reviewer {
        id
        name
      }
      scores {
        code
        score
      }
    }
  }
`;
