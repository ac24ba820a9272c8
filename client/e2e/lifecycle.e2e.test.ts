import type { Page } from 'playwright-core';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role, User } from '../../server/src/modules/accounts/user.entity.ts';
import { MaterialEditService } from '../../server/src/modules/materials/material-edit.service.ts';
import { MaterialKind } from '../../server/src/modules/materials/material.enums.ts';
import { ExpertLevel } from '../../server/src/modules/materials/kinds.ts';
import { ReviewDecision } from '../../server/src/modules/reviews/review.entity.ts';
import { WorkflowService } from '../../server/src/modules/workflow/workflow.service.ts';
import { buildLevel, buildOrganization, buildPerson, buildSubject } from '../../server/src/test/factories.ts';
import { checkRoute, createUser, type E2e, inDatabase, newPage, openPath, PHONE, settled, signIn, startE2e, today } from './harness.ts';

/**
 * A material's life after publication, as the centre's people live it in the browser: a methodist
 * edits a published practice, reads its history with a word-by-word comparison and puts an earlier
 * revision back; the certificate carries the centre's letterhead, the level and each author's
 * position, and its public check links to the material; a methodist withdraws the practice with a
 * reason, which the author reads, and the certificate stands withdrawn.
 */
let e2e: E2e;
let url: string;
const CENTRE = {
  name: 'МКУ «Информационно-методический центр»',
  municipality: 'Северо-Енисейский район',
  headTitle: 'Директор МКУ «ИМЦ»',
  headName: 'Т. В. Соболева',
};
const AUTHOR = { email: 'author@life.test', password: 'пароль-автора-e2e', name: 'Соколова Анна Игоревна' };
const EXPERT = { email: 'expert@life.test', password: 'пароль-эксперта-e2e', name: 'Эксперт Орлова' };
const METHODIST = { email: 'methodist@life.test', password: 'пароль-методиста-e2e', name: 'Методист Белова' };
const CRITERIA = ['relevance', 'novelty', 'practical_value', 'reproducibility', 'presentation'];

beforeAll(async () => {
  const env = {
    CENTRE_NAME: CENTRE.name,
    CENTRE_MUNICIPALITY: CENTRE.municipality,
    CENTRE_HEAD_TITLE: CENTRE.headTitle,
    CENTRE_HEAD_NAME: CENTRE.headName,
  };
  // The centre as configured (read when the server starts).
  Object.assign(process.env, env);
  try {
    e2e = await startE2e('lifecycle');
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
  }
  url = e2e.server.url;
  await createUser(e2e, AUTHOR.email, AUTHOR.name, Role.AUTHOR, AUTHOR.password);
  await createUser(e2e, EXPERT.email, EXPERT.name, Role.EXPERT, EXPERT.password);
  await createUser(e2e, METHODIST.email, METHODIST.name, Role.METHODIST, METHODIST.password);
}, 240_000);

afterAll(() => e2e?.stop());

/**
 * A practice by two teachers of one school, taken through the workflow by the services (set-up:
 * the review desk's own browser test does these steps by hand): written by the author's account,
 * reviewed, published at the municipal level. Returns its global id and registration number.
 */
async function publishedPractice(title: string, summary: string, [school, first, second]: [string, string, string]) {
  return inDatabase(e2e, async (em) => {
    const [author, expert, methodist] = await Promise.all(
      [AUTHOR, EXPERT, METHODIST].map((u) => em.findOneOrFail(User, { email: u.email })),
    );
    const as = (user: User) => ({ userId: user!.id, role: user!.role });
    const organization = await buildOrganization(em, { name: school, municipality: CENTRE.municipality });
    const mathematician = await buildPerson(em, { fullName: first, position: 'учитель математики', organization });
    const programmer = await buildPerson(em, { fullName: second, position: 'учитель информатики', organization });
    const subject = await buildSubject(em, 'Математика');
    const level = await buildLevel(em, 'ООО');
    const material = await new MaterialEditService(em, as(author!)).create({
      kind: MaterialKind.BEST_PRACTICE,
      title,
      summary,
      body: 'Ученики решают задачи о ценах в магазинах посёлка.',
      problem: 'Проценты кажутся оторванными от жизни',
      goal: 'Связать проценты с жизнью посёлка',
      results: 'Доля верных решений выросла с 40 до 70 %',
      grades: [6],
      subjectIds: [subject.globalId],
      levelIds: [level.globalId],
      authorIds: [mathematician.globalId, programmer.globalId],
      organizationId: organization.globalId,
    } as never);
    const id = material.globalId;
    await new WorkflowService(em, as(author!)).submit(id);
    await new WorkflowService(em, as(methodist!)).assignReviewer(id, expert!.globalId);
    await new WorkflowService(em, as(expert!)).review(id, {
      scores: CRITERIA.map((code) => ({ code, score: 4 })),
      decision: ReviewDecision.RECOMMEND,
      comment: 'Рекомендую',
    } as never);
    const done = await new WorkflowService(em, as(methodist!)).publish(id, ExpertLevel.MUNICIPAL);
    return { id, number: done.registrationNumber! };
  });
}

