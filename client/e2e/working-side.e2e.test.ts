import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role, User } from '../../server/src/modules/accounts/user.entity.ts';
import { TokenScope } from '../../server/src/modules/tokens/api-token.entity.ts';
import { TokenService } from '../../server/src/modules/tokens/token.service.ts';
import { startMailbox } from '../../server/src/test/mailbox.ts';
import {
  acceptDialogs,
  checkRoute,
  createUser,
  DISTRICT_TIME_ZONE,
  type E2e,
  inDatabase,
  newPage,
  PHONE,
  signIn,
  startE2e,
} from './harness.ts';

/**
 * The working side as the centre's people do it in the browser: the administrator keeps accounts,
 * tokens and the audit log; people get in by a one-time password or link and reset a forgotten
 * password; a methodist keeps the dictionaries the editor offers. Mail goes through a real SMTP
 * server started here.
 */
let e2e: E2e;
let url: string;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
const ADMIN = { email: 'admin@working.test', password: 'пароль-админа-e2e' };
const METHODIST = { email: 'methodist@working.test', password: 'пароль-методиста-e2e' };
const CENTRE_EMAIL = 'kadry@imc.working.test';

beforeAll(async () => {
  mailbox = await startMailbox();
  // The centre as configured: mail through SMTP and an address for accounts (read when the server starts).
  process.env.SMTP_URL = mailbox.url;
  process.env.CENTRE_EMAIL = CENTRE_EMAIL;
  try {
    e2e = await startE2e('working');
  } finally {
    delete process.env.SMTP_URL;
    delete process.env.CENTRE_EMAIL;
  }
  url = e2e.server.url;
  await createUser(e2e, ADMIN.email, 'Администратор Орлова', Role.ADMIN, ADMIN.password);
  await createUser(e2e, METHODIST.email, 'Методист Белова', Role.METHODIST, METHODIST.password);
});

afterAll(async () => {
  await e2e?.stop();
  await mailbox?.close();
});

/** Sign-in through the form that is expected to be refused: the page's reason. */
async function refusedSignIn(email: string, password: string): Promise<string> {
  const tab = await newPage(e2e);
  await tab.goto(`${url}/login`);
  await tab.getByLabel('Электронная почта').fill(email);
  await tab.getByLabel('Пароль').fill(password);
  await tab.getByRole('button', { name: 'Войти' }).click();
  const alert = tab.getByRole('alert');
  await alert.waitFor();
  const text = await alert.innerText();
  await tab.close();
  return text;
}

/** The table of accounts on the admin page (the audit log below names accounts too). */
const accountRows = (admin: Page) => admin.getByRole('region', { name: 'Учётные записи' }).getByRole('row');

/** The account's row on the admin page, found by the search. */
async function findAccount(admin: Page, email: string) {
  const accounts = admin.getByRole('search', { name: 'Учётные записи' });
  await accounts.getByLabel('Имя или email').fill(email);
  await accounts.getByRole('button', { name: 'Найти' }).click();
  await expect.poll(() => accountRows(admin).filter({ hasText: email }).count()).toBe(1);
  return accountRows(admin).filter({ hasText: email });
}

/** Opens a one-time link and sets a password; the person lands on their desk signed in. */
async function setPasswordByLink(link: string, password: string, viewport = undefined as typeof PHONE | undefined) {
  const tab = await newPage(e2e, viewport);
  await tab.goto(link);
  await tab.getByRole('heading', { name: 'Задать пароль', level: 1 }).waitFor();
  await tab.getByLabel('Новый пароль').fill(password);
  await tab.getByLabel('Пароль ещё раз').fill(password);
  await tab.getByRole('button', { name: 'Сохранить пароль и войти' }).click();
  await expect.poll(() => tab.getByRole('heading', { name: 'Мои материалы', level: 1 }).isVisible()).toBe(true);
  return tab;
}

