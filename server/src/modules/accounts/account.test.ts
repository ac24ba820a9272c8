import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../../test/harness.ts';
import { signIn, TEST_PASSWORD } from '../../test/sign-in.ts';
import { MAX_FAILURES, passwords } from './account.service.ts';
import { Role, User } from './user.entity.ts';

const app = useTestApp();
afterEach(() => void vi.restoreAllMocks());

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
const CHANGE_PASSWORD = `mutation($old: String!, $new: String!) { changePassword(oldPassword: $old, newPassword: $new) }`;
const LOCKED = /^Слишком много неудачных попыток входа; попробуйте через 15 мин\.$/;

/** What an Argon2 verification against a hash costs: its algorithm and parameters, without salt and digest. */
const argon2Cost = (passwordHash: string) => passwordHash.split('$').slice(1, 4).join('$');

/** `count` requests sent at once, as a script guessing in parallel would. */
const burst = <T>(count: number, request: (i: number) => Promise<T>) => Promise.all(Array.from({ length: count }, (_, i) => request(i)));

describe('password guessing', () => {
  it('gives a wrong password and an unknown e-mail the same answer after the same work (one Argon2 verification of the same cost), then locks after five failures', async () => {
    const user = await signIn(app, Role.READER);
    const stored = await app.em().findOneOrFail(User, { email: user.email }, { populate: ['passwordHash'] as never });
    const verifications = vi.spyOn(passwords, 'verify');
    /** One failed sign-in: what it answered and the costs of the verifications it ran (its time: bench/RESULTS.md). */
    const attempt = async (email: string) => {
      verifications.mockClear();
      const res = await app.gql(LOGIN, { e: email, p: 'неверный-пароль' });
      return {
        code: res.errors?.[0]?.extensions?.code,
        message: res.errors?.[0]?.message,
        verified: verifications.mock.calls.map(([hash]) => argon2Cost(hash)),
      };
    };
    const same = { code: 'UNAUTHENTICATED', message: 'Неверный email или пароль', verified: [argon2Cost(stored.passwordHash)] };
    expect(same.verified[0]).toMatch(/^argon2id\$v=19\$m=\d+,t=\d+,p=\d+$/);
    for (let i = 0; i < MAX_FAILURES - 1; i++) {
      expect(await attempt(user.email)).toEqual(same);
      expect(await attempt(`nobody${i}@imc.test`)).toEqual(same);
    }

    await attempt(user.email); // the fifth failure
    expect((await app.gql(LOGIN, { e: user.email, p: TEST_PASSWORD })).errors?.[0]?.message).toMatch(LOCKED);
  });

  it('checks at most five of twenty parallel wrong passwords for one address, answers none with a server error, and then refuses the right password', async () => {
    const user = await signIn(app, Role.READER);
    const verifications = vi.spyOn(passwords, 'verify');

    const answers = await burst(20, (i) => app.gql(LOGIN, { e: user.email, p: `неверный-пароль-${i}` }));

    expect(answers.map((a) => a.errors?.[0]?.extensions?.code)).toEqual(Array(20).fill('UNAUTHENTICATED'));
    expect(verifications).toHaveBeenCalledTimes(MAX_FAILURES);
    const messages = answers.map((a) => a.errors![0]!.message);
    expect(messages.filter((m) => m === 'Неверный email или пароль')).toHaveLength(MAX_FAILURES);
    expect(messages.filter((m) => LOCKED.test(m))).toHaveLength(20 - MAX_FAILURES);

    const right = await app.gql(LOGIN, { e: user.email, p: TEST_PASSWORD });
    expect(right.errors?.[0]?.message).toMatch(LOCKED);
    expect(verifications).toHaveBeenCalledTimes(MAX_FAILURES);
  });

  it('counts wrong current passwords in changePassword on the same lock as sign-in, so that parallel guesses check only what the limit leaves', async () => {
    const user = await signIn(app, Role.AUTHOR);
    for (let i = 0; i < 3; i++) await app.gql(LOGIN, { e: user.email, p: `неверный-пароль-${i}` });
    const verifications = vi.spyOn(passwords, 'verify');

    const answers = await burst(20, (i) => app.gql(CHANGE_PASSWORD, { old: `не-тот-пароль-${i}`, new: 'новый-пароль-456' }, user.token));

    expect(answers.map((a) => a.errors?.[0]?.extensions?.code)).toEqual(Array(20).fill('BAD_USER_INPUT'));
    expect(answers.every((a) => a.errors![0]!.extensions!.argument === 'oldPassword')).toBe(true);
    expect(verifications).toHaveBeenCalledTimes(MAX_FAILURES - 3);

    const right = await app.gql(CHANGE_PASSWORD, { old: TEST_PASSWORD, new: 'новый-пароль-456' }, user.token);
    expect(right.errors?.[0]?.message).toMatch(
      /^Аргумент oldPassword: слишком много неверных паролей; вход и смена пароля закрыты на 15 мин\.$/,
    );
    expect((await app.gql(LOGIN, { e: user.email, p: TEST_PASSWORD })).errors?.[0]?.message).toMatch(LOCKED);
    expect(verifications).toHaveBeenCalledTimes(MAX_FAILURES - 3);
    verifications.mockRestore();
    const stored = await app.em().findOneOrFail(User, { email: user.email }, { populate: ['passwordHash'] as never });
    expect(await passwords.verify(stored.passwordHash, TEST_PASSWORD)).toBe(true);
  });

  it('starts counting again after the right password, after a lock ends and after the window of the first failure ends', async () => {
    const user = await signIn(app, Role.READER);
    const wrong = (times: number) => burst(times, (i) => app.gql(LOGIN, { e: user.email, p: `неверный-пароль-${i}` }));
    const right = () => app.gql(LOGIN, { e: user.email, p: TEST_PASSWORD });
    const throttle = (set: string) => app.em().execute(`update login_throttle set ${set} where email = ?`, [user.email]);

    await wrong(MAX_FAILURES - 1);
    expect((await right()).errors).toBeUndefined();
    await wrong(MAX_FAILURES - 1);
    expect((await right()).errors).toBeUndefined();

    await wrong(MAX_FAILURES);
    expect((await right()).errors?.[0]?.message).toMatch(LOCKED);
    await throttle(`locked_until = now() - interval '1 second'`);
    expect((await right()).errors).toBeUndefined();

    await wrong(MAX_FAILURES - 1);
    await throttle(`first_failure_at = now() - interval '16 minutes'`);
    await wrong(MAX_FAILURES - 1);
    expect((await right()).errors).toBeUndefined();
  });
});
