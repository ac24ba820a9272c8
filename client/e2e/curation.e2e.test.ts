import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/modules/accounts/user.entity.ts';
import { Material } from '../../server/src/modules/materials/material.entity.ts';
import { MaterialStatus } from '../../server/src/modules/materials/material.enums.ts';
import { Organization } from '../../server/src/modules/organizations/organization.entity.ts';
import { Person } from '../../server/src/modules/people/person.entity.ts';
import { buildMaterial, buildOrganization, buildPerson } from '../../server/src/test/factories.ts';
import { acceptDialogs, checkRoute, createUser, type E2e, inDatabase, newPage, PHONE, signIn, startE2e } from './harness.ts';

/**
 * A methodist's curation in the browser: collections built, ordered with the keyboard, published,
 * read by a teacher, withdrawn and deleted; the directories of organizations and teachers searched,
 * corrected and rid of duplicates.
 */
let e2e: E2e;
let url: string;
const METHODIST = { email: 'methodist@curation.test', password: 'пароль-методиста-e2e' };
const AUTHOR = { email: 'author@curation.test', password: 'пароль-автора-e2e' };

beforeAll(async () => {
  e2e = await startE2e('curation');
  url = e2e.server.url;
  await createUser(e2e, METHODIST.email, 'Методист Егорова', Role.METHODIST, METHODIST.password);
  await createUser(e2e, AUTHOR.email, 'Автор Лаптева', Role.AUTHOR, AUTHOR.password);
});

afterAll(async () => {
  await e2e?.stop();
});

/** The titles in the collection editor's list, in order. */
const editorOrder = (tab: Page) => tab.locator('.collection-items li .item-title a').allInnerTexts();

/** The accessible name of the focused element. */
const focused = (tab: Page) =>
  tab.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');

