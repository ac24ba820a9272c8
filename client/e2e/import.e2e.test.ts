import fs from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/modules/accounts/user.entity.ts';
import { Subject } from '../../server/src/modules/dictionaries/dictionary.entity.ts';
import { Material } from '../../server/src/modules/materials/material.entity.ts';
import { checkRoute, createUser, DESKTOP, type E2e, inDatabase, shoot, signIn, startE2e } from './harness.ts';

/**
 * A methodist loads a bank in the browser: checks it without writing, sees the failed lines and
 * the values the dictionaries lack, adds one and maps another, imports with a progress bar,
 * downloads the error report, and loads the same file again without copies.
 */
let e2e: E2e;
let url: string;
const METHODIST = { email: 'methodist@import.test', password: 'пароль-методиста-импорт' };

/** Four lines: a good one, an unknown subject to add, a year out of range, a subject to map onto «Русский язык». */
const BANK = [
  {
    externalId: 'imp-e2e-1',
    kind: 'PUBLICATION',
    title: 'Читательская грамотность в 5 классе',
    subjects: ['Русский язык'],
    levels: ['ООО'],
  },
  { externalId: 'imp-e2e-2', kind: 'PUBLICATION', title: 'Тревожность подростка на уроке', subjects: ['Психология'] },
  { externalId: '=imp-e2e-3', kind: 'PUBLICATION', title: 'Статья с невозможным годом', year: 1066 },
  { externalId: 'imp-e2e-4', kind: 'PUBLICATION', title: 'Звуки речи в начальной школе', subjects: ['Логопедия'] },
]
  .map((line) => JSON.stringify(line))
  .join('\n');

beforeAll(async () => {
  e2e = await startE2e('import');
  url = e2e.server.url;
  await createUser(e2e, METHODIST.email, 'Методист Гусева', Role.METHODIST, METHODIST.password);
});

afterAll(async () => {
  await e2e?.stop();
});

const imported = () =>
  inDatabase(e2e, (em) =>
    em.find(Material, { externalId: { $like: 'imp-e2e-%' } }, { populate: ['subjects'], orderBy: { externalId: 'asc' } }),
  );

async function chooseBank(tab: Page) {
  await tab
    .getByLabel('Файл банка (JSONL, CSV или XLSX)')
    .setInputFiles({ name: 'банк-гимназии.jsonl', mimeType: 'text/plain', buffer: Buffer.from(BANK) });
}

/** A table's rows, the cells of each joined by « | » (the same at any width: a phone shows rows as cards). */
const rowsOf = (table: Locator) =>
  table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim()).join(' | ')),
    );

/** The totals of the job on the page, as «слова: число» lines. */
const totals = (tab: Page) => tab.locator('.import-totals li').allInnerTexts();

async function waitDone(tab: Page) {
  await tab
    .getByRole('status')
    .filter({ hasText: /^Готово\./ })
    .waitFor();
}

