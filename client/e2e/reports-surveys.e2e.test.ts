import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/modules/accounts/user.entity.ts';
import { ORGANIZATIONS, subjectLevels } from '../../server/src/seeders/data/district.ts';
import { acceptDialogs, checkRoute, createUser, type E2e, inDatabase, newPage, PHONE, signIn, startE2e } from './harness.ts';

/**
 * The centre's monitoring as a methodist does it: reports over a period (an empty one says so),
 * their downloads, the bank's gaps; and a survey from the first question to its deletion, answered
 * on a phone by the link in between.
 */
let e2e: E2e;
let url: string;
const METHODIST = { email: 'methodist@monitoring.test', password: 'пароль-методиста-e2e' };

beforeAll(async () => {
  e2e = await startE2e('monitoring');
  url = e2e.server.url;
  await createUser(e2e, METHODIST.email, 'Методист Зорина', Role.METHODIST, METHODIST.password);
});

afterAll(async () => {
  await e2e?.stop();
});

const LEVEL_NAMES: Record<string, string> = {
  ДО: 'дошкольное образование',
  НОО: 'начальное общее образование',
  ООО: 'основное общее образование',
  СОО: 'среднее общее образование',
  ДОП: 'дополнительное образование',
};

describe('reports', () => {
  it('an empty period says so in every section instead of empty tables and charts; each download link names its report and gives the file', async () => {
    const tab = await signIn(e2e, METHODIST.email, METHODIST.password);
    await tab.goto(`${url}/reports?from=2001-01-01&to=2001-01-31&by=ORGANIZATION`);
    await tab.getByRole('heading', { name: 'Мониторинг и отчёты', level: 1 }).waitFor();
    const section = (name: string) => tab.getByRole('region', { name });
    await expect.poll(() => section('Использование базы').innerText()).toContain('За этот период базой не пользовались');
    expect(await section('Материалы за период').innerText()).toContain('За этот период не создано ни одного материала.');
    expect(await section('Активность авторов').innerText()).toContain('За этот период авторы не создали ни одного материала.');
    expect(await section('Сроки экспертизы').innerText()).toContain('За период после экспертизы ничего не опубликовано.');
    for (const name of ['Использование базы', 'Материалы за период', 'Активность авторов']) {
      expect(await section(name).locator('table, .chart').count(), name).toBe(0);
    }

    const links = await tab.locator('.downloads a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toContainEqual(['Скачать «Использование базы» (XLSX)', '/reports/usage.xlsx?from=2001-01-01&to=2001-01-31']);
    expect(links).toContainEqual([
      'Скачать «Материалы за период по организациям» (CSV)',
      '/reports/materials.csv?from=2001-01-01&to=2001-01-31&by=ORGANIZATION',
    ]);
    expect(links.map(([text]) => text)).toEqual(
      expect.arrayContaining([
        'Скачать «Сроки экспертизы» (XLSX)',
        'Скачать «Пробелы банка» (CSV)',
        'Скачать «Что искали, но не нашли» (XLSX)',
      ]),
    );
    // No two links read alike: each says which report and which format.
    expect(new Set(links.map(([text]) => text)).size).toBe(links.length);
    const file = await tab.request.get(`${url}/reports/authors.csv?from=2001-01-01&to=2001-01-31`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-disposition']).toContain('attachment');
    expect(await checkRoute(tab, 'reports-empty-period')).toEqual([]);
    await tab.close();
  });

  it("the year's reports name organizations by their short names and list gaps only where a subject is taught, on a phone without sideways scrolling", async () => {
    const tab = await signIn(e2e, METHODIST.email, METHODIST.password, PHONE);
    const year = new Date().getFullYear();
    await tab.goto(`${url}/reports?from=${year - 1}-01-01&to=${year}-12-31&by=ORGANIZATION`);
    const materials = tab.getByRole('region', { name: 'Материалы за период' });
    await materials.locator('table tbody tr').first().waitFor();
    const organizations = await materials.locator('tbody tr td:first-child').allInnerTexts();
    const shortNames = new Set<string>(ORGANIZATIONS.map((o) => o.shortName));
    expect(organizations.length).toBeGreaterThan(2);
    for (const label of organizations) expect(shortNames.has(label) || label === 'Без организации', label).toBe(true);
    const authors = await tab.getByRole('region', { name: 'Активность авторов' }).locator('tbody tr td:first-child').allInnerTexts();
    for (const label of authors) expect(shortNames.has(label) || label === 'Без организации', label).toBe(true);

    const gaps = await tab.getByRole('region', { name: 'Пробелы банка' }).locator('ul.gaps li').allInnerTexts();
    expect(gaps.length).toBeGreaterThan(0);
    for (const gap of gaps) {
      const [, subject, level] = /^(.+) — (.+): опубликовано \d+$/.exec(gap) ?? [];
      const taught = subjectLevels(subject ?? '').map((code) => LEVEL_NAMES[code]);
      expect(taught, gap).toContain(level);
    }
    expect(gaps.some((gap) => gap.startsWith('Дошкольное образование — основное'))).toBe(false);
    expect(await checkRoute(tab, 'reports-year')).toEqual([]);

    await tab.getByLabel('Разрез').selectOption('SUBJECT');
    await expect.poll(() => tab.locator('.downloads a', { hasText: 'по предметам' }).count()).toBe(2);
    expect(await checkRoute(tab, 'reports-by-subject')).toEqual([]);
    await tab.close();
  });
});

describe('a survey from the first question to its deletion', () => {
  it('a methodist writes a draft, edits and opens it; a teacher on a phone is stopped at each required question; a question removed takes its answers; past the last day the form is closed; deletion says what goes', async () => {
    const methodist = await signIn(e2e, METHODIST.email, METHODIST.password);
    const asked = acceptDialogs(methodist);
    await methodist.goto(`${url}/surveys`);
    await methodist.getByRole('button', { name: 'Новый опрос' }).click();
    const editor = methodist.getByRole('form', { name: 'Новый опрос' });
    await editor.getByLabel('Название').fill('Потребности в наставничестве');
    await editor.getByLabel('Пояснение для педагогов').fill('Пять минут: какая поддержка нужна молодым педагогам.');
    // A last day far ahead: the form stays open whatever day the test runs.
    await editor.getByLabel('Последний день приёма ответов').fill('2099-12-31');
    const question = (n: number) => editor.getByRole('group', { name: `Вопрос ${n}` });
    await question(1).getByLabel('Текст вопроса').fill('Насколько вам нужна помощь наставника?');
    await question(1).getByLabel('Вид ответа').selectOption('SCALE');
    await question(1).getByLabel('Что значит 1').fill('не нужна');
    await question(1).getByLabel('Что значит 5').fill('очень нужна');
    for (const [n, text] of [
      [2, 'Ваш стаж'],
      [3, 'Лишний вопрос'],
    ] as const) {
      await editor.getByRole('button', { name: '+ вопрос' }).click();
      await question(n).getByLabel('Текст вопроса').fill(text);
    }
    await question(2).getByLabel('Варианты, по одному в строке').fill('меньше 3 лет\n3 года и больше');
    await question(3).getByRole('button', { name: 'Удалить вопрос 3' }).click();
    expect(await question(3).count()).toBe(0);
    // Nobody has answered: removing asks nothing.
    expect(asked).toEqual([]);
    expect(await checkRoute(methodist, 'survey-builder')).toEqual([]);
    await editor.getByRole('button', { name: 'Сохранить черновик' }).click();

    const card = methodist.getByRole('region', { name: 'Потребности в наставничестве' });
    await card.waitFor();
    expect(await card.innerText()).toContain('черновик: ответы ещё не принимаются');
    const token = await inDatabase(
      e2e,
      async (em) =>
        (await em.getConnection().execute(`select link_token from survey where title = 'Потребности в наставничестве'`))[0]
          .link_token as string,
    );
    const early = await newPage(e2e, PHONE);
    await early.goto(`${url}/surveys/${token}`);
    await early.getByText('Опрос ещё не открыт').waitFor();
    await early.close();

    // Editing, then leaving without saving: nothing changes.
    await card.getByRole('button', { name: 'Изменить опрос' }).click();
    await methodist.getByLabel('Название').fill('Совсем другое название');
    await methodist.getByRole('button', { name: 'Отмена' }).click();
    await card.waitFor();
    await card.getByRole('button', { name: 'Изменить опрос' }).click();
    const edit = methodist.getByRole('form', { name: 'Изменение опроса «Потребности в наставничестве»' });
    expect(await edit.getByLabel('Название').inputValue()).toBe('Потребности в наставничестве');
    expect(await edit.getByRole('group', { name: 'Вопрос 1' }).getByLabel('Что значит 5').inputValue()).toBe('очень нужна');
    await edit.getByLabel('Пояснение для педагогов').fill('Пять минут: какая поддержка нужна педагогам со стажем меньше трёх лет.');
    await edit.getByRole('button', { name: 'Сохранить и открыть приём ответов' }).click();
    await expect.poll(() => card.innerText()).toContain('принимает ответы');
    expect(asked.at(-1)).toContain('Открыть приём ответов на опрос «Потребности в наставничестве»?');

    const teacher = await newPage(e2e, PHONE);
    await teacher.goto(`${url}/surveys/${token}`);
    await teacher.getByRole('heading', { name: 'Потребности в наставничестве', level: 1 }).waitFor();
    expect(await teacher.getByText('педагогам со стажем меньше трёх лет').count()).toBe(1);
    expect(await teacher.getByText('1 — не нужна, 5 — очень нужна').isVisible()).toBe(true);
    const send = teacher.getByRole('button', { name: 'Отправить ответ' });
    const focusedQuestion = () =>
      teacher.evaluate(() => document.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent ?? null);
    await send.click();
    const first = teacher.getByRole('group', { name: /^1\. Насколько/ });
    await expect.poll(() => first.innerText()).toContain('Ответьте на этот вопрос: он обязательный.');
    expect(await focusedQuestion()).toBe('1. Насколько вам нужна помощь наставника? *');
    expect(await checkRoute(teacher, 'survey-form-required')).toEqual([]);
    await first.getByLabel('4', { exact: true }).check();
    await send.click();
    const second = teacher.getByRole('group', { name: /^2\. Ваш стаж/ });
    await expect.poll(() => second.innerText()).toContain('Ответьте на этот вопрос: он обязательный.');
    expect(await first.innerText()).not.toContain('обязательный.');
    expect(await focusedQuestion()).toBe('2. Ваш стаж *');
    await second.getByLabel('меньше 3 лет').check();
    await send.click();
    await teacher.getByText('Спасибо! Ответ сохранён.').waitFor();
    await teacher.close();

    await methodist.reload();
    await card.getByRole('button', { name: 'Изменить опрос' }).click();
    const answered = methodist.getByRole('form', { name: 'Изменение опроса «Потребности в наставничестве»' });
    expect(await answered.innerText()).toContain('вопросы нельзя менять и добавлять, только удалять');
    await answered.getByRole('button', { name: 'Удалить вопрос 2' }).click();
    expect(asked.at(-1)).toBe('Удалить вопрос 2? На него ответили: 1. Эти ответы удалятся без возврата.');
    await answered.getByRole('button', { name: 'Сохранить изменения' }).click();
    await card.waitFor();
    await expect
      .poll(() => card.locator('.survey-result h3').allInnerTexts())
      .toEqual(['Насколько вам нужна помощь наставника? (ответили 1, средняя оценка: 4)']);
    expect(await checkRoute(methodist, 'surveys-managed')).toEqual([]);

    // The last day passes (set in the database, as time would): the form says so and the server refuses.
    await inDatabase(e2e, (em) =>
      em.getConnection().execute(`update survey set closes_on = current_date - 2 where link_token = ?`, [token]),
    );
    const late = await newPage(e2e, PHONE);
    await late.goto(`${url}/surveys/${token}`);
    await late.getByText(/Приём ответов на этот опрос закончился \d\d\.\d\d\.\d{4}\./).waitFor();
    expect(await late.getByRole('button', { name: 'Отправить ответ' }).count()).toBe(0);
    expect(await checkRoute(late, 'survey-form-closed')).toEqual([]);
    await late.close();

    await methodist.reload();
    await card.getByRole('button', { name: 'Удалить опрос' }).click();
    expect(asked.at(-1)).toContain('Удалить опрос «Потребности в наставничестве»? Вместе с ним без возврата удалятся ответы: 1.');
    await methodist.getByText('Опрос «Потребности в наставничестве» удалён.').waitFor();
    expect(await card.count()).toBe(0);
    await methodist.close();
  });
});