describe('collections', () => {
  it('a methodist creates a collection, fills it from search, orders it with the keyboard, publishes it for teachers, withdraws and deletes it', async () => {
    const [a, b, c] = await inDatabase(e2e, async (em) =>
      (await em.find(Material, { status: MaterialStatus.PUBLISHED }, { orderBy: { title: 'asc' }, limit: 3 })).map((m) => m.title),
    );
    const tab = await signIn(e2e, METHODIST.email, METHODIST.password);
    const asked = acceptDialogs(tab);
    await tab.getByRole('link', { name: 'Подборки' }).click();
    await tab.getByRole('heading', { name: 'Подборки', level: 1 }).waitFor();
    const create = tab.getByRole('form', { name: 'Новая подборка' });
    await create.getByLabel('Название').fill('Функциональная грамотность');
    await create.getByLabel('Описание: для кого и зачем').fill('Для учителей 5–9 классов: задания и практики');
    await create.getByRole('button', { name: 'Создать подборку' }).click();
    await tab.getByRole('heading', { name: 'Функциональная грамотность', level: 1 }).waitFor();
    const editorUrl = tab.url();
    const id = decodeURIComponent(editorUrl.split('/manage/collections/')[1]!);
    await tab.getByText('В подборке пока нет материалов.', { exact: false }).waitFor();
    expect(await tab.getByText('Подборка не опубликована: её видят только методисты ИМЦ.').isVisible()).toBe(true);

    // An empty collection is not published: the refusal says why.
    await tab.getByRole('button', { name: 'Опубликовать' }).click();
    await expect
      .poll(() => tab.locator('.collection-status [role=alert]').innerText())
      .toContain('нет ни одного опубликованного материала');
    expect(await checkRoute(tab, 'collection-editor-empty')).toEqual([]);

    // Materials found by their title, each appended at the end; one already there is not offered again.
    const picker = tab.getByRole('group', { name: 'Добавить материал' });
    for (const title of [a!, b!, c!]) {
      await picker.getByLabel('Найти опубликованный материал').fill(title);
      await tab.getByRole('list', { name: 'Найденные материалы' }).getByRole('button', { name: title, exact: true }).click();
      await tab.getByText(`«${title}» добавлен в конец подборки.`).waitFor();
    }
    await expect.poll(() => editorOrder(tab)).toEqual([a, b, c]);
    await picker.getByLabel('Найти опубликованный материал').fill(a!);
    await tab
      .getByRole('list', { name: 'Найденные материалы' })
      .waitFor({ state: 'attached', timeout: 5000 })
      .catch(() => undefined);
    expect(await tab.getByRole('list', { name: 'Найденные материалы' }).getByRole('button', { name: a!, exact: true }).count()).toBe(0);
    await picker.getByLabel('Найти опубликованный материал').fill('');

    // The last one moved to the top with the keyboard: the focus follows it.
    await tab.getByRole('button', { name: `Поднять выше: ${c}` }).focus();
    await tab.keyboard.press('Enter');
    await tab.getByText(`«${c}» теперь 2-й из 3.`).waitFor();
    await expect.poll(() => editorOrder(tab)).toEqual([a, c, b]);
    await expect.poll(() => focused(tab)).toBe(`Поднять выше: ${c}`);
    await tab.keyboard.press('Enter');
    await tab.getByText(`«${c}» теперь 1-й из 3.`).waitFor();
    await expect.poll(() => editorOrder(tab)).toEqual([c, a, b]);
    // At the top «Выше» is off: the focus stays on the material, on «Ниже».
    await expect.poll(() => tab.getByRole('button', { name: `Поднять выше: ${c}` }).isDisabled()).toBe(true);
    await expect.poll(() => focused(tab)).toBe(`Опустить ниже: ${c}`);
    await tab.getByRole('button', { name: `Убрать из подборки: ${a}` }).click();
    await tab.getByText(`«${a}» убран из подборки.`).waitFor();
    await expect.poll(() => editorOrder(tab)).toEqual([c, b]);

    // A title blank once trimmed is refused by its field, and the text stays; then renamed.
    const details = tab.getByRole('form', { name: 'Название и описание' });
    await details.getByLabel('Название').fill('     ');
    await details.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => details.getByRole('alert').innerText()).toContain('input.title');
    expect(await details.getByLabel('Описание: для кого и зачем').inputValue()).toBe('Для учителей 5–9 классов: задания и практики');
    await details.getByLabel('Название').fill('Функциональная грамотность: 5–9 классы');
    await details.getByRole('button', { name: 'Сохранить' }).click();
    await tab.getByRole('heading', { name: 'Функциональная грамотность: 5–9 классы', level: 1 }).waitFor();

    await tab.getByRole('button', { name: 'Опубликовать' }).click();
    await tab.getByText('«Функциональная грамотность: 5–9 классы» опубликована.').waitFor();
    expect(await checkRoute(tab, 'collection-editor')).toEqual([]);

    // A teacher without an account finds it on the home page and reads it in the curator's order.
    const reader = await newPage(e2e);
    await reader.goto(url);
    await reader.getByRole('link', { name: 'Функциональная грамотность: 5–9 классы' }).click();
    await reader.getByRole('heading', { name: 'Функциональная грамотность: 5–9 классы', level: 1 }).waitFor();
    await expect.poll(() => reader.locator('.results h3').allInnerTexts()).toEqual([c, b]);
    expect(await reader.getByRole('link', { name: 'Изменить подборку' }).count()).toBe(0);

    // The list of collections shows it published.
    await tab.getByRole('link', { name: '← Все подборки' }).click();
    const listed = tab.locator('.results li').filter({ hasText: 'Функциональная грамотность: 5–9 классы' });
    await expect.poll(() => listed.innerText()).toContain('материалов: 2');
    expect(await listed.innerText()).toContain('опубликована');
    expect(await checkRoute(tab, 'collections-desk')).toEqual([]);

    // Withdrawn after a confirmation: the teacher no longer sees it.
    await listed.getByRole('link').click();
    await tab.getByRole('button', { name: 'Снять с публикации' }).click();
    await tab.getByText('«Функциональная грамотность: 5–9 классы» снята с публикации.').waitFor();
    expect(asked.at(-1)).toContain('Снять «Функциональная грамотность: 5–9 классы» с публикации?');
    await reader.goto(`${url}/collections/${encodeURIComponent(id)}`);
    await reader.getByRole('heading', { name: 'Подборка не найдена', level: 1 }).waitFor();
    await reader.close();

    // Deleted after a confirmation; the materials stay.
    await tab.getByRole('button', { name: 'Удалить подборку' }).click();
    await tab.getByText('Подборка «Функциональная грамотность: 5–9 классы» удалена.').waitFor();
    expect(asked.at(-1)).toContain('Удалить подборку «Функциональная грамотность: 5–9 классы»? Сами материалы останутся в базе.');
    await expect.poll(() => tab.locator('.results li').filter({ hasText: 'Функциональная грамотность: 5–9 классы' }).count()).toBe(0);
    expect(await inDatabase(e2e, (em) => em.count(Material, { title: { $in: [a!, b!, c!] }, status: MaterialStatus.PUBLISHED }))).toBe(3);
    await tab.goto(editorUrl);
    await tab.getByRole('heading', { name: 'Подборка не найдена', level: 1 }).waitFor();
    await tab.close();
  });

  it('an author gets no collection or directory pages, only the reason', async () => {
    const tab = await signIn(e2e, AUTHOR.email, AUTHOR.password, PHONE);
    expect(await tab.getByRole('link', { name: 'Подборки' }).count()).toBe(0);
    await tab.goto(`${url}/manage/collections`);
    await tab.getByText('Подборки составляют методисты ИМЦ.').waitFor();
    expect(await tab.getByRole('form', { name: 'Новая подборка' }).count()).toBe(0);
    await tab.goto(`${url}/directory/people`);
    await tab.getByText('Справочники организаций и педагогов ведут методисты ИМЦ.').waitFor();
    await tab.close();
  });
});

