import { ref } from '@mikro-orm/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role, User } from '../../server/src/modules/accounts/user.entity.ts';
import { Subject } from '../../server/src/modules/dictionaries/dictionary.entity.ts';
import { MaterialKind, MaterialStatus } from '../../server/src/modules/materials/material.enums.ts';
import { MethodAssociation } from '../../server/src/modules/people/method-association.entity.ts';
import { Person } from '../../server/src/modules/people/person.entity.ts';
import { Review } from '../../server/src/modules/reviews/review.entity.ts';
import { buildMaterial } from '../../server/src/test/factories.ts';
import { startMailbox } from '../../server/src/test/mailbox.ts';
import { checkRoute, createUser, DESKTOP, DISTRICT_TIME_ZONE, type E2e, inDatabase, PHONE, settled, signIn, startE2e } from './harness.ts';

/**
 * The expert's side of review in the browser: a methodist assigns with a due day, the expert is
 * mailed (a real SMTP server started here) and counted in the header, scores the material on its
 * review page beside the text, and corrects the conclusion until publication. And a methodist edits
 * a subject's levels and an association's leader on the dictionaries page.
 */
let e2e: E2e;
let url: string;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
const METHODIST = { email: 'methodist@review.test', password: 'пароль-методиста-e2e' };
const EXPERT = { email: 'expert@review.test', name: 'Эксперт Соколова', password: 'пароль-эксперта-e2e' };
const TITLE = 'Квест «Тайны школьного двора» для пятиклассников';
const LATE = 'Дневник наблюдений за погодой';

/** A day from today in the district's calendar (the server's and the users' browsers'): `YYYY-MM-DD`. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: DISTRICT_TIME_ZONE });
/** A header control's name with the count of open assignments (the badge itself is not read out). */
const counted = (label: string, n: number) => new RegExp(`^${label}\\s*, назначено экспертиз: ${n}$`);
const russian = (day: string) => day.split('-').reverse().join('.');

beforeAll(async () => {
  mailbox = await startMailbox();
  e2e = await startE2e('expert-review', { SMTP_URL: mailbox.url });
  url = e2e.server.url;
  await createUser(e2e, METHODIST.email, 'Методист Белова', Role.METHODIST, METHODIST.password);
  await createUser(e2e, EXPERT.email, EXPERT.name, Role.EXPERT, EXPERT.password);
  await inDatabase(e2e, async (em) => {
    await buildMaterial(em, {
      kind: MaterialKind.BEST_PRACTICE,
      status: MaterialStatus.IN_REVIEW,
      title: TITLE,
      summary: 'Игра по станциям на школьном дворе: дети ищут ответы на вопросы по природоведению.',
      keywords: ['квест', 'природоведение'],
      fields: {
        body: 'Квест проходит на большой перемене.\n\n- Станция «Старый клён»\n- Станция «Метеоплощадка»',
        problem: 'Пятиклассники мало знают о природе рядом со школой.',
      },
    });
    // An earlier assignment whose day has passed: the expert's desk marks it.
    const late = await buildMaterial(em, { kind: MaterialKind.PUBLICATION, status: MaterialStatus.IN_REVIEW, title: LATE });
    late.reviewer = ref(await em.findOneOrFail(User, { email: EXPERT.email }));
    late.reviewDueOn = inDays(-3);
    await em.flush();
  });
});

afterAll(async () => {
  await e2e?.stop();
  await mailbox?.close();
});

/** checkRoute leaves the tab at 360 px: back to the desktop, whose header shows every link. */
async function check(page: Page, name: string) {
  const problems = await checkRoute(page, name);
  await page.setViewportSize(DESKTOP);
  return problems;
}

const reviewsOf = (title: string) =>
  inDatabase(e2e, async (em) =>
    (await em.find(Review, { material: { title } })).map((r) => ({ decision: r.decision, scores: r.scores, comment: r.comment })),
  );

/** The score inputs of the review form, in the order of the criteria. */
const scoreInputs = (page: Page) => page.getByRole('form', { name: `Экспертиза материала ${TITLE}` }).getByRole('spinbutton');

