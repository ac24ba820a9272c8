import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/modules/accounts/user.entity.ts';
import { buildDigestSubscription } from '../../server/src/test/factories.ts';
import { startMailbox } from '../../server/src/test/mailbox.ts';
import { checkRoute, createUser, type E2e, inDatabase, newPage, PHONE, shoot, SHOTS, signIn, startE2e } from './harness.ts';

/**
 * The weekly e-mail digest as a teacher meets it: the address in «Подписаться» on the search page,
 * the confirmation letter in a real mailbox (an SMTP server of the test's own), its link opened in
 * the browser, the subscription on «Мои материалы», and the unsubscribe link.
 */
let e2e: E2e;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
const TEACHER = { email: 'teacher@digest.test', password: 'пароль-учителя-e2e' };
/** A teacher subscribed already (each test makes what it needs: either runs alone). */
const SUBSCRIBED = { email: 'subscribed@digest.test', password: 'пароль-подписчика-e2e' };

beforeAll(async () => {
  mailbox = await startMailbox();
  e2e = await startE2e('digest', { SMTP_URL: mailbox.url });
  await createUser(e2e, TEACHER.email, 'Учитель Орлова', Role.READER, TEACHER.password);
  await createUser(e2e, SUBSCRIBED.email, 'Учитель Громова', Role.READER, SUBSCRIBED.password);
}, 600_000);

afterAll(async () => {
  await e2e?.stop();
  await mailbox?.close();
});

describe('e-mail digest', () => {
  it('subscribes from the search page and confirms by the link of the letter; a cut link gets a page that says so', async () => {
    const url = e2e.server.url;
    const page = await newPage(e2e);
    await page.goto(`${url}/?q=${encodeURIComponent('проект')}`);
    await page.getByRole('button', { name: 'Подписаться' }).click();
    const address = page.getByLabel('Получать новые материалы по почте раз в неделю');
    await address.fill('не адрес');
    await page.getByRole('button', { name: 'Подписаться по почте' }).click();
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'Аргумент email: «не адрес» — не адрес электронной почты' }).count())
      .toBe(1);
    await address.fill(TEACHER.email);
    await page.getByRole('button', { name: 'Подписаться по почте' }).click();
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: `Письмо отправлено на ${TEACHER.email}` })
          .count(),
      )
      .toBe(1);
    await shoot(page, 'digest-subscribed');
    // The whole results page is too tall to see the panel at 360 px: the screen as the phone shows it.
    await page.setViewportSize(PHONE);
    await page.getByRole('status').filter({ hasText: 'Письмо отправлено' }).scrollIntoViewIfNeeded();
    // The panel opens within the phone's screen (hung from the button's right edge it ran off the left one).
    const panel = (await page.locator('#subscribe-panel').boundingBox())!;
    expect(panel.x).toBeGreaterThanOrEqual(0);
    expect(panel.x + panel.width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(SHOTS, 'digest-subscribed-panel-360.png') });

    const letter = await mailbox.letterTo(TEACHER.email, 30_000);
    expect(letter.text).toContain('«Методическая база знаний: «проект»»');
    const confirm = new RegExp(`${url}/digest/confirm/([A-Za-z0-9_-]{43})`).exec(letter.text);
    expect(confirm).not.toBeNull();
    await page.goto(confirm![0]);
    await page.getByRole('heading', { level: 1, name: 'Подписка подтверждена' }).waitFor();
    expect(await page.locator('main').innerText()).toContain(
      `Раз в неделю на ${TEACHER.email} будут приходить новые материалы: «Методическая база знаний: «проект»»`,
    );
    expect(await checkRoute(page, 'digest-confirmed')).toEqual([]);
    // «Открыть эти материалы» leads back to the same search.
    await page.getByRole('link', { name: 'Открыть эти материалы' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('проект');

    // A link cut short in the letter: a page that says so, not an error of the server.
    await page.goto(`${url}/digest/confirm/${'x'.repeat(43)}`);
    await page.getByRole('heading', { level: 1, name: 'Ссылка не сработала' }).waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('Такой подписки нет');
    expect(await checkRoute(page, 'digest-unknown-link')).toEqual([]);
    await page.close();
  }, 300_000);

  it('shows the subscription on «Мои материалы» of the same address, and ends it by the unsubscribe link', async () => {
    const url = e2e.server.url;
    const { token: secret } = await inDatabase(e2e, (em) => buildDigestSubscription(em, { email: SUBSCRIBED.email }));

    // Signed in with the same address, the teacher sees the subscription among their own things.
    const mine = await signIn(e2e, SUBSCRIBED.email, SUBSCRIBED.password, PHONE);
    await mine.getByRole('heading', { level: 2, name: 'Подписки на новые материалы' }).waitFor();
    expect(await mine.locator('.my-subscriptions').innerText()).toContain('письма приходят');
    expect(await mine.locator('.my-subscriptions').innerText()).toContain('Методическая база знаний: «проект»');
    await shoot(mine, 'digest-my-subscriptions');
    await mine.close();

    // Every digest ends with the unsubscribe link of the same secret.
    const leave = await newPage(e2e);
    await leave.goto(`${url}/digest/unsubscribe/${secret}`);
    await leave.getByRole('heading', { level: 1, name: 'Вы отписались' }).waitFor();
    expect(await checkRoute(leave, 'digest-unsubscribed')).toEqual([]);
    await leave.close();
  }, 300_000);
});
