import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { apollo } from '../app/apollo.ts';
import { t } from '../app/i18n.ts';
import { access } from '../app/texts/access.ts';
import { navigate } from '../app/router.tsx';
import { usePageTitle } from '../app/title.ts';
import type {
  LoginCentreQueryQuery,
  LoginMutationMutation,
  LoginMutationMutationVariables,
  RequestPasswordResetMutationMutation,
  RequestPasswordResetMutationMutationVariables,
} from '../gql/graphql.ts';

const LOGIN_MUTATION = gql`
  mutation LoginMutation($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      user {
        id
        name
        role
      }
    }
  }
`;
const CENTRE = gql`
  query LoginCentreQuery {
    centre {
      name
      email
      passwordResetByMail
    }
  }
`;
const REQUEST_RESET = gql`
  mutation RequestPasswordResetMutation($email: String!) {
    requestPasswordReset(email: $email)
  }
`;

/** «Забыли пароль?»: a link by mail when the centre has mail, otherwise who hands one out. */
function ForgotPassword({ email: typed, centre }: { email: string; centre: LoginCentreQueryQuery['centre'] | undefined }) {
  const [email, setEmail] = useState(typed);
  const [request, { data, loading, error }] = useMutation<
    RequestPasswordResetMutationMutation,
    RequestPasswordResetMutationMutationVariables
  >(REQUEST_RESET);
  if (!centre?.passwordResetByMail) return <p role="status">{access.askAdmin(centre?.email)}</p>;
  if (data?.requestPasswordReset)
    return (
      <p className="banner success" role="status">
        {access.requested(email)}
      </p>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await request({ variables: { email } }).catch(() => null);
  };
  return (
    <form className="form" aria-labelledby="reset-title" onSubmit={submit}>
      <h2 id="reset-title">{access.requestTitle}</h2>
      <p>{access.requestIntro}</p>
      <label>
        {t.email}
        <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <button type="submit" disabled={loading}>
        {access.requestSend}
      </button>
    </form>
  );
}

export default function LoginPage() {
  usePageTitle(t.signIn);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [forgot, setForgot] = useState(false);
  const centre = useQuery<LoginCentreQueryQuery>(CENTRE).data?.centre;
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
    <section className="material sign-in">
      <form className="form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t.signIn}</h1>
        <label>
          {t.email}
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t.password}
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error.message}
          </p>
        )}
        <button type="submit" disabled={loading}>
          {t.signIn}
        </button>
      </form>
      <p>
        <button type="button" className="link" aria-expanded={forgot} onClick={() => setForgot(!forgot)}>
          {access.forgot}
        </button>
      </p>
      {forgot && <ForgotPassword email={email} centre={centre} />}
      {centre && <p className="muted">{access.howToGet(centre.email)}</p>}
    </section>
  );
}
