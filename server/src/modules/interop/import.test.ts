import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as fixtures from '../../test/file-fixtures.ts';
import { buildLevel, buildOrganization, buildPerson, buildSubject } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role } from '../accounts/user.entity.ts';
import { Material } from '../materials/material.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { seedDemo } from '../../seeders/demo.seeder.ts';
import { exportMaterials } from './export.service.ts';
import { ImportService } from './import.service.ts';
import { personKeys } from './matching.ts';
import { collectRows, readImportFile } from './rows.ts';

const app = useTestApp();
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-import-'));
  const em = app.em();
  await buildSubject(em, 'Импорт-математика');
  await buildLevel(em, 'И-ООО');
  await buildPerson(em, { fullName: 'Сёмина Анна Петровна', position: 'учитель математики' });
  await buildOrganization(em, { name: 'МБОУ «Импортная СОШ № 7»', municipality: 'Импортный район' });
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function run(name: string, content: string | Buffer, dryRun = false) {
  const file = path.join(dir, name);
  await fs.writeFile(file, content);
  return new ImportService(app.orm, app.files.config, { dryRun, baseDir: dir }).run(await readImportFile(file));
}

const line = (fields: Record<string, unknown>) => JSON.stringify(fields);
const BANK = [
  line({
    externalId: 'imp-1',
    kind: 'BEST_PRACTICE',
    title: 'Проектные задачи по математике',
    summary: 'Кратко',
    subjects: ['импорт-математика'],
    levels: ['И-ООО'],
    grades: [5, 6],
    keywords: ['Проекты'],
    authors: [{ fullName: 'Семина А. П.' }],
    organization: { name: 'мбоу "импортная сош №7"' },
    expertLevel: 'MUNICIPAL',
    files: [{ path: 'files/imp-1.pdf' }],
  }),
  line({
    externalId: 'imp-2',
    kind: 'PUBLICATION',
    title: 'Статья о дробях',
    year: 2024,
    authors: [{ fullName: 'Новиков Олег Игоревич', position: 'учитель' }],
    organization: { name: 'МБОУ «Новая школа импорта»', municipality: 'Импортный район' },
  }),
  line({ externalId: 'imp-3', kind: 'LESSON', title: 'Плохой вид' }),
  line({ externalId: 'imp-4', kind: 'METHODOLOGICAL_MATERIAL', title: 'Конспект', subjects: ['Астрология'] }),
  '{ не json',
  line({
    externalId: 'imp-5',
    kind: 'NORMATIVE_DOCUMENT',
    title: 'Приказ о методической работе',
    number: '12-о',
    adoptedAt: '2024-08-30',
    legalStatus: 'IN_FORCE',
  }),
].join('\n');

