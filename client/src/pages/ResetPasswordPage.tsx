import { gql } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { apollo } from '../app/apollo.ts';
import { access } from '../app/texts/access.ts';
import { navigate } from '../app/router.tsx';
import { usePageTitle } from '../app/title.ts';
import type { ResetPasswordMutationMutation, ResetPasswordMutationMutationVariables } from '../gql/graphql.ts';

const RESET = gql`
  mutation ResetPasswordMutation($token: String!, $newPassword: String!) {
    resetPassword(token: $token, newPassword: $newPassword) {
      user {
        id
        name
        role
      }
    }
  }
`;

/**
 * A one-time link (an invitation or a reset) opened: the secret rides in the fragment, which no
 * server log sees; the new password signs the person in.
 */
export default function ResetPasswordPage() {
  usePageTitle(access.setTitle);
  const [token] = useState(() => decodeURIComponent(location.hash.slice(1)));
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [reset, { loading, error }] = useMutation<ResetPasswordMutationMutation, ResetPasswordMutationMutationVariables>(RESET);
  const mismatch = repeat !== '' && repeat !== password;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    const result = await reset({ variables: { token, newPassword: password } }).catch(() => null);
    if (result?.data) {
      await apollo.resetStore();
      navigate('/my', { replace: true });
    }
  };
  return (
    <section className="material sign-in">
      <form className="form" onSubmit={submit} aria-labelledby="set-title">
        <h1 id="set-title">{access.setTitle}</h1>
        {token ? (
          <p>{access.setIntro}</p>
        ) : (
          <p role="alert" className="error">
            {access.noToken}
          </p>
        )}
        <label>
          {access.newPassword}
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={200}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label>
          {access.repeatPassword}
          <input
            type="password"
            autoComplete="new-password"
            required
            aria-invalid={mismatch}
            aria-describedby={mismatch ? 'mismatch' : undefined}
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </label>
        {mismatch && (
          <p id="mismatch" className="error">
            {access.mismatch}
          </p>
        )}
        {error && (
          <p role="alert" className="error">
            {error.message}
          </p>
        )}
        <button type="submit" disabled={loading || !token || mismatch}>
          {access.save}
        </button>
      </form>
    </section>
  );
}
