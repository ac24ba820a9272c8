import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/src/common/global-id.ts';
import { Role, User } from '../../server/src/modules/accounts/user.entity.ts';
import { Collection } from '../../server/src/modules/collections/collection.entity.ts';
import { BestPractice, MethodologicalMaterial } from '../../server/src/modules/materials/material.entity.ts';
import { MaterialStatus } from '../../server/src/modules/materials/material.enums.ts';
import { SurveyService } from '../../server/src/modules/surveys/survey.service.ts';
import { SurveyQuestionType } from '../../server/src/modules/surveys/survey.entity.ts';
import {
  axeViolations,
  checkRoute,
  createUser,
  DESKTOP,
  type E2e,
  inDatabase,
  newPage,
  overflow,
  PHONE,
  shoot,
  signIn,
  startE2e,
} from './harness.ts';

/**
 * The reading side as teachers use it: every route at 1366 and 360 px with axe-core, facets that
 * reach every value, subscriptions, the media library's filters, phones, the keyboard and screen
 * readers, material and author pages, and what search engines and messengers get.
 */
let e2e: E2e;
let url: string;
const ids = {} as {
  material: string;
  typedMaterial: string;
  practice: string;
  person: string;
  organization: string;
  collection: string;
  survey: string;
};
const READER = { email: 'reader@reading.test', password: 'пароль-читателя-e2e' };
const AUTHOR = { email: 'author@reading.test', password: 'пароль-автора-e2e' };
const METHODIST = { email: 'methodist@reading.test', password: 'пароль-методиста-e2e' };
const CERTIFICATE = 'ИМЦ-2026-09001';

beforeAll(async () => {
  e2e = await startE2e();
  url = e2e.server.url;
  await createUser(e2e, READER.email, 'Читатель Смирнова', Role.READER, READER.password);
  await createUser(e2e, AUTHOR.email, 'Автор Кузнецова', Role.AUTHOR, AUTHOR.password);
  await createUser(e2e, METHODIST.email, 'Методист Белова', Role.METHODIST, METHODIST.password);
  await inDatabase(e2e, async (em) => {
    const typed = await em.findOneOrFail(
      MethodologicalMaterial,
      { status: MaterialStatus.PUBLISHED, materialType: { $ne: null }, authorships: { $exists: true } },
      { orderBy: { publishedAt: 'desc' } },
    );
    // A published practice with a certificate: its author's page lists it.
    const practice = await em.findOneOrFail(
      BestPractice,
      { status: MaterialStatus.PUBLISHED, expertLevel: { $ne: null }, authorships: { $exists: true } },
      { populate: ['authorships.person', 'organization'] as never[] },
    );
    practice.registrationNumber = CERTIFICATE;
    const collection = await em.findOneOrFail(Collection, { published: true });
    const methodist = await em.findOneOrFail(User, { email: METHODIST.email });
    const survey = await new SurveyService(em, { userId: methodist.id, role: Role.METHODIST }).create({
      title: 'Какие семинары нужны',
      draft: false,
      description: '',
      questions: [{ text: 'Темы семинаров', type: SurveyQuestionType.TEXT, options: [], required: true }],
    });
    await em.flush();
    Object.assign(ids, {
      material: typed.globalId,
      typedMaterial: typed.globalId,
      practice: practice.globalId,
      person: practice.authorships.getItems()[0]!.person.getEntity().globalId,
      organization: practice.organization!.getEntity().globalId,
      collection: collection.globalId,
      survey: survey.linkToken,
    });
  });
}, 240_000);

afterAll(() => e2e?.stop());

/** The page once its data is in: an H1 and nothing still loading. */
async function open(page: Page, path: string) {
  const response = await page.goto(`${url}${path}`);
  await page.locator('h1').first().waitFor();
  await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
  return response!;
}

const count = async (page: Page) =>
  Number(
    (
      await page
        .getByRole('status')
        .filter({ hasText: /^Найдено: \d+$/ })
        .innerText()
    ).replace(/\D/g, ''),
  );