describe('import', () => {
  it('upserts good lines, reports bad ones by line, field and reason, and changes nothing on a second run', async () => {
    await fs.mkdir(path.join(dir, 'files'), { recursive: true });
    await fs.writeFile(path.join(dir, 'files/imp-1.pdf'), await fixtures.pdf(['Проектная задача: маршрут по посёлку']));

    const first = await run('bank.jsonl', BANK);
    expect(first).toMatchObject({ created: 3, updated: 0, unchanged: 0, failed: 3 });
    expect(first.lines.filter((l) => l.outcome === 'failed')).toEqual([
      expect.objectContaining({ line: 3, field: 'kind', reason: expect.stringContaining('«LESSON»') }),
      expect.objectContaining({ line: 4, field: 'subjects', reason: expect.stringContaining('неизвестный предмет «Астрология»') }),
      expect.objectContaining({ line: 5, reason: expect.stringContaining('не JSON') }),
    ]);
    const em = app.em();
    const practice = await em.findOneOrFail(
      Material,
      { externalId: 'imp-1' },
      { populate: ['authorships.person', 'organization', 'attachments', 'subjects'] },
    );
    // Matched, not duplicated: «Семина А. П.» is Сёмина Анна Петровна; the school's name differs only in case and quotes.
    expect(practice.authorships.getItems().map((a) => a.person.getEntity().fullName)).toEqual(['Сёмина Анна Петровна']);
    expect(await em.count(Person, { fullName: { $like: 'Семина%' } })).toBe(0);
    expect(practice.organization?.getEntity().name).toBe('МБОУ «Импортная СОШ № 7»');
    expect(practice.attachments).toHaveLength(1);
    expect(practice.status).toBe('PUBLISHED');
    expect(await em.count(Material, { externalId: { $in: ['imp-3', 'imp-4'] } })).toBe(0);

    const second = await run('bank.jsonl', BANK);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 3 });
    expect(await app.em().count(Organization, { name: 'МБОУ «Новая школа импорта»' })).toBe(1);
  });

  it('reads CSV in Windows-1251 with semicolons, updates what changed, and a dry run writes nothing', async () => {
    const csv = [
      'externalId;kind;title;subjects;grades;authors;organization;municipality',
      'imp-2;PUBLICATION;Статья о дробях, вторая редакция;Импорт-математика;5|6;Новиков О. И. / учитель;;',
      'imp-6;BEST_PRACTICE;"Практика; с точкой с запятой";;;Иванов Иван Иванович;МБОУ «Импортная СОШ № 7»;',
    ].join('\r\n');
    const bytes = Buffer.from(new TextEncoder().encode(csv)); // UTF-8 first, then the same in 1251
    expect((await collectRows(await readImportFile(await write('utf8.csv', bytes))))[1]).toMatchObject({
      fields: { title: 'Практика; с точкой с запятой' },
    });

    const cp1251 = encode1251(csv);
    const dry = await run('bank-1251.csv', cp1251, true);
    expect(dry).toMatchObject({ created: 1, updated: 1, failed: 0 });
    expect(await app.em().count(Material, { externalId: 'imp-6' })).toBe(0);
    expect((await app.em().findOneOrFail(Material, { externalId: 'imp-2' })).title).toBe('Статья о дробях');

    const real = await run('bank-1251.csv', cp1251);
    expect(real).toMatchObject({ created: 1, updated: 1, failed: 0 });
    const updated = await app.em().findOneOrFail(Material, { externalId: 'imp-2' }, { populate: ['authorships.person'] });
    expect(updated.title).toBe('Статья о дробях, вторая редакция');
    expect(updated.grades).toEqual([5, 6]);
    expect(updated.authorships.getItems().map((a) => a.person.getEntity().fullName)).toEqual(['Новиков Олег Игоревич']);
  });

  it('reads back its own export of the whole demo corpus, JSON Lines, CSV and XLSX, as unchanged: import(export(x)) == x', async () => {
    await seedDemo(app.em());
    const em = app.em();
    const total = await em.count(Material, {});
    for (const format of ['jsonl', 'csv', 'xlsx'] as const) {
      const out = path.join(dir, `export-${format}`, `bank.${format}`);
      await fs.mkdir(path.dirname(out), { recursive: true });
      const exported = await exportMaterials(app.orm, app.files.config.storage, out, format);
      expect(exported).toEqual({ materials: total, files: 1 });
      const again = await new ImportService(app.orm, app.files.config, { dryRun: false, baseDir: path.dirname(out) }).run(
        await readImportFile(out),
      );
      expect(JSON.stringify(again.lines.filter((l) => l.outcome !== 'unchanged'))).toBe('[]');
      expect(again.unchanged).toBe(total);
    }
    expect(await app.em().count(Material, {})).toBe(total);
  });

  it('exports cells beginning with = + - @ to CSV as text (a leading apostrophe) and imports them back unchanged, an apostrophe of the data included', async () => {
    const hostile = {
      title: '=HYPERLINK("http://evil.example/steal","Открыть")',
      summary: "'=уже с апострофом в данных",
      body: '@SUM(1+1)',
      source: '+7 (913) 000-00-00',
      pages: '-2+3',
    };
    await run('hostile.jsonl', line({ externalId: '-formula-1', kind: 'PUBLICATION', ...hostile }));
    for (const format of ['csv', 'xlsx'] as const) {
      const out = path.join(dir, `hostile-${format}`, `bank.${format}`);
      await fs.mkdir(path.dirname(out), { recursive: true });
      await exportMaterials(app.orm, app.files.config.storage, out, format);
      if (format === 'csv') {
        const row = (await fs.readFile(out, 'utf8')).split('\r\n').find((l) => l.includes('evil.example'))!;
        const start = `'-formula-1;PUBLICATION;PUBLISHED;"'=HYPERLINK(""http://evil.example/steal"",""Открыть"")";''=уже с апострофом в данных;'@SUM(1+1);`;
        expect(row.slice(0, start.length)).toBe(start);
        expect(row).toContain(";'+7 (913) 000-00-00;");
      }
      const again = await new ImportService(app.orm, app.files.config, { dryRun: false, baseDir: path.dirname(out) }).run(
        await readImportFile(out),
      );
      expect(JSON.stringify(again.lines.filter((l) => l.outcome !== 'unchanged'))).toBe('[]');
      expect(await app.em().findOneOrFail(Material, { externalId: '-formula-1' })).toMatchObject(hostile);
    }
  });

  it('matches names by surname and initials in either order, ignoring case and ё', () => {
    expect(personKeys('Сёмина Анна Петровна').initials).toBe(personKeys('семина а.п.').initials);
    expect(personKeys('А. П. Семина').initials).toBe(personKeys('Семина Анна Петровна').initials);
    expect(personKeys('Семина Анна Петровна').full).toBe(personKeys('  СЁМИНА   анна петровна ').full);
  });
  it('writes a large bank in batches: a line the database refuses fails alone, the rest of its batch lands', async () => {
    const connection = app.em().getConnection();
    // A fault only the database sees (validation passes): a trigger refusing one title.
    await connection.execute(
      `create function refuse_title() returns trigger language plpgsql as $$ begin if new.title = 'Отказ базы данных' then raise exception 'отказ по триггеру'; end if; return new; end $$`,
    );
    await connection.execute('create trigger refuse_title before insert on material for each row execute function refuse_title()');
    try {
      const lines = Array.from({ length: 600 }, (_, i) =>
        line({
          externalId: `batch-${i}`,
          kind: 'PUBLICATION',
          title: i === 401 ? 'Отказ базы данных' : `Статья ${i}`,
          summary: i === 7 ? 'нуль\u0000внутри' : '',
        }),
      );
      const summary = await run('batches.jsonl', lines.join('\n'));
      expect(summary).toMatchObject({ created: 598, failed: 2 });
      expect(summary.lines).toEqual([
        { line: 8, externalId: 'batch-7', outcome: 'failed', field: 'summary', reason: expect.stringContaining('управляющие символы') },
        { line: 402, externalId: 'batch-401', outcome: 'failed', reason: expect.stringContaining('отказ по триггеру') },
      ]);
      expect(await app.em().count(Material, { externalId: { $like: 'batch-%' } })).toBe(598);
    } finally {
      await connection.execute('drop trigger refuse_title on material; drop function refuse_title()');
    }
  });
});

