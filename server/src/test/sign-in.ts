import { expect } from 'vitest';
import type { Role } from '../modules/accounts/user.entity.ts';
import { buildUser, TEST_PASSWORD } from './factories.ts';
import type { TestApp } from './harness.ts';

export { TEST_PASSWORD };

/** A user of the role, signed in through the real login mutation. */
export async function signIn(app: TestApp, role: Role, extra: { personId?: string; name?: string } = {}) {
  const em = app.em();
  const { email } = await buildUser(em, {
    role,
    name: extra.name,
    person: extra.personId ? (em.getReference('Person', extra.personId) as never) : undefined,
  });
  const res = await app.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id role } } }`, {
    e: email,
    p: TEST_PASSWORD,
  });
  expect(res.errors).toBeUndefined();
  return { token: res.data.login.token as string, id: res.data.login.user.id as string, email };
}
