import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/modules/accounts/user.entity.ts';
import { checkRoute, createUser, openPath, settled, signIn, startE2e, today, type E2e } from './harness.ts';

/**
 * The author's whole job in the browser: a practice sent to review is checked first (what is
 * missing is said at the fields), confirmed, withdrawn and sent again; an expert scores it, a
 * methodist returns it with a reason, and the author reads why on «Мои материалы», in the editor
 * and on the material's page. Every page at 1366 and 360 px with axe-core, with screenshots.
 */
let e2e: E2e;
const AUTHOR = { email: 'author@author.test', password: 'пароль-автора-e2e', name: 'Соколова Анна Игоревна' };
const EXPERT = { email: 'expert@author.test', password: 'пароль-эксперта-e2e', name: 'Эксперт Орлова' };
const METHODIST = { email: 'methodist@author.test', password: 'пароль-методиста-e2e', name: 'Методист Белова' };
const TITLE = 'Наставничество в сельской школе: пары «молодой — опытный»';
const REASON = 'Опишите результаты в цифрах: сколько молодых педагогов осталось в школе.';
const EXPERT_COMMENT = 'Практика полезная, но результаты не подтверждены.';

beforeAll(async () => {
  e2e = await startE2e('author');
  await createUser(e2e, AUTHOR.email, AUTHOR.name, Role.AUTHOR, AUTHOR.password);
  await createUser(e2e, EXPERT.email, EXPERT.name, Role.EXPERT, EXPERT.password);
  await createUser(e2e, METHODIST.email, METHODIST.name, Role.METHODIST, METHODIST.password);
}, 240_000);

afterAll(() => e2e?.stop());

const open = (page: Page, path: string) => openPath(e2e, page, path);