describe('import and editor: one write path for materials', () => {
  const EDIT = `mutation($id: ID!, $v: Int!, $input: UpdateMaterialInput!) { updateMaterial(id: $id, version: $v, input: $input) { id } }`;

  it('refuses the same values from the editor and from a bank line by the same rules, with the same reason naming the field', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const draft = (
      await app.gql(
        `mutation { createMaterial(input: { kind: PUBLICATION, title: "Статья для проверки правил" }) { id version } }`,
        {},
        author.token,
      )
    ).data.createMaterial;
    const cases: Array<[string, unknown, string]> = [
      ['isbn', `978-5-${'1'.repeat(25)}`, 'не длиннее 30 символов'],
      ['isbn', '978-5-ЖЖЖ', 'ISBN — 10 или 13 цифр, можно с дефисами'],
      ['url', 'школа.рф', 'адрес должен начинаться с http:// или https://'],
      ['year', 1812, 'год — четыре цифры, от 1900 до 2100'],
      ['source', 'ж'.repeat(501), 'не длиннее 500 символов'],
      ['summary', 'а\u0000б', 'содержит управляющие символы (NUL и подобные): проверьте выгрузку'],
      ['keywords', Array.from({ length: 31 }, (_, i) => `слово ${i}`), 'не больше 30 значений'],
      ['problem', 'Поле практики', 'поле относится к виду BEST_PRACTICE, а материал — PUBLICATION'],
    ];
    for (const [field, value, reason] of cases) {
      const edited = await app.gql(EDIT, { id: draft.id, v: draft.version, input: { [field]: value } }, author.token);
      expect(edited.errors?.[0], field).toMatchObject({
        message: `Аргумент input.${field}: ${reason}`,
        extensions: { code: 'BAD_USER_INPUT', argument: `input.${field}` },
      });
      const imported = await run(
        `rule-${field}.jsonl`,
        line({ externalId: `rule-${field}`, kind: 'PUBLICATION', title: 'Статья для проверки правил', [field]: value }),
      );
      expect(imported.lines, field).toEqual([{ line: 1, externalId: `rule-${field}`, outcome: 'failed', field, reason }]);
    }
    expect(await app.em().count(Material, { externalId: { $like: 'rule-%' } })).toBe(0);
  });

  it('records every write of an import as a revision by «импорт» with what it changed, and none for a line that changes nothing', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const article = { externalId: 'history-1', kind: 'PUBLICATION', title: 'Статья с историей', year: 2023, keywords: ['история'] };
    expect(await run('history.jsonl', line(article))).toMatchObject({ created: 1 });
    expect(await run('history.jsonl', line(article))).toMatchObject({ unchanged: 1 });
    expect(await run('history.jsonl', line({ ...article, year: 2024 }))).toMatchObject({ updated: 1 });
    const { globalId } = await app.em().findOneOrFail(Material, { externalId: 'history-1' });
    const history = await app.gql(
      `query($id: ID!) { material(id: $id) { version revisions { action version authorName author { id } changes } } }`,
      { id: globalId },
      methodist.token,
    );
    expect(history.errors).toBeUndefined();
    expect(history.data.material.version).toBe(2);
    expect(history.data.material.revisions).toEqual([
      { action: 'imported', version: 2, authorName: 'импорт', author: null, changes: { year: [2023, 2024] } },
      { action: 'imported', version: 1, authorName: 'импорт', author: null, changes: {} },
    ]);
  });
});