const open = (page: Page, path: string) => openPath(e2e, page, path);

describe('a material’s life after publication', { timeout: 900_000 }, () => {
  it('a methodist edits a published practice, reads who changed what word by word, and restores the earlier revision as a new one', async () => {
    const problems: string[] = [];
    const TITLE = 'Проценты в задачах из жизни посёлка';
    const { id } = await publishedPractice(TITLE, 'Задачи на проценты по ценам местных магазинов.', [
      'МБОУ «Тейская СОШ № 3»',
      'Орлова Ирина Петровна',
      'Белов Андрей Сергеевич',
    ]);
    const methodist = await signIn(e2e, METHODIST.email, METHODIST.password);

    // The material's page offers the methodist's tools; readers get none.
    await open(methodist, `/materials/${encodeURIComponent(id)}`);
    const tools = methodist.getByRole('region', { name: 'Действия методиста' });
    await tools.waitFor();
    problems.push(...(await checkRoute(methodist, 'life-01-material-tools')));
    const reader = await newPage(e2e);
    await open(reader, `/materials/${encodeURIComponent(id)}`);
    expect(await reader.getByRole('region', { name: 'Действия методиста' }).count()).toBe(0);
    expect(await reader.getByRole('link', { name: 'История изменений' }).count()).toBe(0);
    await reader.close();

    // Edit the published practice: the editor says it stays published; nothing is saved until asked.
    await tools.getByRole('link', { name: 'Редактировать' }).click();
    await settled(methodist);
    await methodist.getByText(/Материал опубликован: сохранённые изменения сразу увидят читатели/).waitFor();
    const save = methodist.getByRole('button', { name: 'Сохранить изменения' });
    expect(await save.isDisabled()).toBe(true);
    await methodist.locator('#f-title').fill('Проценты в задачах из жизни северного посёлка');
    await methodist.locator('#f-summary').fill('Задачи на проценты по ценам и тарифам местных магазинов.');
    await save.click();
    await methodist.getByText(/^Изменения сохранены в/).waitFor();
    problems.push(...(await checkRoute(methodist, 'life-02-editor-published')));

    // The history: who, when, what happened and which fields; the newest change compared word by word.
    await methodist.getByRole('link', { name: 'История изменений' }).click();
    await methodist
      .getByRole('heading', { level: 1, name: 'История изменений: «Проценты в задачах из жизни северного посёлка»' })
      .waitFor();
    await settled(methodist);
    const items = methodist.locator('.revisions > li');
    const before = await items.count();
    const newest = items.first();
    expect(await newest.locator('h3').innerText()).toMatch(/^Редакция (\d+) \(текущая\): Изменён$/);
    expect(await newest.innerText()).toContain(METHODIST.name);
    expect(await newest.innerText()).toContain('Изменено: Название, Аннотация');
    expect(await items.nth(1).locator('h3').innerText()).toMatch(/: Опубликован$/);
    const diff = methodist.locator('.revision-diff');
    await diff.getByText(/^Что изменилось с редакции \d+ по редакцию \d+$/).waitFor();
    expect(await diff.locator('dt').allInnerTexts()).toEqual(['Название', 'Аннотация']);
    expect(await diff.locator('ins').allInnerTexts()).toEqual(expect.arrayContaining(['северного ', 'и тарифам ']));
    // Nothing removed from the title, so no struck-out words but the summary's none either: both only added.
    expect(await diff.locator('del').count()).toBe(0);
    problems.push(...(await checkRoute(methodist, 'life-03-history')));
    // An expert's assignment and review change no field (the version stays): that state is offered once.
    expect(
      await methodist
        .getByRole('button', {
          name: `Восстановить редакцию ${Number(/Редакция (\d+)/.exec(await items.nth(2).locator('h3').innerText())![1])}`,
        })
        .count(),
    ).toBe(1);

    // Any two revisions: the first against the newest names the workflow's status change too.
    await methodist.getByLabel('Было (редакция)').selectOption('1');
    await diff.getByText(/^Что изменилось с редакции 1 по редакцию/).waitFor();
    expect(await diff.locator('dt').allInnerTexts()).toEqual(expect.arrayContaining(['Состояние', 'Название', 'Дата публикации']));
    expect(await diff.locator('.diff-field', { hasText: 'Состояние' }).locator('del').innerText()).toBe('черновик');
    expect(await diff.locator('.diff-field', { hasText: 'Состояние' }).locator('ins').innerText()).toBe('опубликован');

    // Put the published revision back: asked once more, saved as a new revision, nothing dropped.
    const publishedVersion = Number(/Редакция (\d+)/.exec(await items.nth(1).locator('h3').innerText())![1]);
    const latest = publishedVersion + 1;
    await items
      .nth(1)
      .getByRole('button', { name: `Восстановить редакцию ${publishedVersion}` })
      .click();
    const question = methodist.getByRole('group', { name: `Восстановить редакцию ${publishedVersion}` });
    expect(await question.innerText()).toContain(`Текущая редакция ${latest} останется в истории`);
    await question.getByRole('button', { name: 'Да, восстановить' }).click();
    await methodist.getByText(`Поля редакции ${publishedVersion} восстановлены: это редакция ${latest + 1}.`).waitFor();
    await expect.poll(() => items.count()).toBe(before + 1);
    expect(await items.first().locator('h3').innerText()).toBe(
      `Редакция ${latest + 1} (текущая): Восстановлена прежняя редакция (редакция ${publishedVersion})`,
    );
    expect(await methodist.getByRole('heading', { level: 1 }).innerText()).toBe(`История изменений: «${TITLE}»`);
    // The comparison shows the restore: the words added by the edit struck out again.
    await expect.poll(() => diff.locator('del').allInnerTexts()).toEqual(expect.arrayContaining(['северного ', 'и тарифам ']));
    problems.push(...(await checkRoute(methodist, 'life-04-restored')));

    // Readers see the restored text.
    const later = await newPage(e2e);
    await open(later, `/materials/${encodeURIComponent(id)}`);
    expect(await later.getByRole('heading', { level: 1 }).innerText()).toBe(TITLE);
    await later.close();
    expect(problems).toEqual([]);
  });

  it('the certificate names the centre, the level and each author with their position; its check links to the material', async () => {
    const problems: string[] = [];
    const TITLE = 'Геометрия на пришкольном участке';
    const { id, number } = await publishedPractice(TITLE, 'Измерения на местности в 7 классе.', [
      'МБОУ «Брянковская СОШ № 5»',
      'Кузнецова Мария Ивановна',
      'Смирнов Павел Олегович',
    ]);
    const reader = await newPage(e2e);
    await open(reader, `/materials/${encodeURIComponent(id)}`);
    const href = await reader.getByRole('link', { name: 'Свидетельство о публикации (PDF)' }).getAttribute('href');
    const pdf = await fetch(`${url}${href}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = (await extractText(new Uint8Array(await pdf.arrayBuffer()), { mergePages: true })).text.replace(/\s+/g, ' ');
    for (const expected of [
      CENTRE.name,
      CENTRE.municipality,
      'СВИДЕТЕЛЬСТВО',
      number,
      `«${TITLE}»`,
      'Рекомендован к распространению на муниципальном уровне',
      'учитель математики',
      'учитель информатики',
      CENTRE.headTitle,
      'подпись',
      CENTRE.headName,
      'М. П.',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // Each author with their own position.
    expect(text).toContain('Кузнецова Мария Ивановна учитель математики');
    expect(text).toContain('Смирнов Павел Олегович учитель информатики');

    // The public check: the same letterhead, valid, the level in words, and the way to the material.
    await reader.goto(`${url}/verify/${encodeURIComponent(number)}`);
    await reader.getByRole('heading', { level: 1, name: `Свидетельство № ${number}` }).waitFor();
    expect(await reader.getByRole('banner').innerText()).toBe(`${CENTRE.name}\n${CENTRE.municipality}`);
    expect(await reader.locator('main').innerText()).toContain('Свидетельство действительно.');
    expect(await reader.locator('main').innerText()).toContain('на муниципальном уровне');
    expect(await reader.locator('main').innerText()).toContain(
      'Кузнецова Мария Ивановна, учитель математики\nСмирнов Павел Олегович, учитель информатики',
    );
    problems.push(...(await checkRoute(reader, 'life-05-verify')));
    await reader.getByRole('link', { name: 'Открыть материал в базе знаний' }).click();
    await reader.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await reader.close();
    expect(problems).toEqual([]);
  });

  it('a methodist withdraws a practice with a reason on a phone; the author reads why; the certificate stands withdrawn', async () => {
    const problems: string[] = [];
    const TITLE = 'Финансовая грамотность на уроках математики';
    const REASON = 'Устарел: с 1 сентября действует новая рабочая программа, обновите расчёты.';
    const { id, number } = await publishedPractice(TITLE, 'Задачи о бюджете семьи.', [
      'МБОУ «Вангашская СОШ № 7»',
      'Волкова Елена Юрьевна',
      'Зайцев Игорь Николаевич',
    ]);
    const methodist = await signIn(e2e, METHODIST.email, METHODIST.password, PHONE);
    await open(methodist, `/materials/${encodeURIComponent(id)}`);
    const tools = methodist.getByRole('region', { name: 'Действия методиста' });
    await tools.getByRole('button', { name: 'Снять с публикации' }).click();
    // Without a reason nothing is asked: the field says what is missing.
    await tools.getByRole('button', { name: 'Снять с публикации', exact: true }).click();
    await tools.getByText('Напишите причину: без неё автор не узнает, почему материал снят.').waitFor();
    expect(await tools.getByRole('group').count()).toBe(0);
    await tools.getByLabel('Причина (её прочтёт автор)').fill(REASON);
    await tools.getByRole('button', { name: 'Снять с публикации', exact: true }).click();
    const question = tools.getByRole('group', { name: 'Снять с публикации' });
    expect(await question.innerText()).toContain(`свидетельство № ${number} перестанет действовать`);
    expect(await question.innerText()).toContain(REASON);
    problems.push(...(await checkRoute(methodist, 'life-06-archive-question')));
    // «Отмена» changes nothing; asked again and confirmed, it goes.
    await question.getByRole('button', { name: 'Отмена' }).click();
    expect(await question.count()).toBe(0);
    await tools.getByRole('button', { name: 'Снять с публикации', exact: true }).click();
    await question.getByRole('button', { name: 'Да, снять с публикации' }).click();
    await methodist.getByText(`«${TITLE}» снят с публикации и перенесён в архив.`, { exact: false }).waitFor();
    await methodist.getByText(`Снято с публикации ${today()}:`).waitFor();
    expect(await methodist.locator('.workflow-note').innerText()).toContain(REASON);
    problems.push(...(await checkRoute(methodist, 'life-07-archived-methodist')));

    // The author reads why on «Мои материалы» and on the material's page, with its history.
    const author = await signIn(e2e, AUTHOR.email, AUTHOR.password);
    const row = author.locator('.mine-item', { hasText: TITLE });
    await expect.poll(async () => (await row.count()) && (await row.innerText())).toContain(`Снято с публикации ${today()}: ${REASON}`);
    await row.getByRole('link', { name: TITLE }).click();
    await author.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await author.getByText(`Снято с публикации ${today()}:`).waitFor();
    expect(await author.locator('.workflow-note').innerText()).toContain(`решение методиста ${METHODIST.name}`);
    problems.push(...(await checkRoute(author, 'life-08-archived-author')));
    await author.getByRole('link', { name: 'История изменений' }).click();
    await settled(author);
    expect(await author.locator('.revisions > li').first().innerText()).toContain(`Причина: «${REASON}»`);
    // The author may not put back a revision of a material that is not their draft.
    expect(await author.getByRole('button', { name: /^Восстановить редакцию/ }).count()).toBe(0);
    problems.push(...(await checkRoute(author, 'life-09-history-author')));

    // Readers: gone from the base, the certificate withdrawn.
    const reader = await newPage(e2e);
    await open(reader, `/materials/${encodeURIComponent(id)}`);
    expect(await reader.getByRole('heading', { level: 1 }).innerText()).not.toBe(TITLE);
    await reader.goto(`${url}/verify/${encodeURIComponent(number)}`);
    expect(await reader.locator('main').innerText()).toContain('Свидетельство отозвано');
    expect(await reader.getByRole('link', { name: 'Открыть материал в базе знаний' }).count()).toBe(0);
    await reader.close();
    expect(problems).toEqual([]);
  });
});
