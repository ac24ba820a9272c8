import { gql } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { apollo } from '../app/apollo.ts';
import { t } from '../app/i18n.ts';
import { navigate } from '../app/router.tsx';
import { usePageTitle } from '../app/title.ts';
import type { LoginMutationMutation, LoginMutationMutationVariables } from '../gql/graphql.ts';

const LOGIN_MUTATION = gql`
  mutation LoginMutation($email: String!, $password: String!) {
    login(email: $email, password: $password) { user { id name role } }
  }
`;

export default function LoginPage() {
  usePageTitle(t.signIn);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [login, { loading, error }] = useMutation<LoginMutationMutation, LoginMutationMutationVariables>(LOGIN_MUTATION);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await login({ variables: { email, password } }).catch(() => null);
    if (result?.data) {
      await apollo.resetStore();
      navigate('/my');
    }
  };
  return (
    <form className="material form" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{t.signIn}</h1>
      <label>{t.email}<input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} /></label>
      <label>{t.password}<input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} /></label>
      {error && <p role="alert" className="error">{error.message}</p>}
      <button type="submit" disabled={loading}>{t.signIn}</button>
    </form>
  );
}