describe('the author', { timeout: 600_000 }, () => {
  it('sends a practice to review after the check, withdraws and resends it, and reads why it came back everywhere', async () => {
    const problems: string[] = [];
    const author = await signIn(e2e, AUTHOR.email, AUTHOR.password);

    // Nothing yet: the page says what to do.
    await expect.poll(() => author.getByText('У вас пока нет материалов.').isVisible()).toBe(true);
    await expect.poll(() => author.getByText(/Начните с формы «Новый материал» ниже/).isVisible()).toBe(true);
    problems.push(...(await checkRoute(author, 'author-01-empty')));

    // A new practice with a title only.
    await author.getByLabel('Вид').selectOption({ label: 'Педагогическая практика' });
    await author.getByLabel('Название').fill(TITLE);
    await author.getByRole('button', { name: 'Сохранить черновик' }).click();
    await expect.poll(() => author.url()).toMatch(/\/my\/materials\//);
    await settled(author);
    const editorUrl = author.url();
    const id = decodeURIComponent(editorUrl.split('/my/materials/')[1]!);

    // Required fields are marked before anything is sent.
    await expect
      .poll(() => author.getByText('Поля со звёздочкой (*) нужно заполнить перед отправкой на экспертизу.').isVisible())
      .toBe(true);
    expect(
      await author
        .locator('.field', { has: author.locator('#f-problem') })
        .locator('.field-head')
        .innerText(),
    ).toContain('*');
    expect(await author.locator('#f-problem').getAttribute('aria-required')).toBe('true');
    expect(
      await author
        .locator('.field', { has: author.locator('#f-novelty') })
        .locator('.field-head')
        .innerText(),
    ).not.toContain('*');

    // «Отправить на экспертизу» checks first: the list of what is missing, and each message at its field.
    await author.getByRole('button', { name: 'Отправить на экспертизу' }).click();
    const missing = author.locator('.missing-summary');
    await missing.waitFor();
    expect(await missing.innerText()).toContain('Перед отправкой на экспертизу заполните:');
    const missingNames = await missing.locator('li a').allInnerTexts();
    expect(missingNames).toEqual(['Проблема', 'Цель', 'Результаты', 'Предметы', 'Уровни', 'Классы']);
    expect(await author.locator('#f-problem-error').innerText()).toBe('Заполните перед отправкой на экспертизу');
    expect(await author.locator('#f-subjectIds-error').innerText()).toBe('Выберите хотя бы один предмет');
    expect(await author.locator('#f-problem').getAttribute('aria-invalid')).toBe('true');
    expect(await author.locator('.confirm').count()).toBe(0);
    problems.push(...(await checkRoute(author, 'author-02-missing')));

    // A link in the list leads to the field; filling each takes it off the list.
    await missing.getByRole('link', { name: 'Проблема' }).click();
    await expect.poll(() => author.evaluate(() => document.activeElement?.id)).toBe('f-problem');
    await author.locator('#f-problem').fill('Молодые педагоги уходят из сельской школы в первые два года.');
    await expect.poll(() => missing.locator('li a').allInnerTexts()).toEqual(['Цель', 'Результаты', 'Предметы', 'Уровни', 'Классы']);
    await author.locator('#f-goal').fill('Удержать молодых педагогов через наставничество.');
    await author.locator('#f-results').fill('Все пятеро молодых педагогов остались после первого года.');
    await author.locator('#f-subjectIds').getByRole('checkbox').first().check();
    await author.locator('#f-levelIds').getByRole('checkbox', { name: /^ООО/ }).check();
    await author.locator('#f-grades').getByRole('checkbox', { name: '5', exact: true }).check();
    await expect.poll(() => missing.count()).toBe(0);
    // The school is chosen from the directory.
    const organizations = author.getByRole('group', { name: 'Организация' });
    expect(await organizations.innerText()).toContain('Организация не выбрана.');
    await organizations.getByRole('searchbox').fill('Тейская');
    await organizations.getByRole('button', { name: /Тейская средняя школа/ }).click();
    await expect.poll(() => organizations.locator('.chosen').innerText()).toContain('Тейская средняя школа');

    // Complete now: the question, then sending.
    await author.getByRole('button', { name: 'Отправить на экспертизу' }).click();
    const confirm = author.getByRole('region', { name: 'Отправить на экспертизу?' });
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain(`«${TITLE}» уйдёт методисту`);
    problems.push(...(await checkRoute(author, 'author-03-confirm')));
    await confirm.getByRole('button', { name: 'Да, отправить' }).click();
    await expect.poll(() => author.url()).toContain('/my?sent=');
    await settled(author);
    await expect
      .poll(() =>
        author
          .getByRole('status')
          .filter({ hasText: `«${TITLE}» отправлен на экспертизу` })
          .isVisible(),
      )
      .toBe(true);
    const item = author.locator('.mine-item', { hasText: TITLE });
    expect(await item.innerText()).toContain('На экспертизе: методист назначит эксперта');
    expect(await item.innerText()).toContain('Педагогическая практика');
    expect(await item.innerText()).toContain(`изменён ${today()}`);
    problems.push(...(await checkRoute(author, 'author-04-sent')));

    // Withdrawn while no expert is assigned: a draft again.
    await item.getByRole('button', { name: 'Отозвать с экспертизы' }).click();
    await expect.poll(() => author.getByRole('status').filter({ hasText: 'отозван с экспертизы' }).isVisible()).toBe(true);
    await expect.poll(() => item.innerText()).toContain('черновик');
    expect(await item.getByRole('button', { name: 'Отозвать с экспертизы' }).count()).toBe(0);

    // The status filter keeps to one state.
    expect(await author.getByLabel('Показать').locator('option').allInnerTexts()).toEqual(['все (1)', 'черновики (1)']);
    await open(author, '/my?status=IN_REVIEW');
    await expect.poll(() => author.getByText('Материалов в состоянии «на экспертизе» нет.').isVisible()).toBe(true);
    expect(await item.count()).toBe(0);
    await author.getByLabel('Показать').selectOption('DRAFT');
    await expect.poll(() => item.isVisible()).toBe(true);

    // Sent again from the list: the editor opens with the check done, the question asked.
    await item.getByRole('link', { name: 'Отправить на экспертизу' }).click();
    await settled(author);
    await author.getByRole('region', { name: 'Отправить на экспертизу?' }).getByRole('button', { name: 'Да, отправить' }).click();
    await expect.poll(() => author.url()).toContain('/my?sent=');
    await expect.poll(() => author.getByRole('status').filter({ hasText: 'отправлен на экспертизу' }).isVisible()).toBe(true);

    // The methodist assigns the expert; the expert scores it; the methodist returns it with a reason.
    const methodist = await signIn(e2e, METHODIST.email, METHODIST.password);
    await open(methodist, '/review');
    let desk = methodist.getByRole('region', { name: TITLE });
    const queue = () => methodist.locator('main section.result h2').allInnerTexts();
    const before = await queue();
    // No conclusion yet: nothing to publish.
    expect(await desk.getByRole('button', { name: 'Опубликовать' }).count()).toBe(0);
    expect(await desk.innerText()).toContain('Опубликовать можно после заключения эксперта.');
    expect(await desk.innerText()).toContain('эксперт не назначен');
    await desk.getByLabel('Эксперт').selectOption({ label: EXPERT.name });
    await desk.getByRole('button', { name: 'Назначить' }).click();
    await expect.poll(() => desk.getByRole('status').innerText()).toContain(`Эксперт назначен: ${EXPERT.name}`);
    await expect.poll(() => desk.innerText()).toContain(`эксперт: ${EXPERT.name}`);
    expect(await queue()).toEqual(before);
    expect(await desk.getByLabel('Эксперт').count()).toBe(0);
    problems.push(...(await checkRoute(methodist, 'author-08-desk-assigned')));

    await open(author, '/my');
    await expect
      .poll(() => author.locator('.mine-item', { hasText: TITLE }).innerText())
      .toContain(`эксперт ${EXPERT.name} оценивает материал`);
    expect(await author.locator('.mine-item', { hasText: TITLE }).getByRole('button', { name: 'Отозвать с экспертизы' }).count()).toBe(0);

    const expert = await signIn(e2e, EXPERT.email, EXPERT.password);
    await open(expert, '/review');
    await expert.getByRole('region', { name: TITLE }).getByRole('link', { name: 'Открыть экспертизу' }).click();
    const form = expert.getByRole('form', { name: `Экспертиза материала ${TITLE}` });
    await form.waitFor();
    const scores = form.getByRole('spinbutton');
    for (let i = 0; i < (await scores.count()); i++) await scores.nth(i).fill(String(i % 2 ? 2 : 3));
    await form.getByLabel('Решение').selectOption('REVISE');
    await form.getByLabel('Комментарий').fill(EXPERT_COMMENT);
    await form.getByRole('button', { name: 'Отправить заключение' }).click();
    await expect.poll(() => form.count()).toBe(0);

    // The methodist sees the conclusion; publishing is offered now, and asked before it is done.
    await open(methodist, '/review');
    desk = methodist.getByRole('region', { name: TITLE });
    await expect.poll(() => desk.innerText()).toContain(EXPERT_COMMENT);
    expect(await desk.innerText()).toMatch(/Сумма баллов: \d+ из \d+/);
    expect(await desk.getByLabel('Уровень рекомендации').locator('option').allInnerTexts()).toEqual([
      'уровень образовательной организации',
      'муниципальный уровень',
      'региональный уровень',
    ]);
    await desk.getByRole('button', { name: 'Опубликовать' }).click();
    const confirmDesk = desk.getByRole('group', { name: 'Подтверждение' });
    await expect.poll(() => confirmDesk.innerText()).toContain(`Опубликовать «${TITLE}»?`);
    problems.push(...(await checkRoute(methodist, 'author-09-desk-confirm-publish')));
    await confirmDesk.getByRole('button', { name: 'Отмена' }).click();
    expect(await confirmDesk.count()).toBe(0);

    // A return needs the reason; it is asked once more, quoting it.
    await desk.getByRole('button', { name: 'Вернуть на доработку' }).click();
    await expect.poll(() => desk.getByRole('alert').innerText()).toContain('Напишите автору причину');
    expect(await confirmDesk.count()).toBe(0);
    await desk.getByLabel('Причина для автора').fill(REASON);
    await desk.getByRole('button', { name: 'Вернуть на доработку' }).click();
    await expect.poll(() => confirmDesk.innerText()).toContain(`Автор увидит причину: «${REASON}»`);
    await confirmDesk.getByRole('button', { name: 'Да, вернуть на доработку' }).click();
    await expect.poll(() => desk.count()).toBe(0);

    // The author reads why: in the list…
    const returned = `Возвращено на доработку ${today()}: ${REASON}`;
    await open(author, '/my');
    const note = author.locator('.mine-item', { hasText: TITLE }).getByRole('note');
    await expect.poll(() => note.innerText()).toContain(returned);
    const noteText = await note.innerText();
    expect(noteText).toContain(`Заключение эксперта (${EXPERT.name}): вернуть на доработку`);
    expect(noteText).toMatch(/Сумма баллов: \d+ из \d+/);
    expect(noteText).toContain(EXPERT_COMMENT);
    expect(noteText).toContain(`решение методиста ${METHODIST.name}`);
    problems.push(...(await checkRoute(author, 'author-05-returned-list')));

    // …in the editor, which is open for changes again…
    await open(author, `/my/materials/${encodeURIComponent(id)}`);
    await expect.poll(() => author.getByRole('note').innerText()).toContain(returned);
    expect(await author.getByRole('note').innerText()).toContain(EXPERT_COMMENT);
    expect(await author.locator('#f-results').isEditable()).toBe(true);
    problems.push(...(await checkRoute(author, 'author-06-returned-editor')));

    // …and on the material's page, which says it is a draft: no related materials, no citation.
    await open(author, `/materials/${encodeURIComponent(id)}`);
    await expect.poll(() => author.getByText(/^Черновик — материал не опубликован/).isVisible()).toBe(true);
    await expect.poll(() => author.getByRole('note').innerText()).toContain(returned);
    expect(await author.getByRole('note').innerText()).toContain(EXPERT_COMMENT);
    expect(await author.locator('dl.facts').first().innerText()).toContain('Тейская средняя школа');
    expect(await author.getByRole('heading', { name: 'Похожие материалы' }).count()).toBe(0);
    expect(await author.getByRole('heading', { name: 'Как сослаться' }).count()).toBe(0);
    problems.push(...(await checkRoute(author, 'author-07-returned-page')));

    // Nobody else reads it.
    const stranger = await e2e.browser.newPage();
    await open(stranger, `/materials/${encodeURIComponent(id)}`);
    expect(await stranger.getByText(REASON).count()).toBe(0);

    expect(problems).toEqual([]);
  });
});