describe('import: files named by a bank stay inside its folder', () => {
  /**
   * A bank in a folder of its own, a secret file beside that folder (what an attacker wants), and
   * every way a line might reach it: `..`, an absolute path, a symlink to the file, a symlink to a
   * folder outside; and things that are not files (a folder, a FIFO).
   */
  async function layout() {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-bank-'));
    const bank = path.join(root, 'bank');
    await fs.mkdir(path.join(bank, 'files', 'folder'), { recursive: true });
    await fs.writeFile(path.join(root, 'secret.txt'), 'DB_PASSWORD=тайна-сервера\n');
    await fs.writeFile(path.join(bank, 'files', 'plan.pdf'), await fixtures.pdf(['Конспект урока из банка']));
    await fs.symlink('plan.pdf', path.join(bank, 'files', 'alias.pdf'));
    await fs.symlink(path.join(root, 'secret.txt'), path.join(bank, 'files', 'secret-link.txt'));
    await fs.symlink(root, path.join(bank, 'outside'));
    execFileSync('mkfifo', [path.join(bank, 'files', 'pipe.txt')]);
    const lines: Array<[string, string]> = [
      ['up', '../secret.txt'],
      ['absolute', path.join(root, 'secret.txt')],
      ['file-link', 'files/secret-link.txt'],
      ['folder-link', 'outside/secret.txt'],
      ['folder', 'files/folder'],
      ['fifo', 'files/pipe.txt'],
      ['inside', 'files/plan.pdf'],
      ['inside-link', 'files/alias.pdf'],
    ];
    const file = path.join(bank, 'bank.jsonl');
    await fs.writeFile(
      file,
      lines
        .map(([id, p]) =>
          line({ externalId: `path-${id}`, kind: 'METHODOLOGICAL_MATERIAL', title: `Материал ${id}`, files: [{ path: p }] }),
        )
        .join('\n'),
    );
    return { root, bank, file };
  }
  const importBank = async (file: string, dryRun: boolean) =>
    new ImportService(app.orm, app.files.config, { dryRun, baseDir: path.dirname(file) }).run(await readImportFile(file));

  it('refuses a path out of the folder (.., absolute, symlinks out), a folder and a FIFO, naming line and field; attaches only files inside', async () => {
    const { root, file } = await layout();
    try {
      const summary = await importBank(file, false);
      const reasons = Object.fromEntries(summary.lines.map((l) => [l.externalId, `${l.line} ${l.field}: ${l.reason}`]));
      expect(reasons).toEqual({
        'path-up': '1 files[0].path: путь «../secret.txt» ведёт за пределы папки файла импорта',
        'path-absolute': `2 files[0].path: абсолютный путь «${path.join(root, 'secret.txt')}» не принимается: укажите путь относительно файла импорта`,
        'path-file-link': '3 files[0].path: путь «files/secret-link.txt» ведёт за пределы папки файла импорта',
        'path-folder-link': '4 files[0].path: путь «outside/secret.txt» ведёт за пределы папки файла импорта',
        'path-folder': '5 files[0].path: «files/folder» — не обычный файл (папка, канал или устройство)',
        'path-fifo': '6 files[0].path: «files/pipe.txt» — не обычный файл (папка, канал или устройство)',
      });
      expect(summary).toMatchObject({ created: 2, failed: 6 });
      // The secret is nowhere in the store; the two lines inside share one stored copy of the plan.
      const stored = await app
        .em()
        .getConnection()
        .execute<Array<{ file_name: string }>>(
          `select distinct f.file_name from media_file f join material_file a on a.file_id = f.id join material m on m.id = a.material_id where m.external_id like 'path-%'`,
        );
      expect(stored.map((r) => r.file_name)).toEqual(['plan.pdf']);
      expect(await app.em().count(Material, { externalId: { $like: 'path-%' } })).toBe(2);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('says the same in a dry run whether or not the file outside the folder exists', async () => {
    const { root, file } = await layout();
    try {
      const withSecret = await importBank(file, true);
      await fs.rm(path.join(root, 'secret.txt'));
      const withoutSecret = await importBank(file, true);
      expect(withoutSecret).toEqual(withSecret);
      expect(withSecret.failed).toBe(6);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('npm run kb -- import refuses a bank line that names a file outside its folder and exits 1', async () => {
    const { root, file } = await layout();
    try {
      const meili = inject('meili');
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'import', file, '--dry-run'], {
        cwd: path.resolve(import.meta.dirname, '../../../..'),
        encoding: 'utf8',
        env: {
          ...process.env,
          NODE_ENV: '',
          LOG_LEVEL: 'warn',
          DATA_DIR: path.join(root, 'data'),
          DATABASE_URL: app.orm.config.get('clientUrl')!,
          MEILI_URL: meili.url,
          MEILI_MASTER_KEY: meili.apiKey ?? '',
        },
      });
      expect(result.stdout).toContain('с ошибками 6');
      expect(result.stdout).toContain('строка 1 (path-up): files[0].path — путь «../secret.txt» ведёт за пределы папки файла импорта');
      expect(result.stdout).toContain(
        'строка 3 (path-file-link): files[0].path — путь «files/secret-link.txt» ведёт за пределы папки файла импорта',
      );
      expect(result.status).toBe(1);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

describe('subjects and levels a bank has and the dictionaries lack', () => {
  const REAL_BANK = [
    line({
      externalId: 'real-1',
      kind: 'BEST_PRACTICE',
      title: 'Психологическое сопровождение адаптации пятиклассников',
      subjects: ['Психология'],
      levels: ['И-ООО'],
    }),
    line({
      externalId: 'real-2',
      kind: 'METHODOLOGICAL_MATERIAL',
      title: 'Классный час о дружбе',
      subjects: ['Воспитательная работа'],
      levels: ['И-НОО-новый'],
    }),
    line({ externalId: 'real-3', kind: 'METHODOLOGICAL_MATERIAL', title: 'Логопедическое занятие: звук Р', subjects: ['Логопедия'] }),
    line({
      externalId: 'real-4',
      kind: 'PUBLICATION',
      title: 'Управление качеством образования в районе',
      subjects: ['Управление образованием', 'импорт-математика'],
    }),
    line({ externalId: 'real-5', kind: 'BEST_PRACTICE', title: 'Тренинг для подростков', subjects: ['психология'], levels: ['И-ООО'] }),
  ].join('\n');
  const bank = async (name: string, options: Partial<ConstructorParameters<typeof ImportService>[2]>) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, REAL_BANK);
    return new ImportService(app.orm, app.files.config, { dryRun: false, baseDir: dir, ...options }).run(await readImportFile(file));
  };
  const subjectNames = async () => (await app.em().find(Subject, {})).map((s) => s.name);

  it('fails those lines by default and lists the values; a dry run with create-missing lists them as to be added and writes nothing', async () => {
    const plain = await bank('real-plain.jsonl', { dryRun: true });
    expect(plain).toMatchObject({ created: 0, failed: 5 });
    expect(plain.lines.map((l) => [l.line, l.field])).toEqual([
      [1, 'subjects'],
      [2, 'subjects'],
      [3, 'subjects'],
      [4, 'subjects'],
      [5, 'subjects'],
    ]);
    expect(plain.lines[0]!.reason).toBe(
      'неизвестный предмет «Психология»: добавьте его в справочник, сопоставьте с имеющимся или загрузите с добавлением недостающих (отметка «Создать недостающие значения» на странице импорта или --create-missing)',
    );
    expect(plain.unknown).toEqual([
      { field: 'subjects', value: 'Психология', lines: 2, firstLine: 1, created: false },
      { field: 'subjects', value: 'Воспитательная работа', lines: 1, firstLine: 2, created: false },
      { field: 'subjects', value: 'Логопедия', lines: 1, firstLine: 3, created: false },
      { field: 'subjects', value: 'Управление образованием', lines: 1, firstLine: 4, created: false },
      { field: 'levels', value: 'И-НОО-новый', lines: 1, firstLine: 2, created: false },
    ]);
    const dry = await bank('real-dry.jsonl', { dryRun: true, createMissing: true });
    expect(dry).toMatchObject({ created: 5, failed: 0 });
    expect(dry.unknown.map((u) => [u.value, u.created])).toEqual([
      ['Психология', false],
      ['Воспитательная работа', false],
      ['Логопедия', false],
      ['Управление образованием', false],
      ['И-НОО-новый', false],
    ]);
    expect(await subjectNames()).not.toContain('Психология');
    expect(await app.em().count(Material, { externalId: { $like: 'real-%' } })).toBe(0);
  });

  it('npm run kb -- import --dry-run --create-missing --map lists the values to be added, writes nothing; a malformed --map is refused', async () => {
    const file = path.join(dir, 'real-cli.jsonl');
    await fs.writeFile(file, REAL_BANK);
    const meili = inject('meili');
    const kb = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'import', file, ...args], {
        cwd: path.resolve(import.meta.dirname, '../../../..'),
        encoding: 'utf8',
        env: {
          ...process.env,
          NODE_ENV: '',
          LOG_LEVEL: 'warn',
          DATA_DIR: path.join(dir, 'cli-data'),
          DATABASE_URL: app.orm.config.get('clientUrl')!,
          MEILI_URL: meili.url,
          MEILI_MASTER_KEY: meili.apiKey ?? '',
        },
      });
    const dry = kb('--dry-run', '--create-missing', '--map', 'subjects:Логопедия=Импорт-математика');
    expect(dry.stdout).toContain('создано 5, обновлено 0, без изменений 0, с ошибками 0');
    expect(dry.stdout).toContain('Значения, которых не было в справочниках, — будут добавлены в справочники:');
    expect(dry.stdout).toContain('subjects: «Психология» — строк 2, впервые в строке 1');
    expect(dry.stdout).toContain('levels: «И-НОО-новый» — строк 1, впервые в строке 2');
    expect(dry.stdout).not.toContain('Логопедия');
    expect(dry.status).toBe(0);
    expect(await subjectNames()).not.toContain('Психология');
    const malformed = kb('--map', 'Логопедия');
    expect(malformed.stderr).toContain('--map: столбец:значение банка=значение справочника');
    expect(malformed.status).not.toBe(0);
    expect(await app.em().count(Material, { externalId: { $like: 'real-%' } })).toBe(0);
  });

  it('reads mapped values as existing entries, refuses a mapping to nothing, and with create-missing adds the rest once', async () => {
    await expect(bank('real-badmap.jsonl', { mapping: [{ field: 'subjects', from: 'Логопедия', to: 'Дефектология' }] })).rejects.toThrow(
      'сопоставление «Логопедия» → «Дефектология»: предмет «Дефектология» не найден в справочнике',
    );
    const summary = await bank('real-run.jsonl', {
      createMissing: true,
      mapping: [{ field: 'subjects', from: 'логопедия', to: 'Импорт-математика' }],
    });
    expect(summary).toMatchObject({ created: 5, failed: 0 });
    expect(summary.unknown.map((u) => [u.field, u.value, u.lines, u.created])).toEqual([
      ['subjects', 'Психология', 2, true],
      ['subjects', 'Воспитательная работа', 1, true],
      ['subjects', 'Управление образованием', 1, true],
      ['levels', 'И-НОО-новый', 1, true],
    ]);
    const names = await subjectNames();
    for (const name of ['Психология', 'Воспитательная работа', 'Управление образованием'])
      expect(names.filter((n) => n === name)).toHaveLength(1);
    expect(names).not.toContain('Логопедия');
    const speech = await app.em().findOneOrFail(Material, { externalId: 'real-3' }, { populate: ['subjects'] });
    expect(speech.subjects.getItems().map((s) => s.name)).toEqual(['Импорт-математика']);
    expect(await app.em().count(EducationLevel, { code: 'И-НОО-новый' })).toBe(1);
    // The next run finds them all.
    expect(await bank('real-again.jsonl', { mapping: [{ field: 'subjects', from: 'Логопедия', to: 'Импорт-математика' }] })).toMatchObject({
      unchanged: 5,
      failed: 0,
      unknown: [],
    });
  });
});

async function write(name: string, bytes: Buffer) {
  const file = path.join(dir, name);
  await fs.writeFile(file, bytes);
  return file;
}

/** Windows-1251 for the Russian letters the fixture uses (Node has no 1251 encoder). */
function encode1251(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else if (char === 'ё') bytes.push(0xb8);
    else if (char === 'Ё') bytes.push(0xa8);
    else if (char === '«') bytes.push(0xab);
    else if (char === '»') bytes.push(0xbb);
    else if (char === '№') bytes.push(0xb9);
    else throw new Error(`no 1251 byte for ${char}`);
  }
  return Buffer.from(bytes);
}
