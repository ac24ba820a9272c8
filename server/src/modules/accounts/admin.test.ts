import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromGlobalId } from '../../common/global-id.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn, TEST_PASSWORD } from '../../test/sign-in.ts';
import { PasswordLink } from './password-link.entity.ts';
import { Role } from './user.entity.ts';

const app = useTestApp();

const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id email role active } password invitation { path url mailed expiresAt } } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { token user { email } } }`;
const ISSUE = `mutation($id: ID!) { issuePasswordReset(userId: $id) { path mailed } }`;
const VIEWER = `{ viewer { email } }`;
let counter = 0;
const email = () => `new${++counter}-${process.pid}@imc.test`;
const tokenOf = (path: string) => path.slice(path.indexOf('#') + 1);

describe('accounts made by an administrator', () => {
  it('creates an account with a one-time password shown once, which signs in', async () => {
    const admin = await signIn(app, Role.ADMIN);
    const address = email();
    const res = await app.gql(CREATE, { input: { email: address, name: 'Орлова Ирина', role: 'AUTHOR', access: 'PASSWORD' } }, admin.token);
    expect(res.errors).toBeUndefined();
    const { user, password, invitation } = res.data.createUser;
    expect(user).toMatchObject({ email: address, role: 'AUTHOR', active: true });
    expect(invitation).toBeNull();
    expect(password).toMatch(/^[A-Za-z0-9]{14}$/);
    expect((await app.gql(LOGIN, { e: address, p: password })).errors).toBeUndefined();

    const again = await app.gql(
      CREATE,
      { input: { email: address.toUpperCase(), name: 'Дубль', role: 'READER', access: 'PASSWORD' } },
      admin.token,
    );
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.email' });
    expect(again.errors![0]!.message).toBe(`Аргумент input.email: пользователь ${address} уже есть`);
    const bad = await app.gql(CREATE, { input: { email: 'не адрес', name: 'Кто-то', role: 'READER' } }, admin.token);
    expect(bad.errors![0]!.message).toBe('Аргумент input.email: «не адрес» — не адрес электронной почты');
  });

  it('invites by a one-time link that sets the password and signs in, works once, and is stored only hashed', async () => {
    const admin = await signIn(app, Role.ADMIN);
    const address = email();
    const res = await app.gql(CREATE, { input: { email: address, name: 'Белов Андрей', role: 'EXPERT' } }, admin.token);
    expect(res.errors).toBeUndefined();
    const { password, invitation } = res.data.createUser;
    expect(password).toBeNull();
    // No mail configured: the administrator hands the link over.
    expect(invitation).toMatchObject({ mailed: false, url: null });
    expect(invitation.path).toMatch(/^\/reset-password#[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(invitation.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const secret = tokenOf(invitation.path);
    const stored = await app.em().find(PasswordLink, {});
    expect(stored.some((link) => link.tokenHash === crypto.createHash('sha256').update(secret).digest('hex'))).toBe(true);
    expect(stored.some((link) => link.tokenHash.includes(secret))).toBe(false);
    // Before the link is used nobody knows a password for the account.
    expect((await app.gql(LOGIN, { e: address, p: TEST_PASSWORD })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');

    const short = await app.gql(RESET, { t: secret, p: 'короткий' });
    expect(short.errors![0]!.message).toBe('Аргумент newPassword: пароль не короче 10 символов');
    const used = await app.gql(RESET, { t: secret, p: 'новый-пароль-эксперта' });
    expect(used.errors).toBeUndefined();
    expect(used.data.resetPassword.user.email).toBe(address);
    expect((await app.gql(VIEWER, {}, used.data.resetPassword.token)).data.viewer.email).toBe(address);
    expect((await app.gql(LOGIN, { e: address, p: 'новый-пароль-эксперта' })).errors).toBeUndefined();
    const twice = await app.gql(RESET, { t: secret, p: 'другой-пароль-123' });
    expect(twice.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'token' } });
    expect(twice.errors![0]!.message).toContain('ссылка недействительна');
  });

  it('issues a reset link that ends the old password, every session and any older link; an expired link does nothing', async () => {
    const admin = await signIn(app, Role.ADMIN);
    const someone = await signIn(app, Role.METHODIST);
    const first = (await app.gql(ISSUE, { id: someone.id }, admin.token)).data.issuePasswordReset;
    const second = (await app.gql(ISSUE, { id: someone.id }, admin.token)).data.issuePasswordReset;
    expect(first.path).not.toBe(second.path);
    expect((await app.gql(RESET, { t: tokenOf(first.path), p: 'пароль-по-первой' })).errors![0]!.extensions!.argument).toBe('token');

    await app.em().nativeUpdate(PasswordLink, {}, { expiresAt: new Date(Date.now() - 1000) });
    expect((await app.gql(RESET, { t: tokenOf(second.path), p: 'пароль-просроченный' })).errors![0]!.extensions!.argument).toBe('token');
    const third = (await app.gql(ISSUE, { id: someone.id }, admin.token)).data.issuePasswordReset;
    expect((await app.gql(RESET, { t: tokenOf(third.path), p: 'пароль-по-третьей' })).errors).toBeUndefined();
    expect((await app.gql(VIEWER, {}, someone.token)).data.viewer).toBeNull();
    expect((await app.gql(LOGIN, { e: someone.email, p: TEST_PASSWORD })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await app.gql(LOGIN, { e: someone.email, p: 'пароль-по-третьей' })).errors).toBeUndefined();
  });

  it('blocks and unblocks: a blocked account is signed out and cannot sign in or use a link', async () => {
    const admin = await signIn(app, Role.ADMIN);
    const someone = await signIn(app, Role.AUTHOR);
    const link = (await app.gql(ISSUE, { id: someone.id }, admin.token)).data.issuePasswordReset;
    const block = await app.gql(`mutation($id: ID!) { updateUser(id: $id, active: false) { active } }`, { id: someone.id }, admin.token);
    expect(block.data.updateUser.active).toBe(false);
    expect((await app.gql(VIEWER, {}, someone.token)).data.viewer).toBeNull();
    expect((await app.gql(LOGIN, { e: someone.email, p: TEST_PASSWORD })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await app.gql(RESET, { t: tokenOf(link.path), p: 'пароль-заблокированного' })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    await app.gql(`mutation($id: ID!) { updateUser(id: $id, active: true) { active } }`, { id: someone.id }, admin.token);
    expect((await app.gql(LOGIN, { e: someone.email, p: TEST_PASSWORD })).errors).toBeUndefined();
  });

  it('refuses the account mutations to every role but an admin, to API tokens and to strangers, changing nothing', async () => {
    const admin = await signIn(app, Role.ADMIN);
    const target = await signIn(app, Role.READER);
    const created = await app.gql(`mutation { createApiToken(name: "Портал района", scope: READ_WRITE) { token } }`, {}, admin.token);
    const apiToken = created.data.createApiToken.token as string;
    const attempts = [
      [CREATE, { input: { email: email(), name: 'Посторонний', role: 'ADMIN', access: 'PASSWORD' } }],
      [ISSUE, { id: target.id }],
      [`mutation($id: ID!) { updateUser(id: $id, role: ADMIN) { role } }`, { id: target.id }],
      [`{ auditEvents(first: 5) { totalCount } }`, {}],
      [`{ auditEventTypes { type } }`, {}],
    ] as const;
    for (const role of [Role.READER, Role.AUTHOR, Role.EXPERT, Role.METHODIST]) {
      const { token } = await signIn(app, role);
      for (const [query, variables] of attempts)
        expect((await app.gql(query, variables, token)).errors?.[0]?.extensions?.code, `${role}: ${query}`).toBe('FORBIDDEN');
    }
    for (const [query, variables] of attempts) {
      expect((await app.gql(query, variables)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const byToken = await app.gql(query, variables, apiToken);
      expect(byToken.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(byToken.errors?.[0]?.message).toMatch(/^Через токен доступа нельзя/);
    }
    expect(await app.em().count(PasswordLink, { user: fromGlobalId(target.id, 'id').id })).toBe(0);
    const users = await app.gql(`{ users(first: 100, query: "Посторонний") { totalCount } }`, {}, admin.token);
    expect(users.data.users.totalCount).toBe(0);
  });

  it('refuses a reset by mail where no mail is configured, saying who issues links', async () => {
    const res = await app.gql(`mutation { requestPasswordReset(email: "кто-то@imc.test") }`);
    expect(res.errors![0]).toMatchObject({
      message: 'Почта не настроена: ссылку для смены пароля выдаёт администратор центра',
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await app.gql(`{ centre { name passwordResetByMail } }`)).data.centre).toEqual({
      name: 'Информационно-методический центр',
      passwordResetByMail: false,
    });
  });
});

describe('the audit log', () => {
  it('lists what happened, newest first, by kind, person and day, in pages', async () => {
    const admin = await signIn(app, Role.ADMIN);
    const address = email();
    await app.gql(CREATE, { input: { email: address, name: 'Журналова Анна', role: 'READER', access: 'PASSWORD' } }, admin.token);
    await app.gql(LOGIN, { e: address, p: 'неверный-пароль-1' });
    const query = `query($f: AuditFilter, $after: String) { auditEvents(first: 1, filter: $f, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { type label subject details at actor { email } } } }`;
    const failed = await app.gql(query, { f: { types: ['login.failed'], query: address } }, admin.token);
    expect(failed.errors).toBeUndefined();
    expect(failed.data.auditEvents.totalCount).toBe(1);
    expect(failed.data.auditEvents.nodes[0]).toMatchObject({ type: 'login.failed', label: 'неудачный вход', subject: address });

    const made = await app.gql(query, { f: { types: ['user.created', 'login'], query: 'Журналова' } }, admin.token);
    expect(made.data.auditEvents.nodes[0]).toMatchObject({
      type: 'user.created',
      label: 'создана учётная запись',
      actor: { email: admin.email },
    });
    expect(JSON.parse(made.data.auditEvents.nodes[0].details)).toMatchObject({ email: address, role: 'READER' });

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
    const all = await app.gql(query, { f: { from: today, to: today } }, admin.token);
    expect(all.data.auditEvents.totalCount).toBeGreaterThan(3);
    const next = await app.gql(query, { f: { from: today, to: today }, after: all.data.auditEvents.pageInfo.endCursor }, admin.token);
    expect(Date.parse(next.data.auditEvents.nodes[0].at)).toBeLessThanOrEqual(Date.parse(all.data.auditEvents.nodes[0].at));
    const tomorrow = await app.gql(query, { f: { from: '2099-01-01' } }, admin.token);
    expect(tomorrow.data.auditEvents.totalCount).toBe(0);
  });
});
