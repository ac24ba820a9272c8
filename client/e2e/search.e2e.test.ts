import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/modules/accounts/user.entity.ts';
import { pdf } from '../../server/src/test/file-fixtures.ts';
import path from 'node:path';
import { loadConfig } from '../../server/src/config.ts';
import { createLogger } from '../../server/src/common/logger.ts';
import { openOrm } from '../../server/src/db/orm.ts';
import { BackupScheduler } from '../../server/src/modules/backup/backup-scheduler.ts';
import { filesConfig } from '../../server/src/modules/files/files-config.ts';
import { readRuntime } from '../../server/src/runtime/services.ts';
import { createUser, shoot, signIn, startE2e, type E2e } from './harness.ts';

let e2e: E2e;
let server: E2e['server'];
let browser: Browser;

beforeAll(async () => {
  e2e = await startE2e();
  ({ server, browser } = e2e);
}, 180_000);

afterAll(() => e2e?.stop());

describe('a teacher in the browser', { timeout: 120_000 }, () => {
  it('searches with a typo, narrows by subject and level, opens a material', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    await page.goto(server.url);
    await expect.poll(() => page.getByRole('region', { name: 'Новые материалы' }).locator('li').count()).toBe(5);
    await shoot(page, 'home');
    const box = page.getByRole('combobox', { name: 'Поиск материалов' });
    await box.pressSequentially('вычисл', { delay: 30 });
    await expect.poll(() => page.getByRole('listbox', { name: 'Подсказки' }).getByRole('option').count()).toBeGreaterThan(0);
    await box.fill('матиматика');
    await box.press('Enter');
    await page.waitForURL(/q=%D0%BC%D0%B0%D1%82/);
    const results = page.locator('ol.results > li');
    await expect.poll(() => results.count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('ol.results').innerText()).toMatch(/[Мм]атемат/);
    const total = Number((await page.getByText(/^Найдено: \d+/).innerText()).replace(/\D/g, ''));
    await shoot(page, 'search');

    await page
      .getByRole('group', { name: 'Предмет' })
      .getByRole('checkbox', { name: /Математика/ })
      .check();
    await page.waitForURL(/subject=/);
    await expect
      .poll(async () => Number((await page.getByText(/^Найдено: \d+/).innerText()).replace(/\D/g, '')))
      .toBeLessThanOrEqual(total);
    const bySubject = Number((await page.getByText(/^Найдено: \d+/).innerText()).replace(/\D/g, ''));
    await page.getByRole('group', { name: 'Уровень образования' }).getByRole('checkbox').first().check();
    await page.waitForURL(/level=/);
    await expect
      .poll(async () => Number((await page.getByText(/^Найдено: \d+/).innerText()).replace(/\D/g, '')))
      .toBeLessThanOrEqual(bySubject);
    await expect.poll(() => results.count()).toBeGreaterThan(0);
    // The URL alone reproduces the page.
    const again = await browser.newPage();
    await again.goto(page.url());
    await expect.poll(() => again.getByRole('checkbox', { name: /Математика/ }).isChecked()).toBe(true);
    await again.close();

    const first = results.first().getByRole('link');
    const title = await first.innerText();
    await first.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(title);
    // Opened directly, the page's JSON-LD is in the HTML the server sent.
    await page.reload();
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
    expect(jsonLd).toMatchObject({ '@context': 'https://schema.org', name: title });
    await shoot(page, 'material');

    // The author's portfolio, linked from the material.
    const author = page.locator('.facts a[href^="/people/"]').first();
    const name = await author.innerText();
    await author.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(name);
    await expect.poll(() => page.getByRole('heading', { name: /^Материалы \(\d+\)$/ }).isVisible()).toBe(true);
    await shoot(page, 'person');
    await page.close();
  });

  it('browses the media library, previews a PDF in the page and downloads it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Медиатека' }).click();
    await page.getByRole('link', { name: 'Документы' }).click();
    expect(new URL(page.url()).searchParams.get('type')).toBe('DOCUMENT');
    // The demo files are processed in the background; wait for their thumbnails.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator('.media-card').first().waitFor();
          return page.locator('.media-card img').count();
        },
        { timeout: 60_000 },
      )
      .toBeGreaterThan(3);
    await shoot(page, 'media-library');

    const card = page
      .locator('.media-card')
      .filter({ has: page.locator('img') })
      .filter({ hasText: '.pdf' })
      .first();
    const fileName = await card.locator('.file-name').innerText();
    await card.getByRole('link').click();
    const file = page.locator('.file').filter({ hasText: fileName });
    await file.getByRole('button', { name: 'Просмотреть' }).click();
    const viewer = file.locator('iframe.pdf-viewer');
    await expect.poll(() => viewer.isVisible()).toBe(true);
    const src = (await viewer.getAttribute('src'))!;
    const inline = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition') };
    }, src);
    expect(inline).toEqual({ type: 'application/pdf', disposition: expect.stringMatching(/^inline;/) });
    expect(await page.getByRole('region', { name: 'Похожие материалы' }).getByRole('listitem').count()).toBeGreaterThan(0);
    await shoot(page, 'material-with-file');

    const [download] = await Promise.all([page.waitForEvent('download'), file.getByRole('link', { name: 'Скачать' }).click()]);
    expect(download.suggestedFilename()).toBe(fileName);
    const saved = await download.path();
    expect(fs.readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  it('opens a collection from the home page with its materials', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/`);
    const collections = page.getByRole('region', { name: 'Подборки' });
    const first = collections.getByRole('link').first();
    const name = await first.innerText();
    await first.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(name);
    expect(await page.locator('ul.results > li').count()).toBeGreaterThan(0);
    await shoot(page, 'collection');
    await page.close();
  });

  it('says plainly when nothing is found (asking by persisted-query hash)', async () => {
    const page = await browser.newPage();
    const bodies: string[] = [];
    page.on('request', (request) => request.url().endsWith('/graphql') && bodies.push(request.postData() ?? ''));
    // Opened by its address, the page draws the answer that came with the HTML.
    await page.goto(`${server.url}/?q=${encodeURIComponent('квазизвёздный радиотелескоп')}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Ничего не найдено' }).isVisible()).toBe(true);
    // Searched from the page, the client asks by the query's hash.
    await page.goto(server.url);
    const box = page.getByRole('combobox', { name: 'Поиск материалов' });
    await box.fill('гиперзвуковой батискаф');
    await box.press('Enter');
    await expect.poll(() => page.getByRole('heading', { name: 'Ничего не найдено' }).isVisible()).toBe(true);
    expect(bodies.some((body) => body.includes('"persistedQuery"') && body.includes('sha256Hash'))).toBe(true);
    await page.close();
  });
});