describe('every route', { timeout: 600_000 }, () => {
  it('has one H1, no horizontal scrolling at 1366 and 360 px and no axe-core violation, anonymous and signed in', async () => {
    const problems: string[] = [];
    const missing = toGlobalId('BestPractice', '00000000-0000-4000-8000-000000000000');
    const anonymous = await newPage(e2e);
    const routes: Array<[string, string]> = [
      ['route-home', '/'],
      ['route-search', `/?q=${encodeURIComponent('функциональная грамотность')}`],
      ['route-material', `/materials/${ids.typedMaterial}`],
      ['route-practice', `/materials/${ids.practice}`],
      ['route-person', `/people/${ids.person}`],
      ['route-organization', `/organizations/${ids.organization}`],
      ['route-collection', `/collections/${ids.collection}`],
      ['route-media', '/media'],
      ['route-login', '/login'],
      ['route-survey', `/surveys/${ids.survey}`],
      ['route-my-anonymous', '/my'],
      ['route-not-found', '/no-such-page'],
      ['route-material-not-found', `/materials/${missing}`],
    ];
    for (const [name, path] of routes) {
      await open(anonymous, path);
      problems.push(...(await checkRoute(anonymous, name)));
    }
    await anonymous.close();

    const reader = await signIn(e2e, READER.email, READER.password);
    for (const [name, path] of [
      ['route-my-reader', '/my'],
      ['route-review-reader', '/review'],
      ['route-reports-reader', '/reports'],
      ['route-surveys-reader', '/surveys'],
    ]) {
      await open(reader, path!);
      problems.push(...(await checkRoute(reader, name!)));
    }
    await reader.close();

    const author = await signIn(e2e, AUTHOR.email, AUTHOR.password);
    problems.push(...(await checkRoute(author, 'route-my-author')));
    await author.getByLabel('Название').fill('Черновик для проверки редактора');
    await author.getByRole('button', { name: 'Сохранить черновик' }).click();
    await expect.poll(() => author.getByRole('heading', { name: /^Редактирование/ }).isVisible()).toBe(true);
    problems.push(...(await checkRoute(author, 'route-editor')));
    await author.close();

    const methodist = await signIn(e2e, METHODIST.email, METHODIST.password);
    for (const [name, path] of [
      ['route-review', '/review'],
      ['route-reports', '/reports'],
      ['route-surveys', '/surveys'],
    ]) {
      await open(methodist, path!);
      problems.push(...(await checkRoute(methodist, name!)));
    }
    await methodist.close();
    expect(problems).toEqual([]);
  });
});

