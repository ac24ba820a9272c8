import { gql } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import type { WithdrawFromReviewMutationMutation, WithdrawFromReviewMutationMutationVariables } from '../../gql/graphql.ts';

const WITHDRAW = gql`
  mutation WithdrawFromReviewMutation($id: ID!) {
    withdrawMaterialFromReview(id: $id) {
      id
      status
      version
      updatedAt
    }
  }
`;

/** Takes a submission back to the drafts (allowed while no expert is assigned); the cache takes the new status and version. */
export function useWithdraw() {
  const [withdraw, state] = useMutation<WithdrawFromReviewMutationMutation, WithdrawFromReviewMutationMutationVariables>(WITHDRAW);
  return {
    run: async (id: string) => !!(await withdraw({ variables: { id } }).catch(() => null))?.data,
    loading: state.loading,
    error: state.error,
  };
}
