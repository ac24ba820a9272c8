import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { t } from '../app/i18n.ts';
import { Link } from '../app/router.tsx';
import type {
  CancelMyDigestSubscriptionMutationMutation,
  CancelMyDigestSubscriptionMutationMutationVariables,
  MySubscriptionsQueryQuery,
} from '../gql/graphql.ts';

const MINE = gql`
  query MySubscriptionsQuery {
    myDigestSubscriptions {
      id
      title
      email
      status
      path
    }
  }
`;
const CANCEL = gql`
  mutation CancelMyDigestSubscriptionMutation($id: ID!) {
    cancelMyDigestSubscription(id: $id) {
      id
      status
    }
  }
`;

/** The weekly letters to the account's address, each with «Отписаться»; nothing when there are none. */
export function MySubscriptions({ email }: { email: string }) {
  const { data, refetch } = useQuery<MySubscriptionsQueryQuery>(MINE, { fetchPolicy: 'cache-and-network' });
  const [cancel, cancelling] = useMutation<CancelMyDigestSubscriptionMutationMutation, CancelMyDigestSubscriptionMutationMutationVariables>(
    CANCEL,
  );
  const subscriptions = data?.myDigestSubscriptions ?? [];
  if (!subscriptions.length) return null;
  return (
    <section aria-labelledby="subscriptions-title" className="my-subscriptions">
      <h2 id="subscriptions-title">{t.digest.mineTitle}</h2>
      <p>{t.digest.mineIntro(email)}</p>
      {cancelling.error && (
        <p role="alert" className="error">
          {cancelling.error.message}
        </p>
      )}
      <ul className="mine-list">
        {subscriptions.map((s) => (
          <li key={s.id} className="mine-item">
            <Link href={s.path}>{s.title}</Link>
            <p className="meta">{t.digest.status[s.status] ?? s.status}</p>
            <button
              type="button"
              className="secondary"
              aria-label={t.digest.cancelOf(s.title)}
              disabled={cancelling.loading}
              onClick={async () => {
                if (await cancel({ variables: { id: s.id } }).catch(() => null)) await refetch();
              }}
            >
              {t.digest.cancel}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
