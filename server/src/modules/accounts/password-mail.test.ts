import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer } from '../../common/mail.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { linkIn, startMailbox } from '../../test/mailbox.ts';
import { signIn, TEST_PASSWORD } from '../../test/sign-in.ts';
import { AuditEvent, Role, User } from './user.entity.ts';

let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let app: TestApp;
const PUBLIC_URL = 'https://metod.example.ru';
const CENTRE = { name: 'ИМЦ Северо-Енисейского района', municipality: 'Северо-Енисейский район', headTitle: 'Директор' };

beforeAll(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({
    centre: CENTRE,
    mailer: smtpMailer({ smtpUrl: mailbox.url, from: 'ИМЦ <noreply@metod.example.ru>', publicUrl: PUBLIC_URL }),
  });
});
afterAll(async () => {
  await app?.close();
  await mailbox?.close();
});

const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { user { email } } }`;
const REQUEST = `mutation($e: String!) { requestPasswordReset(email: $e) }`;

describe('passwords by mail (a real SMTP server)', () => {
  it('mails a one-time link to a person who forgot the password; the link sets a new one once', async () => {
    const user = await signIn(app, Role.AUTHOR);
    expect((await app.gql(`{ centre { name municipality passwordResetByMail } }`)).data.centre).toEqual({
      name: CENTRE.name,
      municipality: CENTRE.municipality,
      passwordResetByMail: true,
    });
    expect((await app.gql(REQUEST, { e: `  ${user.email.toUpperCase()} ` })).data.requestPasswordReset).toBe(true);
    const letter = await mailbox.letterTo(user.email);
    expect(letter.subject).toBe(`${CENTRE.name}: смена пароля`);
    expect(letter.text).toContain('Ссылка действует час и открывается один раз');
    const link = linkIn(letter)!;
    expect(link.startsWith(`${PUBLIC_URL}/reset-password#`)).toBe(true);
    const token = link.slice(link.indexOf('#') + 1);
    expect((await app.gql(RESET, { t: token, p: 'пароль-из-письма-1' })).data.resetPassword.user.email).toBe(user.email);
    expect((await app.gql(RESET, { t: token, p: 'пароль-из-письма-2' })).errors![0]!.extensions!.argument).toBe('token');
    const login = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
    expect((await app.gql(login, { e: user.email, p: TEST_PASSWORD })).errors).toBeDefined();
    expect((await app.gql(login, { e: user.email, p: 'пароль-из-письма-1' })).errors).toBeUndefined();
  });

  it('answers an unknown address as a known one and mails nothing; asks again within minutes mail once', async () => {
    const user = await signIn(app, Role.READER);
    const stranger = `nobody-${process.pid}@imc.test`;
    expect((await app.gql(REQUEST, { e: stranger })).data.requestPasswordReset).toBe(true);
    expect((await app.gql(REQUEST, { e: user.email })).data.requestPasswordReset).toBe(true);
    expect((await app.gql(REQUEST, { e: user.email })).data.requestPasswordReset).toBe(true);
    await mailbox.letterTo(user.email);
    const account = await app.em().findOneOrFail(User, { email: user.email });
    expect(await app.em().count(AuditEvent, { type: 'password.reset_issued', subject: account.id })).toBe(1);
    // The letters go in order on one connection: a second letter to the user would have come before this one.
    const next = await signIn(app, Role.READER);
    await app.gql(REQUEST, { e: next.email });
    await mailbox.letterTo(next.email);
    expect(mailbox.letters.filter((l) => l.to.includes(user.email))).toHaveLength(1);
    expect(mailbox.letters.some((l) => l.to.includes(stranger))).toBe(false);
    const bad = await app.gql(REQUEST, { e: 'не адрес' });
    expect(bad.errors![0]!.message).toBe('Аргумент email: «не адрес» — не адрес электронной почты');
  });

  it('issues one link for requests sent at once', async () => {
    const user = await signIn(app, Role.READER);
    const answers = await Promise.all(Array.from({ length: 8 }, () => app.gql(REQUEST, { e: user.email })));
    expect(answers.map((a) => a.data.requestPasswordReset)).toEqual(Array(8).fill(true));
    await mailbox.letterTo(user.email);
    const account = await app.em().findOneOrFail(User, { email: user.email });
    expect(await app.em().count(AuditEvent, { type: 'password.reset_issued', subject: account.id })).toBe(1);
  });

  it('mails an invitation to a new account, and says so to the administrator', async () => {
    const admin = await signIn(app, Role.ADMIN);
    const address = `invited-${process.pid}@imc.test`;
    const res = await app.gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { invitation { mailed url path } } }`,
      { input: { email: address, name: 'Приглашённая Мария', role: 'AUTHOR', access: 'INVITATION' } },
      admin.token,
    );
    expect(res.errors).toBeUndefined();
    const { invitation } = res.data.createUser;
    expect(invitation.mailed).toBe(true);
    expect(invitation.url).toBe(`${PUBLIC_URL}${invitation.path}`);
    const letter = await mailbox.letterTo(address);
    expect(letter.subject).toBe(`${CENTRE.name}: приглашение в методическую базу знаний`);
    expect(linkIn(letter)).toBe(invitation.url);
  });
});
