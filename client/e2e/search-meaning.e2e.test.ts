import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/modules/accounts/user.entity.ts';
import { createUser, shoot, startE2e, type E2e } from './harness.ts';

let e2e: E2e;
let server: E2e['server'];
let browser: Browser;

beforeAll(async () => {
  e2e = await startE2e('e2e-meaning');
  ({ server, browser } = e2e);
  await createUser(e2e, 'methodist@meaning.test', 'Методист Захарова', Role.METHODIST, 'пароль-методиста-e2e');
}, 240_000);

afterAll(() => e2e?.stop());

describe('search that understands the query', { timeout: 120_000 }, () => {
  it('shows the class read from the query as a chip that a teacher removes, and corrects a bad typo', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    await page.goto(server.url);
    const box = page.getByRole('combobox', { name: 'Поиск материалов' });
    await box.fill('история 5 класс');
    await box.press('Enter');
    const chips = page.getByRole('group', { name: 'Учтено в запросе:' });
    await expect.poll(() => chips.getByText('5 класс').isVisible()).toBe(true);
    const results = page.locator('ol.results > li');
    await expect.poll(() => results.first().innerText()).toContain('Древний Египет');
    await shoot(page, 'search-chips');

    await chips.getByRole('button', { name: 'Не учитывать «5 класс»' }).click();
    await page.waitForURL(/ignore=grade%3A5/);
    // The class is read as words again; «история» stays understood as the subject.
    await expect.poll(() => chips.getByText('5 класс').count()).toBe(0);
    await expect.poll(() => chips.getByText('История').count()).toBe(1);
    await expect.poll(() => results.count()).toBeGreaterThan(0);

    await box.fill('древний ежипед');
    await box.press('Enter');
    const notice = page.getByRole('status').filter({ hasText: 'Возможно, вы искали' });
    await expect.poll(() => notice.isVisible()).toBe(true);
    await expect.poll(() => notice.getByRole('link', { name: '«древний египет»', exact: true }).isVisible()).toBe(true);
    await expect.poll(() => results.first().innerText()).toContain('Древний Египет');
    await shoot(page, 'search-corrected');
    await page.close();
  });
});

describe('the search thesaurus in the browser', { timeout: 120_000 }, () => {
  it('a methodist adds an abbreviation and a teacher finds materials by it', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Электронная почта').fill('methodist@meaning.test');
    await page.getByLabel('Пароль').fill('пароль-методиста-e2e');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('link', { name: 'Словарь поиска' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toContain('Словарь поиска');
    await expect.poll(async () => Number((await page.getByText(/^Записей: \d+/).innerText()).replace(/\D/g, ''))).toBeGreaterThan(200);

    const teacher = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const search = async () => {
      await teacher.goto(`${server.url}/?q=${encodeURIComponent('ЛП')}`);
      // The results region, found or not: an empty search shows its own message instead of a list.
      await teacher.locator('#results[aria-busy="false"]').waitFor();
      return teacher.locator('#results').innerText();
    };
    expect(await search()).not.toMatch(/Лыжная подготовка/);

    await page.getByRole('button', { name: 'Добавить запись' }).click();
    const form = page.getByRole('form', { name: 'Добавить запись' });
    await form.getByLabel('Вид').selectOption({ label: 'Сокращение' });
    await form.getByLabel('Сокращение или слово').fill('ЛП');
    await form.getByLabel('Расшифровки, по одной в строке').fill('лыжная подготовка');
    await form.getByRole('button', { name: 'Добавить запись' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('«ЛП» сохранено');
    await page.getByRole('searchbox', { name: 'Найти в словаре' }).fill('лыжная');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await shoot(page, 'synonyms');

    // The indexer applies the thesaurus in the background: the teacher's search finds it within seconds.
    await expect.poll(search).toMatch(/Лыжная подготовка/);
    await teacher.close();
    await page.close();
  });
});