describe('a teacher reading', { timeout: 180_000 }, () => {
  it("reaches every subject with «Показать все» and a filter, sees each result's facts, and goes back to the same search", async () => {
    const page = await newPage(e2e);
    await open(
      page,
      `/?${['BEST_PRACTICE', 'PUBLICATION', 'METHODOLOGICAL_MATERIAL', 'NORMATIVE_DOCUMENT'].map((k) => `kind=${k}`).join('&')}`,
    );
    const subjects = page.getByRole('group', { name: 'Предмет' });
    await expect.poll(() => subjects.getByRole('checkbox').count()).toBe(8);
    const more = subjects.getByRole('button', { name: /^Показать все \(\d+\)$/ });
    const all = Number((await more.innerText()).replace(/\D/g, ''));
    expect(all).toBeGreaterThan(8);
    const shownFirst = await subjects.locator('label').allInnerTexts();
    await more.click();
    await expect.poll(() => subjects.getByRole('checkbox').count()).toBe(all);
    // The last subject (fewest materials) was out of sight; the filter finds it by a part of its name.
    const last = (await subjects.locator('label').last().innerText()).replace(/\s*\d+$/, '');
    expect(shownFirst.some((text) => text.startsWith(last))).toBe(false);
    await subjects.getByRole('searchbox', { name: 'Найти в списке «Предмет»' }).fill(last.slice(1, 6).toLowerCase());
    await expect.poll(() => subjects.getByRole('checkbox').count()).toBeLessThan(all);
    const box = subjects.getByRole('checkbox', { name: new RegExp(`^${last}`) });
    const expected = Number(await subjects.locator('label').filter({ hasText: last }).locator('.count').innerText());
    await box.check();
    await page.waitForURL(/subject=/);
    await expect.poll(() => count(page)).toBe(expected);
    await shoot(page, 'facets-all-values');

    // Each result says what it is: kind, and more where the material has it.
    const badges = page.locator('ol.results > li').first().getByRole('list', { name: 'Сведения о материале' });
    expect(await badges.getByRole('listitem').first().innerText()).toMatch(
      /^(Педагогическая практика|Публикация|Методический материал|Нормативный документ)$/,
    );
    const searchUrl = page.url();
    const first = page.locator('ol.results > li').first().getByRole('heading').getByRole('link');
    const title = await first.innerText();
    await first.click();
    await expect.poll(() => page.title()).toBe(`${title} — Методическая база знаний`);
    await page.getByRole('link', { name: '← К поиску' }).click();
    await expect.poll(() => page.url()).toBe(searchUrl);
    await expect.poll(() => page.getByRole('checkbox', { name: new RegExp(`^${last}`) }).isChecked()).toBe(true);
    await expect.poll(() => page.title()).toBe('Поиск материалов — Методическая база знаний');
    await page.close();
  });

  it('shows «Страница не найдена» and «Материал не найден» for unknown addresses, which answer 404', async () => {
    const page = await newPage(e2e);
    const response = await open(page, '/materials-typo/123');
    expect(response.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Страница не найдена');
    expect(await page.title()).toBe('Страница не найдена — Методическая база знаний');
    const unknown = await open(page, `/materials/${toGlobalId('Publication', '00000000-0000-4000-8000-000000000001')}`);
    expect(unknown.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Материал не найден');
    expect((await open(page, `/materials/${ids.practice}`)).status()).toBe(200);
    await page.close();
  });

  it("subscribes to the search as an Atom feed and copies the page's link", async () => {
    const context = await e2e.browser.newContext({ viewport: DESKTOP, locale: 'ru-RU', bypassCSP: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    const page = await context.newPage();
    // The feed lists the newest first: the same search sorted by date shows the same materials in the same order.
    await open(page, `/?q=${encodeURIComponent('проект')}&sort=NEWEST`);
    await expect.poll(() => page.locator('ol.results > li').count()).toBeGreaterThan(0);
    const titles = await page.locator('ol.results > li h3').allInnerTexts();
    await open(page, `/?q=${encodeURIComponent('проект')}`);
    await page.getByRole('button', { name: 'Подписаться' }).click();
    const feed = page.getByRole('link', { name: 'Лента Atom этого поиска' });
    const href = (await feed.getAttribute('href'))!;
    expect(href).toBe(`/feed.xml?q=${encodeURIComponent('проект')}`);
    const atom = await page.request.get(`${url}${href}`);
    expect(atom.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
    const entries = [...(await atom.text()).matchAll(/<entry>.*?<title>([^<]*)<\/title>/gs)].map((m) =>
      m[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
    );
    expect(entries.slice(0, titles.length)).toEqual(titles);
    await shoot(page, 'subscribe');
    await page.getByRole('button', { name: 'Скопировать ссылку' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Ссылка скопирована' }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());

    await open(page, `/collections/${ids.collection}`);
    await page.getByRole('button', { name: 'Подписаться' }).click();
    const collectionFeed = await page.request.get(
      `${url}${await page.getByRole('link', { name: 'Лента Atom этой подборки' }).getAttribute('href')}`,
    );
    expect(await collectionFeed.text()).toContain('<title>Подборка «');
    await context.close();
  });

  it('finds files in the media library by words, subject and level, under readable titles and Russian type names', async () => {
    const page = await newPage(e2e);
    await open(page, '/media');
    const cards = page.locator('.media-card');
    await expect.poll(() => cards.count()).toBeGreaterThan(3);
    const total = Number(
      (
        await page
          .getByRole('status')
          .filter({ hasText: /^Найдено/ })
          .innerText()
      ).replace(/\D/g, ''),
    );
    // Titles are the materials' titles, not file names; types are named in Russian.
    for (const card of await cards.all()) {
      expect(await card.getByRole('heading').innerText()).not.toMatch(/\.(pdf|docx?|txt|pptx?)$/i);
      expect(await card.innerText()).toMatch(/(документ|презентация|таблица|изображение|аудиозапись|видеозапись|архив) [A-Z0-9]+ · /);
    }
    const title = await cards.first().getByRole('heading').innerText();
    const word = title
      .split(/\s+/)
      .find((w) => w.length > 5)!
      .replace(/[«»,.:]/g, '');
    await page.getByLabel('Найти файл по названию').fill(word);
    await page.getByLabel('Найти файл по названию').press('Enter');
    await page.waitForURL(/q=/);
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /^Найдено/ })
          .innerText(),
      )
      .not.toBe(`Найдено: ${total}`);
    expect(await cards.first().getByRole('heading').innerText()).toContain(word);
    await open(page, '/media');
    await page.getByLabel('Предмет').selectOption({ index: 1 });
    await page.waitForURL(/subject=/);
    await page.getByLabel('Уровень образования').selectOption({ index: 1 });
    await page.waitForURL(/level=/);
    await expect
      .poll(async () =>
        Number(
          (
            await page
              .getByRole('status')
              .filter({ hasText: /^Найдено/ })
              .innerText()
          ).replace(/\D/g, ''),
        ),
      )
      .toBeLessThan(total);
    await shoot(page, 'media-filters');
    await page.close();
  });
});

describe('on a phone', { timeout: 180_000 }, () => {
  it("folds a signed-in user's menu, offers «Показать N» after choosing filters, and fits every page", async () => {
    const reader = await signIn(e2e, READER.email, READER.password, PHONE);
    const menu = reader.getByRole('button', { name: 'Меню' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await reader.getByRole('link', { name: 'Медиатека' }).isVisible()).toBe(false);
    await shoot(reader, 'phone-menu-closed');
    await menu.click();
    expect(await reader.getByRole('link', { name: 'Медиатека' }).isVisible()).toBe(true);
    await reader.screenshot({ path: 'test-results/screenshots/phone-menu-open-360.png' });
    await reader.getByRole('link', { name: 'Медиатека' }).click();
    await expect.poll(() => reader.getByRole('heading', { level: 1 }).innerText()).toBe('Медиатека');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await reader.close();

    const page = await newPage(e2e, PHONE);
    await open(page, `/?q=${encodeURIComponent('урок')}`);
    await page.getByRole('button', { name: 'Фильтры' }).click();
    const kind = page.getByRole('group', { name: 'Вид' }).locator('label').first();
    const expected = Number(await kind.locator('.count').innerText());
    await kind.getByRole('checkbox').check();
    await page.waitForURL(/kind=/);
    const show = page.getByRole('button', { name: /^Показать \d+$/ });
    await expect.poll(() => show.innerText()).toBe(`Показать ${expected}`);
    expect(await count(page)).toBe(expected);
    await page.screenshot({ path: 'test-results/screenshots/phone-show-results-360.png' });
    await show.click();
    expect(await page.getByRole('button', { name: /^Фильтры/ }).getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('results');
    expect(await overflow(page)).toBe(0);
    await page.close();
  });
});

describe('with the keyboard and a screen reader', { timeout: 180_000 }, () => {
  it('skips to the results, keeps the focus on a toggled filter with a visible ring, and announces only the count', async () => {
    const page = await newPage(e2e);
    await open(page, `/?q=${encodeURIComponent('урок')}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Перейти к содержанию');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Перейти к результатам');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('results');

    const box = page.getByRole('group', { name: 'Уровень образования' }).getByRole('checkbox').first();
    const id = await box.getAttribute('id');
    await box.focus();
    await page.keyboard.press('Space');
    await page.waitForURL(/level=/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(id);
    expect(await box.isChecked()).toBe(true);
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(ring).not.toBe('none');
    await page.keyboard.press('Space');
    await expect.poll(() => page.url()).not.toMatch(/level=/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(id);

    // Live regions hold the count (and short notices), never the list of results.
    const live = await page.locator('[role="status"], [aria-live]').allInnerTexts();
    expect(live.filter((text) => text.trim())).toEqual([expect.stringMatching(/^Найдено: \d+$/)]);
    await page.close();
  });

  it('reaches the suggestions with the arrows (combobox) and opens one with Enter', async () => {
    const page = await newPage(e2e);
    await open(page, '/');
    const box = page.getByRole('combobox', { name: 'Поиск материалов' });
    await box.pressSequentially('вычисл', { delay: 30 });
    const options = page.getByRole('listbox', { name: 'Подсказки' }).getByRole('option');
    await expect.poll(() => options.count()).toBeGreaterThan(0);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    await box.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).toBe('suggestion-0');
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    const title = await options.first().innerText();
    await shoot(page, 'suggestions');
    await box.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(title);
    // The server's head of the first page does not stay behind to describe this one.
    expect(await page.locator('link[rel="canonical"]').count()).toBe(0);
    await page.close();
  });

  it('names the chart legends in Russian on the reports', async () => {
    // A period without visits says so instead of drawing an empty chart: a teacher (not a robot) visits first.
    const teacher = await e2e.browser.newPage({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36' });
    await open(teacher, '/?q=грамотность');
    await open(teacher, `/materials/${ids.typedMaterial}`);
    await teacher.close();
    const methodist = await signIn(e2e, METHODIST.email, METHODIST.password);
    await expect
      .poll(
        async () => {
          await open(methodist, '/reports');
          return methodist.locator('.recharts-legend-item-text').allInnerTexts();
        },
        { timeout: 30_000 },
      )
      .toEqual(expect.arrayContaining(['Открытия', 'Скачивания', 'Поисковые запросы']));
    const legends = await methodist.locator('.recharts-legend-item-text').allInnerTexts();
    for (const legend of legends) expect(legend).toMatch(/^[А-Яа-яЁё ]+$/);
    expect(legends).toEqual(expect.arrayContaining(['Открытия', 'Скачивания', 'Поисковые запросы', 'опубликован']));
    await methodist.close();
  });
});

describe('material and author pages', { timeout: 180_000 }, () => {
  it("show kind, type, views and downloads and a ГОСТ citation; the author's certificates and levels; a reader gets no forms", async () => {
    const page = await newPage(e2e);
    await open(page, `/materials/${ids.typedMaterial}`);
    const facts = await page.locator('dl.facts').first().innerText();
    for (const label of ['Вид', 'Тип материала', 'Просмотры', 'Скачивания']) expect(facts).toContain(label);
    expect(facts).toContain('Методический материал');
    // Each fact once: the kind's own fields below leave out what the facts above already say.
    expect(await page.locator('dt', { hasText: /^Тип материала$/ }).count()).toBe(1);
    const cite = await page.locator('.cite').innerText();
    expect(cite).toMatch(
      / — Текст : электронный \/\/ Методическая база знаний\. — \d{4}\. — URL: http:\/\/localhost:\d+\/materials\/\S+ \(дата обращения: \d{2}\.\d{2}\.\d{4}\)\.$/,
    );
    await shoot(page, 'material-facts');

    await open(page, `/people/${ids.person}`);
    const certificates = page.getByRole('region', { name: 'Свидетельства о публикации' });
    expect(await certificates.getByRole('link').first().getAttribute('href')).toBe(`/certificates/${encodeURIComponent(CERTIFICATE)}.pdf`);
    expect(await page.getByRole('region', { name: 'Рекомендованные практики' }).innerText()).toMatch(
      /рекомендована (в ОО|на муниципальном уровне|на региональном уровне)/,
    );
    await shoot(page, 'person-certificates');
    await page.close();

    const reader = await signIn(e2e, READER.email, READER.password);
    expect(await reader.getByRole('heading', { name: 'Новый материал' }).count()).toBe(0);
    expect(await reader.getByText('Публиковать материалы могут авторы и методисты ИМЦ.', { exact: false }).isVisible()).toBe(true);
    await open(reader, '/review');
    expect(await reader.getByText('Экспертиза доступна экспертам и методистам ИМЦ.').isVisible()).toBe(true);
    expect(await reader.locator('form').count()).toBe(0);
    await open(reader, '/reports');
    expect(await reader.getByText('Отчёты доступны методистам и администраторам ИМЦ.').isVisible()).toBe(true);
    await reader.close();
  });
});

describe('found from outside', { timeout: 120_000 }, () => {
  it('the HTML the server sends names the material before any script; the tab title follows the page', async () => {
    const page = await newPage(e2e);
    const response = await page.goto(`${url}/materials/${ids.practice}`);
    const html = await response!.text();
    const title = /<title>([^<]*)<\/title>/.exec(html)![1]!;
    expect(title).toMatch(/ — Методическая база знаний$/);
    expect(html.indexOf('property="og:title"')).toBeLessThan(html.indexOf('<script type="module"'));
    await page.locator('h1').waitFor();
    expect(await page.title()).toBe(title.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("asks for the material page's own chunk with the HTML, and draws the reading pages from the answers inside it, without a GraphQL request", async () => {
    const html = await (await fetch(`${url}/materials/${ids.practice}`)).text();
    // The route chunk is named ahead of the entry, so the browser loads it beside the entry.
    expect(html.indexOf('rel="modulepreload" crossorigin href="/assets/MaterialPage-')).toBeGreaterThan(0);
    expect(html.indexOf('rel="modulepreload" crossorigin href="/assets/MaterialPage-')).toBeLessThan(html.indexOf('<script type="module"'));
    const pages: Array<[string, string]> = [
      ['/', '.home:not(.skeleton) h3'],
      [`/?q=${encodeURIComponent('функциональная грамотность')}`, 'ol.results h3'],
      [`/materials/${ids.practice}`, 'main h1'],
    ];
    for (const [path, ready] of pages) {
      const page = await newPage(e2e);
      const asked: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/graphql')) asked.push(/"operationName":"(\w+)"/.exec(request.postData() ?? '')?.[1] ?? '?');
      });
      await page.goto(`${url}${path}`);
      await page.locator(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect({ path, asked }).toEqual({ path, asked: [] });
      // The page is alive, not a picture of one: the next search asks the server.
      if (path === '/') {
        await page.getByRole('combobox', { name: 'Поиск материалов' }).fill('экология');
        await page.keyboard.press('Enter');
        await expect.poll(() => asked).toContain('SearchPageQuery');
      }
      await page.close();
    }
  });
});

describe('what a phone does on opening a reading page', { timeout: 180_000 }, () => {
  it('builds no Intl date or number formatter, and draws no folded filter', async () => {
    // A formatter's first construction loads ICU's locale data: 80–95 ms of main thread on a desktop core, four times that on a phone.
    const pages: Array<[string, string, string]> = [
      ['home', '/', '.home:not(.skeleton) h3'],
      ['search', `/?q=${encodeURIComponent('функциональная грамотность')}`, 'ol.results h3'],
      ['material', `/materials/${ids.typedMaterial}`, 'main h1'],
    ];
    for (const [name, path, ready] of pages) {
      const page = await newPage(e2e, PHONE);
      await page.addInitScript(() => {
        const counted = window as unknown as { formatters: number };
        counted.formatters = 0;
        for (const name of ['DateTimeFormat', 'NumberFormat'] as const) {
          Intl[name] = new Proxy(Intl[name], {
            construct: (target, args) => (counted.formatters++, Reflect.construct(target, args)),
            apply: (target, self, args) => (counted.formatters++, Reflect.apply(target, self, args)),
          }) as never;
        }
        for (const method of ['toLocaleDateString', 'toLocaleString', 'toLocaleTimeString'] as const) {
          const original = Date.prototype[method];
          Date.prototype[method] = function (this: Date, ...args: Parameters<typeof original>) {
            counted.formatters++;
            return original.apply(this, args);
          };
        }
        const original = Number.prototype.toLocaleString;
        Number.prototype.toLocaleString = function (this: number, ...args: Parameters<typeof original>) {
          counted.formatters++;
          return original.apply(this, args);
        };
      });
      await page.goto(`${url}${path}`);
      await page.locator(ready).first().waitFor();
      await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
      expect({ name, formatters: await page.evaluate(() => (window as unknown as { formatters: number }).formatters) }).toEqual({
        name,
        formatters: 0,
      });
      if (name !== 'material') {
        // Folded behind «Фильтры», the panel holds no checkbox until it is opened.
        expect(await page.locator('.facets input[type=checkbox]').count()).toBe(0);
        await page.getByRole('button', { name: /^Фильтры/ }).click();
        expect(await page.locator('.facets input[type=checkbox]').count()).toBeGreaterThan(0);
      }
      await page.close();
    }
  });
});