describe('organizations and teachers', () => {
  it('a methodist finds, corrects and merges duplicate organizations and teachers; materials follow the kept records', async () => {
    const { materialId } = await inDatabase(e2e, async (em) => {
      const kept = await buildOrganization(em, { name: 'МБОУ «Кедровская СШ № 2»', municipality: 'Северо-Енисейский район' });
      const duplicate = await buildOrganization(em, { name: 'МБОУ Кедровская средняя школа №2', municipality: 'Северо-Енисейский район' });
      await buildPerson(em, { fullName: 'Звягинцева Елена Викторовна', position: 'учитель биологии', organization: kept });
      const twin = await buildPerson(em, { fullName: 'Звягинцева Е. В.', position: 'учитель', organization: duplicate });
      const material = await buildMaterial(em, { title: 'Экологическая тропа у школы', authors: [twin], organization: duplicate });
      return { materialId: material.globalId };
    });
    const tab = await signIn(e2e, METHODIST.email, METHODIST.password);
    await tab.getByRole('link', { name: 'Организации и педагоги' }).click();
    await tab.getByRole('heading', { name: 'Организации и педагоги', level: 1 }).waitFor();
    const search = tab.getByRole('search', { name: 'Поиск организаций' });
    await search.getByLabel('Название или его часть').fill('Кедровская');
    await search.getByRole('button', { name: 'Найти' }).click();
    const rows = tab.getByRole('list', { name: 'Организации' }).locator(':scope > li');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await checkRoute(tab, 'directory-organizations')).toEqual([]);

    // Corrected: a blank municipality is refused by its field, then a short name is added.
    await tab.getByRole('button', { name: 'Изменить: МБОУ «Кедровская СШ № 2»' }).click();
    const edit = tab.getByRole('form', { name: 'Изменить: МБОУ «Кедровская СШ № 2»' });
    await edit.getByLabel('Муниципалитет').fill('   ');
    await edit.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => edit.getByRole('alert').innerText()).toContain('input.municipality');
    await edit.getByLabel('Муниципалитет').fill('Северо-Енисейский район');
    await edit.getByLabel('Краткое название').fill('Кедровская СШ № 2');
    await edit.getByRole('button', { name: 'Сохранить' }).click();
    await tab.getByText('«МБОУ «Кедровская СШ № 2»» сохранено.').waitFor();
    await expect.poll(() => rows.first().innerText()).toContain('Кедровская СШ № 2');

    // The duplicate merged into it, after reading what moves.
    await tab.getByRole('button', { name: 'Объединить дубликат: МБОУ Кедровская средняя школа №2' }).click();
    const merge = tab.getByRole('form', { name: 'Объединить дубликат: МБОУ Кедровская средняя школа №2' });
    await merge.getByLabel('Найти организацию, которая останется').fill('Кедровская');
    await merge.getByRole('button', { name: 'МБОУ «Кедровская СШ № 2»', exact: true }).click();
    const summary = merge.getByRole('status');
    await expect.poll(() => summary.innerText()).toContain('материалов: 1');
    expect(await summary.innerText()).toContain('педагогов: 1');
    expect(await summary.innerText()).toContain('Останется: «МБОУ «Кедровская СШ № 2»».');
    expect(await summary.innerText()).toContain('«МБОУ Кедровская средняя школа №2» исчезнет из справочника.');
    expect(await checkRoute(tab, 'directory-merge-organization')).toEqual([]);
    await merge.getByRole('button', { name: 'Объединить' }).click();
    await tab.getByText('«МБОУ Кедровская средняя школа №2» объединено с «МБОУ «Кедровская СШ № 2»».').waitFor();
    await expect.poll(() => rows.count()).toBe(1);

    // Teachers: the same on a phone.
    await tab.setViewportSize(PHONE);
    await tab.getByRole('link', { name: 'Педагоги' }).click();
    await tab.getByRole('heading', { name: 'Педагоги', level: 2 }).waitFor();
    const people = tab.getByRole('search', { name: 'Поиск педагогов' });
    await people.getByLabel('ФИО или его часть').fill('Звягинцева');
    await people.getByRole('button', { name: 'Найти' }).click();
    const personRows = tab.getByRole('list', { name: 'Педагоги' }).locator(':scope > li');
    await expect.poll(() => personRows.count()).toBe(2);
    // The duplicate's school moved with the merge above.
    expect(await personRows.filter({ hasText: 'Звягинцева Е. В.' }).innerText()).toContain('МБОУ «Кедровская СШ № 2»');
    expect(await checkRoute(tab, 'directory-people')).toEqual([]);

    await tab.getByRole('button', { name: 'Изменить: Звягинцева Елена Викторовна' }).click();
    const person = tab.getByRole('form', { name: 'Изменить: Звягинцева Елена Викторовна' });
    await person.getByLabel('Должность').fill('учитель биологии и экологии');
    await person.getByLabel('Квалификационная категория').selectOption({ label: 'высшая' });
    await person.getByLabel('Педагогический стаж, лет').fill('12');
    await person.getByRole('button', { name: 'Сохранить' }).click();
    await tab.getByText('«Звягинцева Елена Викторовна» сохранено.').waitFor();
    await expect
      .poll(() => personRows.filter({ hasText: 'Звягинцева Елена Викторовна' }).innerText())
      .toContain('учитель биологии и экологии');

    await tab.getByRole('button', { name: 'Объединить дубликат: Звягинцева Е. В.' }).click();
    const mergePeople = tab.getByRole('form', { name: 'Объединить дубликат: Звягинцева Е. В.' });
    await mergePeople.getByLabel('Найти педагога, который останется').fill('Звягинцева');
    await mergePeople.getByRole('button', { name: 'Звягинцева Елена Викторовна', exact: true }).click();
    await expect.poll(() => mergePeople.getByRole('status').innerText()).toContain('авторство материалов: 1');
    expect(await checkRoute(tab, 'directory-merge-person')).toEqual([]);
    await mergePeople.getByRole('button', { name: 'Объединить' }).click();
    await tab.getByText('«Звягинцева Е. В.» объединено с «Звягинцева Елена Викторовна».').waitFor();
    await expect.poll(() => personRows.count()).toBe(1);

    // The material names the kept teacher and school; the duplicates are gone.
    await tab.goto(`${url}/materials/${encodeURIComponent(materialId)}`);
    await tab.getByRole('heading', { name: 'Экологическая тропа у школы', level: 1 }).waitFor();
    const page = await tab.locator('main').innerText();
    expect(page).toContain('Звягинцева Елена Викторовна');
    expect(page).toContain('МБОУ «Кедровская СШ № 2»');
    expect(page).not.toContain('Звягинцева Е. В.');
    const left = await inDatabase(e2e, async (em) => [
      await em.count(Organization, { name: 'МБОУ Кедровская средняя школа №2' }),
      await em.count(Person, { fullName: 'Звягинцева Е. В.' }),
    ]);
    expect(left).toEqual([0, 0]);

    // A search that finds nothing says so.
    await tab.goto(`${url}/directory/organizations?q=${encodeURIComponent('Несуществующая гимназия')}`);
    await tab.getByText('По запросу «Несуществующая гимназия» ничего не нашлось.', { exact: false }).waitFor();
    await tab.close();
  });
});
