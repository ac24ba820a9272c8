import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { t } from '../app/i18n.ts';
import { CENTRE } from './subscribe.query.ts';
import type {
  SubscribeCentreQueryQuery,
  SubscribeToDigestMutationMutation,
  SubscribeToDigestMutationMutationVariables,
} from '../gql/graphql.ts';

const SUBSCRIBE = gql`
  mutation SubscribeToDigestMutation($email: String!, $feed: String!) {
    subscribeToDigest(email: $email, feed: $feed)
  }
`;

/** The weekly letter of what the feed selects, when the centre has mail: an address, then the link of the letter confirms it. */
function DigestByMail({ feed }: { feed: string }) {
  const { data: centre } = useQuery<SubscribeCentreQueryQuery>(CENTRE);
  const [email, setEmail] = useState('');
  const [subscribe, { data, loading, error }] = useMutation<SubscribeToDigestMutationMutation, SubscribeToDigestMutationMutationVariables>(
    SUBSCRIBE,
  );
  if (!centre?.centre.digestByMail) return null;
  if (data?.subscribeToDigest)
    return (
      <p className="banner success" role="status">
        {t.digest.sent(email.trim())}
      </p>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await subscribe({ variables: { email, feed } }).catch(() => null);
  };
  // The server's message names the field and says what is wrong, in the same words for every client.
  return (
    <form className="digest-form" onSubmit={submit} noValidate>
      <label>
        {t.digest.mailLabel}
        <input
          type="email"
          name="email"
          autoComplete="email"
          inputMode="email"
          placeholder={t.digest.emailPlaceholder}
          required
          maxLength={254}
          value={email}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? 'digest-error' : undefined}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      {error && (
        <p id="digest-error" role="alert" className="error">
          {error.message}
        </p>
      )}
      <button type="submit" disabled={loading}>
        {t.digest.send}
      </button>
    </form>
  );
}

/** «Подписаться»: the Atom feed of what the page shows, a weekly letter of it when the centre has mail, and the page's own link to pass on. */
export function Subscribe({ feed, feedLabel }: { feed: string; feedLabel: string }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(location.href).catch(() => undefined);
    setCopied(true);
  };
  return (
    <div className="subscribe">
      <button type="button" className="secondary" aria-expanded={open} aria-controls="subscribe-panel" onClick={() => setOpen(!open)}>
        {t.subscribe}
      </button>
      {open && (
        <div id="subscribe-panel" className="subscribe-panel">
          <p>{t.subscribeIntro}</p>
          <p>
            <a href={feed} type="application/atom+xml">
              {feedLabel}
            </a>
          </p>
          <DigestByMail feed={feed} />
          <p>
            <button type="button" className="secondary" onClick={() => void copy()}>
              {t.copyLink}
            </button>{' '}
            <span role="status">{copied ? t.linkCopied : ''}</span>
          </p>
        </div>
      )}
    </div>
  );
}
