import { expect } from 'vitest';
import { AccountService } from '../modules/accounts/account.service.ts';
import { Role, User } from '../modules/accounts/user.entity.ts';
import type { TestApp } from './harness.ts';

export const TEST_PASSWORD = 'верный-пароль-123';
let counter = 0;

/** A user of the role, signed in through the real login mutation. */
export async function signIn(app: TestApp, role: Role, extra: { personId?: string } = {}) {
  const em = app.em();
  const email = `${role.toLowerCase()}${++counter}-${process.pid}@imc.test`;
  const user = await new AccountService(em).createUser({ email, name: `${role} ${counter}`, role, password: TEST_PASSWORD });
  if (extra.personId) {
    const u = await em.findOneOrFail(User, { id: user.id });
    u.person = em.getReference('Person', extra.personId) as never;
    await em.flush();
  }
  const res = await app.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id role } } }`, { e: email, p: TEST_PASSWORD });
  expect(res.errors).toBeUndefined();
  return { token: res.data.login.token as string, id: res.data.login.user.id as string, email };
}
