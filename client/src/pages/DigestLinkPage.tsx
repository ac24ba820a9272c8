import { gql } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { t } from '../app/i18n.ts';
import { Link } from '../app/router.tsx';
import { usePageTitle } from '../app/title.ts';
import type { CancelDigestSubscriptionMutationMutation, ConfirmDigestSubscriptionMutationMutation } from '../gql/graphql.ts';

const CONFIRM = gql`
  mutation ConfirmDigestSubscriptionMutation($token: String!) {
    confirmDigestSubscription(token: $token) {
      id
      email
      title
      status
      path
    }
  }
`;
const CANCEL = gql`
  mutation CancelDigestSubscriptionMutation($token: String!) {
    cancelDigestSubscription(token: $token) {
      id
      email
      title
      status
      path
    }
  }
`;

type Action = 'confirm' | 'unsubscribe';

/**
 * A link from a digest letter opened: `/digest/confirm/<secret>` starts the subscription,
 * `/digest/unsubscribe/<secret>` ends it. Both are harmless to open again; the page says what happened.
 */
export default function DigestLinkPage({ action, token }: { action: Action; token: string }) {
  const [run, { data, error }] = useMutation<Partial<ConfirmDigestSubscriptionMutationMutation & CancelDigestSubscriptionMutationMutation>>(
    action === 'confirm' ? CONFIRM : CANCEL,
  );
  const started = useRef(false);
  useEffect(() => {
    // Once, although development mode runs effects twice.
    if (started.current) return;
    started.current = true;
    void run({ variables: { token } }).catch(() => null);
  }, [run, token]);
  const subscription = data?.confirmDigestSubscription ?? data?.cancelDigestSubscription;
  const title = error
    ? t.digest.failedTitle
    : !subscription
      ? t.digest.working[action]
      : action === 'confirm'
        ? t.digest.confirmedTitle
        : t.digest.unsubscribedTitle;
  usePageTitle(title);
  return (
    <section className="material digest-link" aria-live="polite">
      <h1>{title}</h1>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {subscription && action === 'confirm' && (
        <>
          <p>{t.digest.confirmed(subscription.email, subscription.title)}</p>
          <p>{t.digest.unsubscribeHint}</p>
        </>
      )}
      {subscription && action === 'unsubscribe' && <p>{t.digest.unsubscribed(subscription.email, subscription.title)}</p>}
      <p>
        {subscription && action === 'confirm' && (
          <>
            <Link href={subscription.path}>{t.digest.openMaterials}</Link>
            {' · '}
          </>
        )}
        <Link href="/">{t.digest.home}</Link>
      </p>
    </section>
  );
}