describe('the administrator’s page', () => {
  it('creates an account with a one-time password that signs in, changes its role, blocks it (sign-in refused) and unblocks it, revokes a token and finds it all in the audit log', async () => {
    const token = await inDatabase(e2e, async (em) => {
      const admin = await em.findOneOrFail(User, { email: ADMIN.email });
      return new TokenService(em).create(
        { userId: admin.id, role: Role.ADMIN },
        { name: 'Электронный журнал школы 5', scope: TokenScope.READ },
      );
    });
    const admin = await signIn(e2e, ADMIN.email, ADMIN.password);
    const asked = acceptDialogs(admin);
    // The header menu leads to the page.
    await admin.getByRole('link', { name: 'Администрирование' }).click();
    await admin.getByRole('heading', { name: 'Администрирование', level: 1 }).waitFor();

    // A new author with a one-time password, shown once.
    await admin.getByRole('button', { name: 'Создать учётную запись' }).click();
    const form = admin.getByRole('form', { name: 'Создать учётную запись' });
    await form.getByLabel('Email').fill('petrova@school5.test');
    await form.getByLabel('Имя').fill('Петрова Анна Сергеевна');
    await form.getByRole('combobox', { name: /^Роль/ }).selectOption({ label: 'эксперт' });
    await form.getByLabel('по одноразовому паролю').check();
    await form.getByRole('button', { name: 'Создать учётную запись' }).click();
    await admin.getByText('Учётная запись «Петрова Анна Сергеевна» создана.').waitFor();
    const oneTime = await admin.getByLabel('Одноразовый пароль (показывается один раз, передайте его человеку):').inputValue();
    expect(oneTime.length).toBeGreaterThanOrEqual(10);
    expect(await checkRoute(admin, 'admin-created-password')).toEqual([]);
    await admin.getByRole('button', { name: 'Готово' }).click();

    // The person signs in with it: an expert sees the review desk.
    const person = await signIn(e2e, 'petrova@school5.test', oneTime);
    await expect.poll(() => person.getByRole('link', { name: 'Экспертиза' }).isVisible()).toBe(true);
    await person.close();

    // Role: expert → author.
    const row = await findAccount(admin, 'petrova@school5.test');
    await row.getByLabel('Роль: Петрова Анна Сергеевна').selectOption({ label: 'автор' });
    await row.getByText('Роль «Петрова Анна Сергеевна»: автор.').waitFor();

    // Blocked after a confirmation: the sign-in is refused.
    await row.getByRole('button', { name: 'Заблокировать: Петрова Анна Сергеевна' }).click();
    await row.getByText('заблокирована', { exact: true }).waitFor();
    expect(asked.at(-1)).toContain('Заблокировать «Петрова Анна Сергеевна»?');
    expect(await refusedSignIn('petrova@school5.test', oneTime)).toMatch(/неверн|заблок/i);
    // Unblocked: the same password works again.
    await row.getByRole('button', { name: 'Разблокировать: Петрова Анна Сергеевна' }).click();
    await row.getByText('активна', { exact: true }).waitFor();
    await (await signIn(e2e, 'petrova@school5.test', oneTime)).close();

    // The centre's token, revoked after a confirmation.
    const tokens = admin.getByRole('region', { name: 'Токены API' });
    const tokenRow = tokens.getByRole('row').filter({ hasText: 'Электронный журнал школы 5' });
    await tokenRow.getByText(token.apiToken.prefix).waitFor();
    await tokenRow.getByRole('button', { name: 'Отозвать: Электронный журнал школы 5' }).click();
    await tokenRow.getByText('отозван').waitFor();
    expect(asked.at(-1)).toContain('Отозвать токен «Электронный журнал школы 5»?');
    const revoked = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.token}` },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(revoked.status === 401 || JSON.stringify(await revoked.json()).includes('error')).toBe(true);

    // The audit log: what happened to this account, filtered by who and by action.
    const audit = admin.getByRole('search', { name: 'Журнал действий' });
    await audit.getByLabel('Кто или о ком').fill('petrova@school5.test');
    await audit.getByLabel('Действие').selectOption({ label: 'учётная запись заблокирована' });
    // The admin's today, in the district where the server counts days.
    const today = new Date().toLocaleDateString('en-CA', { timeZone: DISTRICT_TIME_ZONE });
    await audit.getByLabel('С', { exact: true }).fill(today);
    await audit.getByLabel('По', { exact: true }).fill(today);
    await audit.getByRole('button', { name: 'Найти' }).click();
    const auditTable = admin.locator('table.audit');
    await expect.poll(() => auditTable.locator('tbody tr').count()).toBe(1);
    expect(await auditTable.innerText()).toContain('учётная запись заблокирована');
    expect(await auditTable.innerText()).toContain('Администратор Орлова');
    await audit.getByLabel('Действие').selectOption({ label: 'любое' });
    await audit.getByRole('button', { name: 'Найти' }).click();
    // created, role changed, blocked, unblocked, two sign-ins and more: every line is about this person.
    await expect.poll(() => auditTable.locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    expect(await auditTable.innerText()).toContain('создана учётная запись');
    expect(await auditTable.innerText()).toContain('учётная запись разблокирована');
    expect(await checkRoute(admin, 'admin')).toEqual([]);
    await admin.close();
  });

  it('pages through accounts and the audit log', async () => {
    for (let i = 1; i <= 22; i++)
      await createUser(e2e, `teacher${String(i).padStart(2, '0')}@many.test`, `Учитель ${i}`, Role.READER, 'пароль-учителя-e2e');
    const admin = await signIn(e2e, ADMIN.email, ADMIN.password, PHONE);
    await admin.goto(`${url}/admin`);
    const accounts = admin.getByRole('search', { name: 'Учётные записи' });
    await accounts.getByLabel('Имя или email').fill('@many.test');
    await accounts.getByRole('button', { name: 'Найти' }).click();
    const pager = admin.getByRole('navigation', { name: 'Страницы учётных записей' });
    await pager.getByText('1–20 из 22').waitFor();
    await pager.getByRole('button', { name: 'Следующая страница' }).click();
    await pager.getByText('21–22 из 22').waitFor();
    await expect.poll(() => accountRows(admin).filter({ hasText: '@many.test' }).count()).toBe(2);
    await pager.getByRole('button', { name: 'Предыдущая страница' }).click();
    await pager.getByText('1–20 из 22').waitFor();
    // The audit log in pages too: 22 accounts created, newest first.
    const audit = admin.getByRole('search', { name: 'Журнал действий' });
    await audit.getByLabel('Кто или о ком').fill('@many.test');
    await audit.getByLabel('Действие').selectOption({ label: 'создана учётная запись' });
    await audit.getByRole('button', { name: 'Найти' }).click();
    const auditPager = admin.getByRole('navigation', { name: 'Страницы журнала' });
    await auditPager.getByText('1–20 из 22').waitFor();
    expect(await admin.locator('table.audit').innerText()).toContain('teacher22@many.test');
    await auditPager.getByRole('button', { name: 'Следующая страница' }).click();
    await auditPager.getByText('21–22 из 22').waitFor();
    expect(await admin.locator('table.audit').innerText()).toContain('teacher01@many.test');
    // A non-admin is told the page is not theirs.
    const methodist = await signIn(e2e, METHODIST.email, METHODIST.password);
    await methodist.goto(`${url}/admin`);
    await methodist.getByText('Эта страница — для администраторов ИМЦ.').waitFor();
    expect(await methodist.getByRole('link', { name: 'Администрирование' }).count()).toBe(0);
    expect(await checkRoute(admin, 'admin-accounts-page')).toEqual([]);
    await admin.close();
    await methodist.close();
  });
});

describe('getting in', () => {
  it('an invitation link sets the first password; a reset link issued on the admin page sets a new one and the old password stops working', async () => {
    const admin = await signIn(e2e, ADMIN.email, ADMIN.password);
    await admin.goto(`${url}/admin`);
    await admin.getByRole('button', { name: 'Создать учётную запись' }).click();
    const form = admin.getByRole('form', { name: 'Создать учётную запись' });
    await form.getByLabel('Email').fill('sokolov@school7.test');
    await form.getByLabel('Имя').fill('Соколов Игорь');
    await form.getByRole('button', { name: 'Создать учётную запись' }).click();
    // Invitation is the default; with mail configured it also went by mail.
    const invitation = await admin.getByLabel('Ссылка-приглашение: Соколов Игорь').inputValue();
    expect(invitation).toMatch(new RegExp(`^${url}/reset-password#.+`));
    await admin.getByText('Ссылка также отправлена письмом на адрес учётной записи.').waitFor();
    expect((await mailbox.letterTo('sokolov@school7.test')).text).toContain(invitation);
    await admin.getByRole('button', { name: 'Готово' }).click();

    const invited = await setPasswordByLink(invitation, 'первый-пароль-соколова', PHONE);
    expect(await checkRoute(invited, 'invitation-accepted')).toEqual([]);
    await invited.close();
    // The link worked once.
    const again = await newPage(e2e);
    await again.goto(invitation);
    await again.getByLabel('Новый пароль').fill('другой-пароль-соколова');
    await again.getByLabel('Пароль ещё раз').fill('другой-пароль-соколова');
    await again.getByRole('button', { name: 'Сохранить пароль и войти' }).click();
    await again.getByRole('alert').waitFor();
    await again.close();

    // He forgot it: the admin issues a reset link on the page.
    const row = await findAccount(admin, 'sokolov@school7.test');
    await row.getByRole('button', { name: 'Выдать ссылку для смены пароля: Соколов Игорь' }).click();
    const reset = await row.getByLabel('Ссылка для смены пароля: Соколов Игорь').inputValue();
    expect(reset).toMatch(new RegExp(`^${url}/reset-password#.+`));
    expect(reset).not.toBe(invitation);
    expect(await checkRoute(admin, 'admin-reset-issued')).toEqual([]);

    const opened = await newPage(e2e);
    await opened.goto(reset);
    expect(await checkRoute(opened, 'reset-password')).toEqual([]);
    await opened.getByLabel('Новый пароль').fill('новый-пароль-соколова');
    await opened.getByLabel('Пароль ещё раз').fill('не-тот-повтор');
    await opened.getByText('Пароли не совпадают').waitFor();
    expect(await opened.getByRole('button', { name: 'Сохранить пароль и войти' }).isDisabled()).toBe(true);
    await opened.close();
    (await setPasswordByLink(reset, 'новый-пароль-соколова')).close();
    await (await signIn(e2e, 'sokolov@school7.test', 'новый-пароль-соколова')).close();
    expect(await refusedSignIn('sokolov@school7.test', 'первый-пароль-соколова')).toMatch(/неверн/i);
    await admin.close();
  });

  it('the sign-in page says how to get an account and mails a reset link for «Забыли пароль?»', async () => {
    await createUser(e2e, 'ivanova@school3.test', 'Иванова Мария', Role.AUTHOR, 'старый-пароль-ивановой');
    const tab = await newPage(e2e, PHONE);
    await tab.goto(`${url}/login`);
    await tab.getByText(`напишите на ${CENTRE_EMAIL}`).waitFor();
    await tab.getByRole('button', { name: 'Забыли пароль?' }).click();
    const request = tab.getByRole('form', { name: 'Ссылка для смены пароля' });
    await request.getByLabel('Электронная почта').fill('ivanova@school3.test');
    expect(await checkRoute(tab, 'login-forgot')).toEqual([]);
    await request.getByRole('button', { name: 'Прислать ссылку' }).click();
    await tab.getByText('Если учётная запись с адресом ivanova@school3.test есть, письмо со ссылкой уже в пути.').waitFor();
    const letter = await mailbox.letterTo('ivanova@school3.test');
    const link = /https?:\/\/\S+\/reset-password#\S+/.exec(letter.text)?.[0];
    expect(link).toBeDefined();
    (await setPasswordByLink(link!, 'новый-пароль-ивановой', PHONE)).close();
    await (await signIn(e2e, 'ivanova@school3.test', 'новый-пароль-ивановой')).close();
    await tab.close();
  });
});