describe('import in the browser', () => {
  it('checks a bank, lists its failed lines and unknown values, adds and maps them, imports with a progress bar, gives the error report, and a second run makes no copies', async () => {
    const tab = await signIn(e2e, METHODIST.email, METHODIST.password);
    await tab.getByRole('link', { name: 'Импорт', exact: true }).click();
    await tab.getByRole('heading', { name: 'Импорт банка материалов', level: 1 }).waitFor();
    await tab.getByText('Выберите файл банка и нажмите «Проверить без записи»').waitFor();
    expect(await checkRoute(tab, 'import-empty')).toEqual([]);
    await tab.setViewportSize(DESKTOP);

    // Nothing chosen: the field says so.
    await tab.getByRole('button', { name: 'Проверить без записи' }).click();
    await expect.poll(() => tab.getByRole('alert').innerText()).toBe('Файл: выберите файл банка');

    // The dry run: one line lands, three fail with their field named; two subjects are unknown; nothing is written.
    await chooseBank(tab);
    await tab.getByRole('button', { name: 'Проверить без записи' }).click();
    await tab.getByRole('heading', { name: 'Проверка «банк-гимназии.jsonl»' }).waitFor();
    await waitDone(tab);
    await tab.getByText('Это проверка: в базе ничего не изменено.').waitFor();
    expect(await totals(tab)).toEqual([
      'будет создано: 1',
      'будет обновлено: 0',
      'без изменений: 0',
      'строк с ошибками (будут пропущены): 3',
    ]);
    const errors = tab.locator('table.import-errors');
    expect(await rowsOf(errors)).toEqual([
      expect.stringMatching(
        /^2 \| imp-e2e-2 \| Предметы \(subjects\) \| неизвестный предмет «Психология»: .*«Создать недостающие значения»/,
      ),
      '3 | =imp-e2e-3 | Год (year) | год — четыре цифры, от 1900 до 2100',
      expect.stringMatching(/^4 \| imp-e2e-4 \| Предметы \(subjects\) \| неизвестный предмет «Логопедия»/),
    ]);
    const unknown = tab.locator('table.import-unknown');
    expect(await rowsOf(unknown)).toEqual([
      expect.stringMatching(/^Предметы \| Психология \| 1 \(первая — 2\) \| /),
      expect.stringMatching(/^Предметы \| Логопедия \| 1 \(первая — 4\) \| /),
    ]);
    expect(await imported()).toEqual([]);
    await shoot(tab, 'import-dry-run');

    // «Логопедия» is read as «Русский язык»; «Психология» is added: the check again says three lines land.
    await tab.getByLabel('Считать «Логопедия» как').selectOption('Русский язык');
    await tab.getByLabel('Создать недостающие значения').check();
    await tab.getByRole('button', { name: 'Проверить снова' }).click();
    await expect
      .poll(() => totals(tab))
      .toEqual(['будет создано: 3', 'будет обновлено: 0', 'без изменений: 0', 'строк с ошибками (будут пропущены): 1']);
    expect(await rowsOf(errors)).toEqual(['3 | =imp-e2e-3 | Год (year) | год — четыре цифры, от 1900 до 2100']);
    expect(await tab.getByLabel('Считать «Логопедия» как').inputValue()).toBe('Русский язык');
    expect(await inDatabase(e2e, (em) => em.count(Subject, { name: 'Психология' }))).toBe(0);

    // The import, confirmed; its bar reaches 100 %.
    await tab.getByRole('button', { name: 'Импортировать' }).click();
    const confirm = tab.getByRole('group', { name: 'Подтверждение импорта' });
    expect(await confirm.innerText()).toContain(
      'Импортировать «банк-гимназии.jsonl»? По итогам проверки будет создано материалов: 3, обновлено: 0; строки с ошибками (1) будут пропущены.',
    );
    expect(await confirm.innerText()).toContain('«Логопедия» → «Русский язык»');
    expect(await confirm.innerText()).toContain('В справочники будут добавлены: Психология.');
    await confirm.getByRole('button', { name: 'Да, импортировать' }).click();
    await tab.getByRole('heading', { name: 'Импорт «банк-гимназии.jsonl»' }).waitFor();
    const bar = tab.getByRole('progressbar', { name: 'Ход импорта' });
    await expect.poll(() => bar.getAttribute('aria-valuetext')).toBe('100 %');
    expect(await bar.evaluate((el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max])).toEqual([100, 100]);
    expect(await tab.locator('.import-progress').innerText()).toMatch(/^100 %/);
    await waitDone(tab);
    expect(await totals(tab)).toEqual(['создано: 3', 'обновлено: 0', 'без изменений: 0', 'строк с ошибками (пропущены): 1']);
    expect(await tab.locator('.import-progress').innerText()).toContain('строк обработано: 4 из 4');
    expect(await rowsOf(unknown)).toEqual(['Предметы | Психология | 1 (первая — 2) | добавлено в справочник']);
    const materials = await imported();
    expect(materials.map((m) => [m.externalId, m.subjects.getItems().map((s) => s.name)])).toEqual([
      ['imp-e2e-1', ['Русский язык']],
      ['imp-e2e-2', ['Психология']],
      ['imp-e2e-4', ['Русский язык']],
    ]);
    expect(await inDatabase(e2e, (em) => em.count(Subject, { name: 'Логопедия' }))).toBe(0);
    expect(await checkRoute(tab, 'import-result')).toEqual([]);

    // The error report: the failed line with its field and reason; a formula-like cell stays text.
    const [download] = await Promise.all([
      tab.waitForEvent('download'),
      tab.getByRole('link', { name: 'Скачать отчёт об ошибках (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Ошибки импорта.csv');
    const report = (await fs.readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const rows = report.split(/\r?\n/).filter(Boolean);
    expect(rows.slice(-2)).toEqual(['Строка;Внешний id;Поле;Причина', "3;'=imp-e2e-3;year;год — четыре цифры, от 1900 до 2100"]);

    // The same file again: every line finds its material, nothing is copied.
    await chooseBank(tab);
    await tab.getByRole('button', { name: 'Проверить без записи' }).click();
    await tab.getByRole('heading', { name: 'Проверка «банк-гимназии.jsonl»' }).waitFor();
    await waitDone(tab);
    expect(await totals(tab)).toEqual([
      'будет создано: 0',
      'будет обновлено: 0',
      'без изменений: 3',
      'строк с ошибками (будут пропущены): 1',
    ]);
    // The choices stay with the file: «Логопедия» is still read as «Русский язык».
    expect(await tab.getByLabel('Считать «Логопедия» как').inputValue()).toBe('Русский язык');
    await tab.getByRole('button', { name: 'Импортировать' }).click();
    await tab.getByRole('button', { name: 'Да, импортировать' }).click();
    await tab.getByRole('heading', { name: 'Импорт «банк-гимназии.jsonl»' }).waitFor();
    await waitDone(tab);
    expect(await totals(tab)).toEqual(['создано: 0', 'обновлено: 0', 'без изменений: 3', 'строк с ошибками (пропущены): 1']);
    const again = await imported();
    expect(again.map((m) => [m.id, m.subjects.getItems().map((s) => s.name)])).toEqual(
      materials.map((m) => [m.id, m.subjects.getItems().map((s) => s.name)]),
    );
    expect(await inDatabase(e2e, (em) => em.count(Subject, { name: { $in: ['Логопедия', 'Психология'] } }))).toBe(1);
  });

  it('refuses a file that is not a bank before uploading it, naming the field, on a phone too', async () => {
    const tab = await signIn(e2e, METHODIST.email, METHODIST.password, { width: 360, height: 740 });
    await tab.goto(`${url}/import`);
    await tab
      .getByLabel('Файл банка (JSONL, CSV или XLSX)')
      .setInputFiles({ name: 'заметка.txt', mimeType: 'text/plain', buffer: Buffer.from('просто текст') });
    await tab.getByRole('button', { name: 'Проверить без записи' }).click();
    await expect
      .poll(() => tab.getByRole('alert').innerText())
      .toBe('Файл: «заметка.txt» — не банк материалов: нужен файл .jsonl, .csv или .xlsx');
    expect(await tab.getByLabel('Файл банка (JSONL, CSV или XLSX)').getAttribute('aria-invalid')).toBe('true');
    expect(await checkRoute(tab, 'import-refused')).toEqual([]);
  });
});