describe('the expert’s review', () => {
  it('a methodist assigns with a due day; the expert is mailed and counted, scores beside the text with rubrics and a live total, and corrects the conclusion until publication', async () => {
    const problems: string[] = [];
    const methodist = await signIn(e2e, METHODIST.email, METHODIST.password);
    await methodist.goto(`${url}/review`);
    await settled(methodist);
    const card = methodist.getByRole('region', { name: TITLE });
    // The due day is offered: 14 days ahead unless the methodist picks another.
    const due = card.getByLabel('Срок заключения');
    expect(await due.inputValue()).toBe(inDays(14));
    await due.fill(inDays(7));
    await card.getByLabel('Эксперт').selectOption({ label: EXPERT.name });
    await card.getByRole('button', { name: 'Назначить' }).click();
    await expect.poll(() => card.innerText()).toContain(`срок — до ${russian(inDays(7))}`);
    problems.push(...(await check(methodist, 'review-desk-due')));

    // The letter names the material and leads to the review page.
    const letter = await mailbox.letterTo(EXPERT.email);
    expect(letter.subject).toContain(`«${TITLE}»`);
    const link = /https?:\/\/\S+\/review\/\S+/.exec(letter.text)?.[0];
    expect(link?.startsWith(`${url}/review/`)).toBe(true);

    // The header counts the expert's open assignments; the desk lists them with their days, the late one marked.
    const expert = await signIn(e2e, EXPERT.email, EXPERT.password);
    await expect.poll(() => expert.getByRole('link', { name: counted('Экспертиза', 2) }).count()).toBe(1);
    await expert.getByRole('link', { name: counted('Экспертиза', 2) }).click();
    await settled(expert);
    expect(await expert.getByRole('region', { name: LATE }).innerText()).toContain(`срок истёк ${russian(inDays(-3))}`);
    expect(await expert.getByRole('region', { name: TITLE }).innerText()).toContain(`срок — до ${russian(inDays(7))}`);
    problems.push(...(await check(expert, 'review-desk-expert')));

    // The review page from the letter: the material's text beside the form.
    await expert.goto(link!);
    await settled(expert);
    await expert.getByRole('heading', { name: `Экспертиза: ${TITLE}`, level: 1 }).waitFor();
    const material = expert.getByRole('article', { name: 'Материал' });
    expect(await material.innerText()).toContain('Станция «Метеоплощадка»');
    expect(await material.innerText()).toContain('Пятиклассники мало знают о природе рядом со школой.');
    const form = expert.getByRole('form', { name: `Экспертиза материала ${TITLE}` });
    const criteria = form.getByRole('group');
    const count = await scoreInputs(expert).count();
    expect(count).toBeGreaterThan(2);
    // Each criterion says what its scores mean, one line a score.
    for (let i = 0; i < count; i++) expect(await criteria.nth(i).getByRole('listitem').first().innerText()).toMatch(/^0 — /);
    const max = await Promise.all(Array.from({ length: count }, (_, i) => scoreInputs(expert).nth(i).getAttribute('max').then(Number)));
    const total = form.locator('.review-total');
    expect(await total.innerText()).toBe(`Итого: 0 из ${max.reduce((a, b) => a + b, 0)}`);
    await scoreInputs(expert).nth(0).fill('4');
    await scoreInputs(expert).nth(1).fill('3');
    await expect.poll(() => total.innerText()).toBe(`Итого: 7 из ${max.reduce((a, b) => a + b, 0)}`);
    // A score out of range and a missing one are named, and nothing is sent.
    await scoreInputs(expert)
      .nth(1)
      .fill(String(max[1]! + 1));
    await form.getByRole('button', { name: 'Отправить заключение' }).click();
    const firstName = await criteria.nth(1).locator('legend').innerText();
    await expect.poll(() => form.innerText()).toContain(`Оценка по критерию «${firstName}» — целое число от 0 до ${max[1]}.`);
    expect(await form.innerText()).toContain(`Поставьте оценку по критерию «${await criteria.nth(2).locator('legend').innerText()}».`);
    expect(await reviewsOf(TITLE)).toEqual([]);
    await scoreInputs(expert).nth(1).fill('3');
    for (let i = 2; i < count; i++) await scoreInputs(expert).nth(i).fill('2');
    await form.getByLabel('Решение').selectOption('REVISE');
    await form.getByLabel('Комментарий').fill('Добавьте карту станций.');
    problems.push(...(await check(expert, 'review-page-form')));
    await form.getByRole('button', { name: 'Отправить заключение' }).click();

    const mine = expert.getByRole('region', { name: 'Ваше заключение' });
    await expect.poll(() => mine.innerText()).toContain('вернуть на доработку');
    expect(await mine.innerText()).toMatch(/Изменено \d+ \S+ \d{4} г\., \d\d:\d\d/);
    expect(await expert.getByRole('status').innerText()).toContain('Заключение отправлено');
    // One open assignment is left; on a phone the folded menu shows it too.
    await expect.poll(() => expert.getByRole('link', { name: counted('Экспертиза', 1) }).count()).toBe(1);
    problems.push(...(await check(expert, 'review-page-sent')));
    await expert.setViewportSize(PHONE);
    expect(await expert.getByRole('button', { name: counted('Меню', 1) }).count()).toBe(1);
    await expert.setViewportSize(DESKTOP);

    // Re-opened, the form holds what was sent; the correction replaces it.
    await mine.getByRole('button', { name: 'Исправить заключение' }).click();
    expect(await scoreInputs(expert).nth(0).inputValue()).toBe('4');
    expect(await form.getByLabel('Комментарий').inputValue()).toBe('Добавьте карту станций.');
    await scoreInputs(expert).nth(0).fill('5');
    await form.getByLabel('Решение').selectOption('RECOMMEND');
    await form.getByLabel('Комментарий').fill('Карта добавлена, рекомендую.');
    await form.getByRole('button', { name: 'Сохранить исправления' }).click();
    await expect.poll(() => mine.innerText()).toContain('рекомендовать к публикации');
    const [saved] = await reviewsOf(TITLE);
    expect(saved).toMatchObject({ decision: 'RECOMMEND', comment: 'Карта добавлена, рекомендую.' });
    // The first criterion now 5 (jsonb keeps its own key order: compared as a sum).
    expect(Object.values(saved!.scores).reduce((a, b) => a + b, 0)).toBe(5 + 3 + 2 * (count - 2));
    expect(await reviewsOf(TITLE)).toHaveLength(1);

    // Published, the conclusion stays as it is.
    await methodist.reload();
    await settled(methodist);
    await card.getByRole('button', { name: 'Опубликовать' }).click();
    await card.getByRole('group', { name: 'Подтверждение' }).getByRole('button', { name: 'Да, опубликовать' }).click();
    await expect.poll(() => methodist.getByRole('status').first().innerText()).toContain(`Опубликовано: «${TITLE}»`);
    await expert.reload();
    await settled(expert);
    await expect.poll(() => mine.innerText()).toContain('Материал опубликован: заключение больше не меняется.');
    expect(await expert.getByRole('button', { name: 'Исправить заключение' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe('the dictionaries page', () => {
  it('a methodist sets a subject’s levels and changes an association’s leader', async () => {
    const problems: string[] = [];
    const tab = await signIn(e2e, METHODIST.email, METHODIST.password);
    await tab.goto(`${url}/dictionaries?kind=subjects`);
    await settled(tab);
    await tab.getByRole('button', { name: 'Изменить: История' }).click();
    const subject = tab.getByRole('form', { name: 'Изменить: История' });
    const levels = subject.getByRole('group', { name: 'Уровни образования, на которых преподают предмет' });
    const before = await inDatabase(e2e, async (em) =>
      (await em.findOneOrFail(Subject, { name: 'История' }, { populate: ['levels'] })).levels
        .getItems()
        .map((l) => l.code)
        .sort(),
    );
    // What the subject has is ticked.
    for (const code of before) expect(await levels.getByRole('checkbox', { name: new RegExp(`^${code} — `) }).isChecked()).toBe(true);
    const add = before.includes('НОО') ? 'ДОП' : 'НОО';
    await levels.getByRole('checkbox', { name: new RegExp(`^${add} — `) }).check();
    problems.push(...(await check(tab, 'dictionaries-subject-levels')));
    await subject.getByRole('button', { name: 'Сохранить' }).click();
    await tab.getByText('«История» сохранено.').waitFor();
    const after = await inDatabase(e2e, async (em) =>
      (await em.findOneOrFail(Subject, { name: 'История' }, { populate: ['levels'] })).levels
        .getItems()
        .map((l) => l.code)
        .sort(),
    );
    expect(after).toEqual([...before, add].sort());
    expect(await tab.locator('ul.dictionary > li', { hasText: 'История' }).first().innerText()).toContain(add);

    await tab.getByRole('link', { name: 'Методические объединения' }).click();
    await tab.getByRole('heading', { name: 'Методические объединения', level: 2 }).waitFor();
    const NAME = 'РМО учителей предмета «История»';
    const { leader, other } = await inDatabase(e2e, async (em) => {
      const association = await em.findOneOrFail(MethodAssociation, { name: NAME }, { populate: ['leader'] });
      const someone = await em.findOneOrFail(Person, { id: { $ne: association.leader!.id } }, { orderBy: { fullName: 'asc' } });
      return { leader: association.leader!.getEntity().fullName, other: someone.fullName };
    });
    expect(await tab.locator('ul.dictionary > li', { hasText: NAME }).innerText()).toContain(`Руководитель: ${leader}`);
    await tab.getByRole('button', { name: `Изменить: ${NAME}` }).click();
    const form = tab.getByRole('form', { name: `Изменить: ${NAME}` });
    await form.getByLabel('Найти педагога по ФИО').fill(other.split(' ')[0]!);
    await form.getByRole('list', { name: 'Найденные педагоги' }).getByRole('button', { name: other, exact: true }).click();
    expect(await form.getByRole('group', { name: 'Руководитель' }).innerText()).toContain(other);
    problems.push(...(await check(tab, 'dictionaries-association-leader')));
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await tab.getByText(`«${NAME}» сохранено.`).waitFor();
    await expect.poll(() => tab.locator('ul.dictionary > li', { hasText: NAME }).innerText()).toContain(`Руководитель: ${other}`);
    const stored = () =>
      inDatabase(
        e2e,
        async (em) =>
          (await em.findOneOrFail(MethodAssociation, { name: NAME }, { populate: ['leader'] })).leader?.getEntity().fullName ?? null,
      );
    expect(await stored()).toBe(other);

    // The leader can be taken off too.
    await tab.getByRole('button', { name: `Изменить: ${NAME}` }).click();
    await form.getByRole('button', { name: `Снять руководителя ${other}` }).click();
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => tab.locator('ul.dictionary > li', { hasText: NAME }).innerText()).toContain('руководитель не назначен');
    expect(await stored()).toBeNull();
    expect(problems).toEqual([]);
  });
});
