import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.ts';
import { openOrm } from '../../server/src/db/orm.ts';
import { AccountService } from '../../server/src/modules/accounts/account.service.ts';
import { Role } from '../../server/src/modules/accounts/user.entity.ts';
import { readRuntime } from '../../server/src/runtime/services.ts';
import { startBrowserApp, type BrowserApp } from './browser-app.ts';

/** Screenshots at a laptop's 1366 px and a phone's 360 px, for people to look at. */
const SHOTS = path.resolve('test-results/screenshots');
let app: BrowserApp;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  app = await startBrowserApp('e2e-meaning');
  ({ server, browser } = app);
  const orm = await openOrm({ databaseUrl: readRuntime(app.dataDir)!.databaseUrl, poolMax: 1 });
  await new AccountService(orm.em.fork() as never).createUser({ email: 'methodist@meaning.test', name: 'Методист Захарова', role: Role.METHODIST, password: 'пароль-методиста-e2e' });
  await orm.close();
  fs.mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(() => app?.stop());

async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: path.join(SHOTS, `${name}-1366.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: path.join(SHOTS, `${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });
}

describe('search that understands the query', { timeout: 120_000 }, () => {
  it('shows the class read from the query as a chip that a teacher removes, and corrects a bad typo', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    await page.goto(server.url);
    const box = page.getByRole('searchbox', { name: 'Поиск материалов' });
    await box.fill('история 5 класс');
    await box.press('Enter');
    const chips = page.getByRole('group', { name: 'Учтено в запросе:' });
    await expect.poll(() => chips.getByText('5 класс').isVisible()).toBe(true);
    const results = page.locator('ol.results > li');
    await expect.poll(() => results.first().innerText()).toContain('Древний Египет');
    await shoot(page, 'search-chips');

    await chips.getByRole('button', { name: 'Не учитывать «5 класс»' }).click();
    await page.waitForURL(/ignore=grade%3A5/);
    await expect.poll(() => chips.count()).toBe(0);
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
      await teacher.locator('[aria-busy="false"]').first().waitFor();
      return teacher.locator('ol.results').innerText();
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