describe('the dictionaries', () => {
  /** The subjects the quick form on «Мои материалы» offers. */
  async function offeredSubjects(tab: Page): Promise<string[]> {
    await tab.goto(`${url}/my`);
    const select = tab.getByRole('form', { name: 'Новый материал' }).getByLabel('Предмет');
    await select.waitFor();
    return select.locator('option').allInnerTexts();
  }

  it('a methodist adds, renames, merges (a material moves with it), retires and restores a subject, and the editor offers what is current', async () => {
    const tab = await signIn(e2e, METHODIST.email, METHODIST.password);
    const asked = acceptDialogs(tab);
    await tab.getByRole('link', { name: 'Справочники' }).click();
    await tab.getByRole('heading', { name: 'Справочники', level: 1 }).waitFor();
    const add = async (name: string) => {
      await tab.getByRole('button', { name: 'Добавить предмет' }).click();
      const form = tab.getByRole('form', { name: 'Добавить предмет' });
      await form.getByLabel('Название').fill(name);
      await form.getByRole('button', { name: 'Добавить' }).click();
      await tab.getByText(`«${name}» сохранено.`).waitFor();
    };
    await add('Логопедия');
    await add('Психологія');
    await add('Психология');
    // A typo'd duplicate renamed first, then found to be a duplicate anyway.
    await tab.getByRole('button', { name: 'Изменить: Логопедия' }).click();
    const rename = tab.getByRole('form', { name: 'Изменить: Логопедия' });
    await rename.getByLabel('Название').fill('Логопедия и дефектология');
    await rename.getByRole('button', { name: 'Сохранить' }).click();
    await tab.getByText('«Логопедия и дефектология» сохранено.').waitFor();
    expect(await checkRoute(tab, 'dictionaries')).toEqual([]);

    // The editor offers the new values; an author's draft takes the typo.
    expect(await offeredSubjects(tab)).toEqual(expect.arrayContaining(['Логопедия и дефектология', 'Психологія', 'Психология']));
    expect(await offeredSubjects(tab)).not.toContain('Логопедия');
    const draftForm = tab.getByRole('form', { name: 'Новый материал' });
    await draftForm.getByLabel('Название').fill('Тренинг для подростков');
    await draftForm.getByLabel('Предмет').selectOption({ label: 'Психологія' });
    await draftForm.getByRole('button', { name: 'Сохранить черновик' }).click();
    await tab.waitForURL(/\/my\/materials\/.+/);
    const editorUrl = tab.url();

    // Merge the typo into the right one, after a confirmation.
    await tab.goto(`${url}/dictionaries`);
    await tab.getByRole('button', { name: 'Объединить: Психологія' }).click();
    const merge = tab.getByRole('form', { name: 'Объединить: Психологія' });
    await merge.getByLabel('С чем объединить (останется)').selectOption({ label: 'Психология' });
    await merge.getByRole('button', { name: 'Объединить' }).click();
    await tab.getByText('«Психологія» объединено с «Психология».').waitFor();
    expect(asked.at(-1)).toContain('Объединить «Психологія» с «Психология»?');
    expect(await tab.getByRole('button', { name: 'Изменить: Психологія' }).count()).toBe(0);

    // Retire: no longer offered, after a confirmation; restore: offered again.
    await tab.getByRole('button', { name: 'Вывести из употребления: Логопедия и дефектология' }).click();
    await tab.getByText('«Логопедия и дефектология» выведено из употребления.').waitFor();
    expect(asked.at(-1)).toContain('Вывести «Логопедия и дефектология» из употребления?');
    await shootDictionaries(tab);

    // The draft now has «Психология»; the editor's checkboxes offer neither the typo nor the retired subject.
    await tab.goto(editorUrl);
    const subjects = tab.getByRole('group', { name: 'Предметы' });
    await subjects.waitFor();
    expect(await subjects.getByRole('checkbox', { name: 'Психология' }).isChecked()).toBe(true);
    expect(await subjects.getByText('Психологія').count()).toBe(0);
    expect(await subjects.getByText('Логопедия и дефектология').count()).toBe(0);
    expect(await offeredSubjects(tab)).not.toContain('Логопедия и дефектология');

    await tab.goto(`${url}/dictionaries`);
    await tab.getByRole('button', { name: 'Вернуть: Логопедия и дефектология' }).click();
    await tab.getByText('«Логопедия и дефектология» снова предлагается.').waitFor();
    expect(await offeredSubjects(tab)).toContain('Логопедия и дефектология');
    await tab.close();
  });

  it('a methodist keeps review criteria with their rubric and the other dictionaries on a phone', async () => {
    const tab = await signIn(e2e, METHODIST.email, METHODIST.password, PHONE);
    await tab.goto(`${url}/dictionaries?kind=criteria`);
    await tab.getByRole('heading', { name: 'Критерии экспертизы', level: 2 }).waitFor();
    await tab.getByRole('button', { name: 'Добавить критерий' }).click();
    const form = tab.getByRole('form', { name: 'Добавить критерий' });
    await form.getByLabel('Код').fill('replicability');
    await form.getByLabel('Название').fill('Возможность тиражирования');
    await form.getByLabel('Высший балл').fill('3');
    await form
      .getByLabel('Что значит каждый балл')
      .fill('0 — не описано\n1 — только в своей школе\n2 — с доработкой\n3 — готово для других школ');
    await form.getByRole('button', { name: 'Добавить' }).click();
    await tab.getByText('«Возможность тиражирования» сохранено.').waitFor();
    await tab.getByText('3 — готово для других школ').waitFor();
    // Criteria are not merged: reviews keep scores by criterion.
    expect(await tab.getByRole('button', { name: 'Объединить: Возможность тиражирования' }).count()).toBe(0);
    // A refusal names the field and keeps the draft.
    await tab.getByRole('button', { name: 'Добавить критерий' }).click();
    const bad = tab.getByRole('form', { name: 'Добавить критерий' });
    await bad.getByLabel('Код').fill('Плохой код');
    await bad.getByLabel('Название').fill('Новизна');
    await bad.getByRole('button', { name: 'Добавить' }).click();
    await expect.poll(() => bad.getByRole('alert').innerText()).toContain('код');
    expect(await bad.getByLabel('Название').inputValue()).toBe('Новизна');
    expect(await checkRoute(tab, 'dictionaries-criteria')).toEqual([]);

    await tab.getByRole('link', { name: 'Уровни образования' }).click();
    await tab.getByRole('heading', { name: 'Уровни образования', level: 2 }).waitFor();
    await tab.getByText('НОО').first().waitFor();
    await tab.getByRole('link', { name: 'Методические объединения' }).click();
    await tab.getByRole('heading', { name: 'Методические объединения', level: 2 }).waitFor();
    await tab.getByRole('button', { name: 'Добавить объединение' }).click();
    const association = tab.getByRole('form', { name: 'Добавить объединение' });
    await association.getByLabel('Название').fill('РМО учителей-логопедов');
    await association.getByRole('button', { name: 'Добавить' }).click();
    await tab.getByText('«РМО учителей-логопедов» сохранено.').waitFor();
    expect(await checkRoute(tab, 'dictionaries-associations')).toEqual([]);
    await tab.close();
  });
});

async function shootDictionaries(tab: Page) {
  expect(await checkRoute(tab, 'dictionaries-after-merge')).toEqual([]);
}