describe('the publishing path in the browser', { timeout: 120_000 }, () => {
  it('writes a draft that an expert reviews, a methodist publishes and a teacher finds', async () => {
    await createUser(e2e, 'author@e2e.test', 'Волкова Татьяна', Role.AUTHOR, 'пароль-автора-e2e');
    await createUser(e2e, 'expert@e2e.test', 'Эксперт Лебедева', Role.EXPERT, 'пароль-эксперта-e2e');
    await createUser(e2e, 'methodist@e2e.test', 'Методист Орлова', Role.METHODIST, 'пароль-методиста-e2e');

    const page = await signIn(e2e, 'author@e2e.test', 'пароль-автора-e2e');
    await expect.poll(() => page.getByText('Волкова Татьяна').isVisible()).toBe(true);

    const title = 'Экологическая тропа у школы: практика для 3 класса';
    await page.getByLabel('Название').fill(title);
    await page.getByLabel('Предмет').selectOption({ label: 'Окружающий мир' });
    await page.getByLabel('Аннотация').fill('Маршрут с остановками-заданиями по окружающему миру.');
    await page.getByRole('button', { name: 'Сохранить черновик' }).click();
    // The quick form starts the draft; the editor opens with it.
    await expect.poll(() => page.getByRole('heading', { name: 'Редактирование: педагогическая практика' }).isVisible()).toBe(true);
    await page.getByLabel('Проблема').fill('Младшие школьники мало наблюдают природу вокруг школы.');
    // What a practice needs before review (the kind registry): goal, results, a level and a class.
    await page.getByLabel('Цель', { exact: true }).fill('Научить замечать сезонные изменения на знакомом маршруте.');
    await page.getByLabel('Результаты', { exact: true }).fill('Дети ведут дневник наблюдений и сами предлагают новые остановки.');
    await page.getByRole('group', { name: 'Уровни' }).getByLabel(/^НОО/).check();
    await page.getByRole('group', { name: 'Классы' }).getByLabel('3', { exact: true }).check();
    const body = page.getByRole('textbox', { name: 'Текст' });
    await body.fill('Маршрут проходит через школьный сад и берег ручья.\n\n');
    await page.getByRole('button', { name: 'Маркированный список' }).click();
    // Markup only, no sample words: what the author types next, at once, is the item (the cursor
    // used to be placed a frame later, and a letter typed before it went to the start of the text).
    await page.keyboard.type('Остановка «Муравейник»');
    await expect.poll(() => body.inputValue()).toContain('\n- Остановка «Муравейник»');
    // A file, dropped in through the file picker: its progress shows, then it is attached.
    const attachment = await pdf([
      'Приложение к практике',
      'Карта маршрута: остановка «Муравейник», остановка «Старая лиственница у ручья»',
    ]);
    await page.getByLabel('Выбрать файлы').setInputFiles({ name: 'Карта маршрута.pdf', mimeType: 'application/pdf', buffer: attachment });
    await expect.poll(() => page.locator('.attached li').filter({ hasText: 'Карта маршрута.pdf' }).count(), { timeout: 20_000 }).toBe(1);
    // Readers see a caption instead of the file's own name.
    await page.getByRole('button', { name: 'Подпись к файлу «Карта маршрута.pdf»' }).click();
    await page.getByRole('textbox', { name: 'Подпись к файлу «Карта маршрута.pdf»' }).fill('Карта экологической тропы');
    await page.getByRole('button', { name: 'Сохранить подпись' }).click();
    await expect.poll(() => page.locator('.attached li .attached-name').first().innerText()).toContain('Карта экологической тропы');
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 10_000 }).toMatch(/Черновик сохранён в/);
    await shoot(page, 'editor');
    await page.getByRole('button', { name: 'Отправить на экспертизу' }).click();
    // Complete: asked once more before it goes.
    await page.getByRole('region', { name: 'Отправить на экспертизу?' }).getByRole('button', { name: 'Да, отправить' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Мои материалы' }).isVisible()).toBe(true);
    const row = page.locator('.mine-item').filter({ hasText: title });
    await expect.poll(() => row.locator('.meta').innerText()).toContain('на экспертизе');
    await shoot(page, 'my-materials');

    // The methodist assigns the expert …
    const methodist = await signIn(e2e, 'methodist@e2e.test', 'пароль-методиста-e2e');
    await methodist.goto(`${server.url}/review`);
    const card = (tab: Page) => tab.getByRole('region', { name: title });
    await card(methodist).getByLabel('Эксперт').selectOption({ label: 'Эксперт Лебедева' });
    await card(methodist).getByRole('button', { name: 'Назначить' }).click();
    // … the expert scores it …
    const expert = await signIn(e2e, 'expert@e2e.test', 'пароль-эксперта-e2e');
    await expert.goto(`${server.url}/review`);
    await card(expert).getByRole('link', { name: 'Открыть экспертизу' }).click();
    const form = expert.getByRole('form', { name: `Экспертиза материала ${title}` });
    await expect.poll(() => form.getByRole('spinbutton').count()).toBe(5);
    for (const input of await form.getByRole('spinbutton').all()) await input.fill('4');
    await form.getByLabel('Комментарий').fill('Практика готова к распространению');
    await shoot(expert, 'review-expert');
    await form.getByRole('button', { name: 'Отправить заключение' }).click();
    await expect
      .poll(() => expert.getByRole('region', { name: 'Ваше заключение' }).innerText())
      .toContain('Заключение эксперта (Эксперт Лебедева): рекомендовать к публикации');
    // … the methodist publishes, and any teacher finds it.
    await methodist.reload();
    // Rejecting needs a reason for the author.
    await card(methodist).getByRole('button', { name: 'Отклонить' }).click();
    await expect
      .poll(() => card(methodist).getByRole('alert').innerText())
      .toBe('Напишите автору причину: он увидит её в «Моих материалах».');
    await card(methodist).getByRole('button', { name: 'Опубликовать' }).click();
    await card(methodist).getByRole('group', { name: 'Подтверждение' }).getByRole('button', { name: 'Да, опубликовать' }).click();
    // Published, it leaves the queue (the demo corpus has other materials in review), and its certificate is offered.
    await expect.poll(() => card(methodist).count()).toBe(0);
    const notice = methodist.getByRole('status').filter({ hasText: 'Опубликовано' });
    await expect.poll(() => notice.innerText()).toContain(title);
    expect(await notice.getByRole('link', { name: 'Свидетельство о публикации (PDF)' }).getAttribute('href')).toMatch(
      /^\/certificates\/.+\.pdf$/,
    );
    await shoot(methodist, 'review-methodist');
    // A teacher's ordinary browser: headless Chromium announces itself as a robot, which statistics leave out.
    const reader = await browser.newPage({
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
    });
    // Found by words that are only inside the attached PDF.
    await expect
      .poll(
        async () => {
          await reader.goto(`${server.url}/?q=${encodeURIComponent('старая лиственница')}`);
          return reader
            .locator('ol.results')
            .innerText({ timeout: 5000 })
            .catch(() => '');
        },
        { timeout: 40_000 },
      )
      .toContain(title);
    await reader.getByRole('link', { name: title }).first().click();
    await expect.poll(() => reader.getByRole('link', { name: 'Свидетельство о публикации (PDF)' }).isVisible()).toBe(true);

    // The methodist's monitoring: the teacher's search and visit are counted (within the recorder's few seconds).
    await methodist.getByRole('link', { name: 'Отчёты' }).click();
    await expect.poll(() => methodist.getByRole('heading', { name: 'Мониторинг и отчёты' }).isVisible()).toBe(true);
    await expect
      .poll(
        async () => {
          await methodist.reload();
          const views = await methodist
            .locator('.totals div', { hasText: 'Открытия' })
            .locator('dd')
            .innerText({ timeout: 5000 })
            .catch(() => '0');
          return Number(views);
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    expect(await methodist.locator('.chart svg').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => methodist.getByRole('cell', { name: title }).count()).toBeGreaterThan(0);
    const annual = await methodist.request.get(
      `${server.url}${await methodist.getByRole('link', { name: /Сводный отчёт/ }).getAttribute('href')}`,
    );
    expect(annual.status()).toBe(200);
    expect((await annual.body()).subarray(0, 2).toString()).toBe('PK');
    await shoot(methodist, 'reports');
    for (const tab of [page, methodist, expert, reader]) await tab.close();
  });
});

describe('needs monitoring in the browser', { timeout: 120_000 }, () => {
  it('a methodist writes a survey, a teacher answers it by the link without signing in, the methodist reads the results', async () => {
    await createUser(e2e, 'surveys@e2e.test', 'Методист Опросов', Role.METHODIST, 'пароль-опросов-e2e');
    await createUser(e2e, 'teacher-surveys@e2e.test', 'Учитель Опросов', Role.READER, 'пароль-учителя-e2e');
    const methodist = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await methodist.goto(`${server.url}/login`);
    await methodist.getByLabel('Электронная почта').fill('surveys@e2e.test');
    await methodist.getByLabel('Пароль').fill('пароль-опросов-e2e');
    await methodist.getByRole('button', { name: 'Войти' }).click();
    await methodist.getByRole('link', { name: 'Опросы' }).click();
    // Opening the survey to answers asks first.
    methodist.on('dialog', (dialog) => void dialog.accept());
    await methodist.getByRole('button', { name: 'Новый опрос' }).click();
    const form = methodist.getByRole('form', { name: 'Новый опрос' });
    await form.getByLabel('Название').fill('Потребности в повышении квалификации');
    await form.getByLabel('Текст вопроса').fill('Какие темы вам нужны?');
    await form.getByLabel('Вид ответа').selectOption('MULTIPLE_CHOICE');
    // One option is refused, and the refusal stands by the question it is about.
    await form.getByLabel('Варианты, по одному в строке').fill('Функциональная грамотность');
    await form.getByRole('button', { name: 'Сохранить и открыть приём ответов' }).click();
    await expect
      .poll(() => form.getByRole('group', { name: 'Вопрос 1' }).getByRole('alert').innerText())
      .toBe('Вопрос 1: для выбора нужно хотя бы два варианта');
    await form.getByLabel('Варианты, по одному в строке').fill('Функциональная грамотность\nРабота с детьми с ОВЗ\nЦифровые инструменты');
    await form.getByRole('button', { name: '+ вопрос' }).click();
    await form.getByLabel('Текст вопроса').nth(1).fill('Насколько полезны семинары ИМЦ?');
    await form.getByLabel('Вид ответа').nth(1).selectOption('SCALE');
    await form.getByRole('button', { name: 'Сохранить и открыть приём ответов' }).click();
    const section = methodist.getByRole('region', { name: 'Потребности в повышении квалификации' });
    const link = await section.getByRole('link', { name: /\/surveys\// }).getAttribute('href');
    expect(link).toMatch(/^\/surveys\/.+/);

    // A teacher with no account, in a browser of their own.
    const teacher = await browser.newPage({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36' });
    await teacher.goto(`${server.url}${link}`);
    await teacher.getByLabel('Работа с детьми с ОВЗ').check();
    await teacher.getByLabel('Цифровые инструменты').check();
    await teacher.getByLabel('4').check();
    await shoot(teacher, 'survey-answer');
    await teacher.getByRole('button', { name: 'Отправить ответ' }).click();
    await expect.poll(() => teacher.getByRole('status').innerText()).toContain('Спасибо');

    await methodist.reload();
    const results = methodist.getByRole('region', { name: 'Потребности в повышении квалификации' });
    await expect.poll(() => results.innerText()).toContain('Ответов: 1');
    expect(await results.getByRole('row', { name: 'Работа с детьми с ОВЗ 1 100 %' }).count()).toBe(1);
    expect(await results.getByRole('row', { name: 'Функциональная грамотность 0 0 %' }).count()).toBe(1);
    expect(await results.innerText()).toContain('средняя оценка: 4');
    const csv = await methodist.request.get(
      `${server.url}${await results.getByRole('link', { name: 'Скачать «Потребности в повышении квалификации» (CSV)' }).getAttribute('href')}`,
    );
    expect(await csv.text()).toContain('Работа с детьми с ОВЗ;1;100');
    await shoot(methodist, 'survey-results');

    // A signed-in teacher finds the open survey under "Опросы" and answers it once.
    const signedIn = await browser.newPage({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36' });
    await signedIn.goto(`${server.url}/login`);
    await signedIn.getByLabel('Электронная почта').fill('teacher-surveys@e2e.test');
    await signedIn.getByLabel('Пароль').fill('пароль-учителя-e2e');
    await signedIn.getByRole('button', { name: 'Войти' }).click();
    await signedIn.getByRole('link', { name: 'Опросы' }).click();
    const answerLink = signedIn
      .getByRole('region', { name: 'Потребности в повышении квалификации' })
      .getByRole('link', { name: 'Ответить' });
    await answerLink.waitFor();
    await shoot(signedIn, 'survey-open-list');
    await answerLink.click();
    await signedIn.getByLabel('Функциональная грамотность').check();
    await signedIn.getByLabel('5').check();
    await signedIn.getByRole('button', { name: 'Отправить ответ' }).click();
    await expect.poll(() => signedIn.getByRole('status').innerText()).toContain('Спасибо');
    await signedIn.goto(`${server.url}/surveys`);
    await expect
      .poll(() => signedIn.getByRole('region', { name: 'Потребности в повышении квалификации' }).innerText())
      .toContain('Вы уже ответили');
    await methodist.reload();
    await expect
      .poll(() => methodist.getByRole('region', { name: 'Потребности в повышении квалификации' }).innerText())
      .toContain('Ответов: 2');
    expect(await methodist.getByRole('region', { name: 'Потребности в повышении квалификации' }).innerText()).toContain(
      'средняя оценка: 4.5',
    );
    for (const tab of [methodist, teacher, signedIn]) await tab.close();
  });
});

describe('backups in the browser', { timeout: 120_000 }, () => {
  it('an admin sees that the last backup failed; a methodist does not', async () => {
    const { dataDir } = e2e;
    await createUser(e2e, 'admin@e2e.test', 'Администратор Центра', Role.ADMIN, 'пароль-админа-e2e');
    await createUser(e2e, 'methodist-backup@e2e.test', 'Методист Копий', Role.METHODIST, 'пароль-методиста-e2e');
    const orm = await openOrm({ databaseUrl: readRuntime(dataDir)!.databaseUrl, poolMax: 2 });
    // A real failure: the backup directory cannot be made, a file stands in its place.
    const blocked = path.join(dataDir, 'not-a-directory');
    fs.writeFileSync(blocked, '');
    const config = loadConfig({ ...process.env, DATA_DIR: dataDir });
    await new BackupScheduler(
      orm,
      filesConfig(config).storage,
      { ...config.backup, schedule: '30 2 * * *', dir: path.join(blocked, 'backups') },
      config.timeZone,
      createLogger('silent'),
    ).runSlot(new Date());
    await orm.close();

    const admin = await signIn(e2e, 'admin@e2e.test', 'пароль-админа-e2e');
    const banner = admin.getByRole('alert').filter({ hasText: 'Резервная копия не сделана' });
    await expect.poll(() => banner.innerText()).toContain('каталог для копий недоступен (ENOTDIR');
    await shoot(admin, 'backup-failed');
    const methodist = await signIn(e2e, 'methodist-backup@e2e.test', 'пароль-методиста-e2e');
    // Signed in and known as a methodist: the navigation shows the reports.
    await expect.poll(() => methodist.getByRole('link', { name: 'Отчёты' }).isVisible()).toBe(true);
    expect(await methodist.getByText('Резервная копия не сделана').count()).toBe(0);
    for (const tab of [admin, methodist]) await tab.close();
  });
});
