import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import pg from 'pg';
import tar from 'tar-stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { seedDemo } from '../../seeders/demo.seeder.ts';
import { seedDemoFiles } from '../../seeders/demo-files.ts';
import { startTestApp, useTestApp, type TestApp } from '../../test/harness.ts';
import { signIn, TEST_PASSWORD } from '../../test/sign-in.ts';
import { buildLevel, buildPerson, buildSubject } from '../../test/factories.ts';
import { Role } from '../accounts/user.entity.ts';
import { LocalStorage, type FileStorage } from '../files/storage.ts';
import { checkIndex } from '../search/reindex.ts';
import { migrationsList } from '../../migrations/index.ts';
import { createBackup } from './backup.service.ts';
import { dataCounts } from './catalog.ts';
import type { BackupHeader } from './manifest.ts';
import { restoreBackup } from './restore.service.ts';

const source = useTestApp();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-backup-test-'));
const targets: TestApp[] = [];
afterAll(async () => {
  for (const target of targets) await target.close();
  await fsp.rm(dir, { recursive: true, force: true });
});

/** A fresh database (migrated, empty) and files directory, as on another machine. */
async function freshTarget(): Promise<TestApp> {
  const target = await startTestApp();
  targets.push(target);
  return target;
}

let corpus: Promise<void> | undefined;
/** The demo corpus and its files in the source database, loaded once for the tests that need data. */
const demoCorpus = () =>
  (corpus ??= (async () => {
    await seedDemo(source.em());
    await seedDemoFiles(source.orm, source.files.config);
  })());

const urlOf = (app: TestApp) => app.orm.config.get('clientUrl') as string;

async function withClient<T>(app: TestApp, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlOf(app) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Every table's row count and a digest of its rows, computed here and not by the backup's code:
 * md5 of each whole row's text, sorted, so that physical order does not matter.
 */
async function tableStates(client: pg.ClientBase): Promise<Record<string, { rows: number; digest: string }>> {
  const { rows: tables } = await client.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not in ('mikro_orm_migrations', 'backup_run') order by 1`,
  );
  const states: Record<string, { rows: number; digest: string }> = {};
  for (const { name } of tables) {
    const { rows } = await client.query<{ rows: number; digest: string }>(
      `select count(*)::int as rows, coalesce(md5(string_agg(h, '' order by h)), '') as digest from (select md5(t::text) as h from "${name}" t) x`,
    );
    states[name] = rows[0]!;
  }
  return states;
}

async function bytesOf(storage: FileStorage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await storage.read(key)) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function storedKeys(storage: FileStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of storage.list()) keys.push(object.key);
  return keys;
}

/** Rewrites an archive entry by entry (small test archives only), as someone editing it by hand would. */
async function repack(file: string, out: string, change: (name: string, data: Buffer) => Buffer): Promise<void> {
  const extract = tar.extract();
  const pack = tar.pack();
  const written = pipeline(pack, zlib.createGzip(), fs.createWriteStream(out));
  const read = pipeline(fs.createReadStream(file), zlib.createGunzip(), extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
    const data = change(entry.header.name, Buffer.concat(chunks));
    await new Promise<void>((resolve, reject) => pack.entry({ name: entry.header.name }, data, (e) => (e ? reject(e) : resolve())));
  }
  await read;
  pack.finalize();
  await written;
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
};

const DRAFT = `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`;
const REVIEW = {
  scores: ['relevance', 'novelty', 'practical_value', 'reproducibility', 'presentation'].map((code) => ({ code, score: 5 })),
  decision: 'RECOMMEND',
  comment: 'Рекомендую к распространению',
};

/** A practice taken from draft to publication, as people do it; returns its registration number. */
async function publishPractice(
  app: TestApp,
  people: Record<'author' | 'expert' | 'methodist', { token: string; id: string }>,
  title: string,
): Promise<string> {
  const em = app.em();
  const subject = await buildSubject(em, 'Математика');
  const level = await buildLevel(em, 'ООО');
  const person = await buildPerson(em);
  const draft = await app.gql(
    DRAFT,
    {
      input: {
        kind: 'BEST_PRACTICE',
        title,
        summary: 'Кратко о практике',
        problem: 'Ученики теряют интерес',
        goal: 'Вернуть интерес к задачам',
        results: 'Интерес вернулся у двух классов из трёх',
        grades: [6, 7],
        subjectIds: [subject.globalId],
        levelIds: [level.globalId],
        authorIds: [person.globalId],
      },
    },
    people.author.token,
  );
  expect(draft.errors).toBeUndefined();
  const id = draft.data.createMaterial.id;
  const steps: Array<[string, string, Record<string, unknown>]> = [
    [people.author.token, 'mutation($id: ID!) { submitMaterialForReview(id: $id) { status } }', { id }],
    [
      people.methodist.token,
      'mutation($id: ID!, $r: ID!) { assignReviewer(id: $id, reviewerId: $r) { status } }',
      { id, r: people.expert.id },
    ],
    [
      people.expert.token,
      'mutation($id: ID!, $review: ReviewInput!) { submitReview(id: $id, review: $review) { decision } }',
      { id, review: REVIEW },
    ],
    [people.methodist.token, 'mutation($id: ID!) { publishMaterial(id: $id, level: MUNICIPAL) { registrationNumber } }', { id }],
  ];
  let answer;
  for (const [token, query, variables] of steps) {
    answer = await app.gql(query, variables, token);
    expect(answer.errors, query).toBeUndefined();
  }
  return answer!.data.publishMaterial.registrationNumber;
}

describe('backup and restore', () => {
  it(
    'carries the whole centre to a fresh database and files directory, taken while people keep writing',
    { timeout: 300_000 },
    async () => {
      // The demo corpus with its files processed (texts, previews), and everything people add to it.
      await demoCorpus();
      await source.files.processor.drainAll();
      const people = {
        author: await signIn(source, Role.AUTHOR),
        expert: await signIn(source, Role.EXPERT),
        methodist: await signIn(source, Role.METHODIST),
      };
      const admin = await signIn(source, Role.ADMIN);
      const number = await publishPractice(source, people, 'Математическая вертушка в 6 классе');
      const survey = await source.gql(
        `mutation($input: SurveyInput!) { createSurvey(input: $input) { id link } }`,
        {
          input: {
            title: 'Потребности педагогов',
            questions: [
              { text: 'Что нужно?', type: 'SINGLE_CHOICE', options: ['ФГОС', 'ОВЗ'] },
              { text: 'Оценка', type: 'SCALE' },
            ],
          },
        },
        people.methodist.token,
      );
      expect(survey.errors).toBeUndefined();
      const answer = `mutation($link: String, $answers: [SurveyAnswerInput!]!) { answerSurvey(link: $link, answers: $answers) }`;
      const link = survey.data.createSurvey.link.split('/').pop();
      for (const choice of [0, 1, 0])
        expect(
          (
            await source.gql(answer, {
              link,
              answers: [
                { questionId: 'q1', choices: [choice] },
                { questionId: 'q2', score: 4 },
              ],
            })
          ).errors,
        ).toBeUndefined();
      const token = await source.gql(`mutation { createApiToken(name: "Региональный портал", scope: READ) { token } }`, {}, admin.token);
      expect(token.errors).toBeUndefined();
      const published = (
        await withClient(source, (c) => c.query<{ id: string }>(`select id from material where status = 'PUBLISHED' order by id limit 3`))
      ).rows.map((r) => r.id);
      const searched = await source.gql(`{ search(query: "функциональная грамотность") { totalCount } }`);
      expect(searched.errors).toBeUndefined();
      await source.files.usage.flush();
      await source.indexer.drainAll();

      // Writes go on before, during and after the backup.
      const baseline = (await withClient(source, (c) => c.query('select count(*)::int as n from material'))).rows[0].n as number;
      let writes = 0;
      let stop = false;
      const writer = (async () => {
        const em = source.em();
        const person = await buildPerson(em);
        while (!stop) {
          const draft = await source.gql(
            DRAFT,
            { input: { kind: 'PUBLICATION', title: `Статья, написанная во время копирования ${writes}`, authorIds: [person.globalId] } },
            people.author.token,
          );
          expect(draft.errors).toBeUndefined();
          source.files.usage.view(published[writes % published.length]!);
          await source.files.usage.flush();
          writes++;
        }
      })();
      await until(() => writes >= 2);

      let expected: Record<string, { rows: number; digest: string }> = {};
      let expectedKeys: string[] = [];
      const file = path.join(dir, 'centre.tar.gz');
      const result = await createBackup({
        orm: source.orm,
        storage: source.files.config.storage,
        target: file,
        // What the backup sees, read independently in its own snapshot.
        onSnapshot: (snapshot) =>
          withClient(source, async (client) => {
            await client.query('begin isolation level repeatable read read only');
            await client.query(`set transaction snapshot '${snapshot}'`);
            expected = await tableStates(client);
            expectedKeys = (
              await client.query<{ key: string }>(
                'select storage_key as key from media_file union all select preview_key from media_file where preview_key is not null',
              )
            ).rows
              .map((r) => r.key)
              .sort();
            await client.query('commit');
          }),
      });
      const afterBackup = writes;
      await until(() => writes >= afterBackup + 2);
      stop = true;
      await writer;

      // The snapshot holds the writes before it and none after.
      const now = await withClient(source, tableStates);
      expect(expected.material!.rows).toBeGreaterThan(baseline);
      expect(now.material!.rows).toBeGreaterThan(expected.material!.rows);
      for (const table of [
        'app_user',
        'session',
        'review',
        'material_revision',
        'registration_counter',
        'audit_event',
        'survey',
        'survey_response',
        'material_usage_daily',
        'search_query_daily',
        'api_token',
        'media_file',
        'material_file',
        'collection_item',
      ]) {
        expect(expected[table]?.rows, table).toBeGreaterThan(0);
      }
      expect(result.manifest.tables.map((t) => [t.name, t.rows])).toEqual(
        Object.entries(expected)
          .map(([name, s]) => [name, s.rows])
          .sort(
            (a, b) => result.manifest.tables.findIndex((t) => t.name === a[0]) - result.manifest.tables.findIndex((t) => t.name === b[0]),
          ),
      );
      expect(result.manifest.files.count).toBe(expectedKeys.length);
      expect(expectedKeys.filter((key) => key.startsWith('previews/')).length).toBeGreaterThan(0);
      expect(fs.readdirSync(dir)).toEqual(['centre.tar.gz']);

      // Another machine: an empty database and files directory.
      const target = await freshTarget();
      await restoreBackup({
        orm: target.orm,
        storage: target.files.config.storage,
        incomingDir: target.files.config.incomingDir,
        file,
        replace: false,
        search: target.search,
      });

      expect(await withClient(target, tableStates)).toEqual(expected);
      const restoredKeys = (await storedKeys(target.files.config.storage)).sort();
      expect(restoredKeys).toEqual(expectedKeys);
      for (const key of restoredKeys)
        expect((await bytesOf(target.files.config.storage, key)).equals(await bytesOf(source.files.config.storage, key)), key).toBe(true);
      expect(await fsp.readdir(target.files.config.incomingDir)).toEqual([]);

      const check = await checkIndex(target.orm, target.search);
      expect({ missing: check.missing, extra: check.extra, stale: check.stale }).toEqual({ missing: [], extra: [], stale: [] });
      const found = await target.gql(`{ search(query: "математическая вертушка") { engine hits { material { title } } } }`);
      expect(found.data.search.engine).toBe('MEILISEARCH');
      expect(found.data.search.hits[0].material.title).toBe('Математическая вертушка в 6 классе');

      const verify = await fetch(`${target.url}/verify/${encodeURIComponent(number)}`);
      expect(verify.status).toBe(200);
      expect(await verify.text()).toContain('Свидетельство действительно');
      const login = await target.gql(
        `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { email role } } }`,
        { e: people.author.email, p: TEST_PASSWORD },
      );
      expect(login.data.login.user).toEqual({ email: people.author.email, role: 'AUTHOR' });
      // Sessions came along: people stay signed in on the new machine.
      expect((await target.gql(`{ viewer { email } }`, {}, people.methodist.token)).data.viewer.email).toBe(people.methodist.email);
      // Registration numbers go on from the last one, never repeating a certificate's.
      const next = await publishPractice(target, people, 'Практика после переезда');
      expect(Number(next.split('-').pop())).toBe(Number(number.split('-').pop()) + 1);
    },
  );

  it('refuses a cut archive, naming where it broke, and leaves the database and storage empty', async () => {
    await demoCorpus();
    const file = path.join(dir, 'whole.tar.gz');
    await createBackup({ orm: source.orm, storage: source.files.config.storage, target: file });
    const cut = path.join(dir, 'cut.tar.gz');
    const bytes = await fsp.readFile(file);
    await fsp.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const target = await freshTarget();
    const restore = restoreBackup({
      orm: target.orm,
      storage: target.files.config.storage,
      incomingDir: target.files.config.incomingDir,
      file: cut,
      replace: false,
    });
    await expect(restore).rejects.toThrow(
      /^архив cut\.tar\.gz повреждён или обрезан: чтение оборвалось на «(tables|files)\/[^»]+» \(unexpected end of file\)$/,
    );
    expect(await withClient(target, dataCounts)).toEqual([]);
    expect(await storedKeys(target.files.config.storage)).toEqual([]);
  });

  it('refuses an archive whose rows, files or manifest were altered, naming what', async () => {
    await demoCorpus();
    const file = path.join(dir, 'original.tar.gz');
    const { manifest } = await createBackup({ orm: source.orm, storage: source.files.config.storage, target: file });
    expect(manifest.files.count).toBeGreaterThan(0);
    const target = await freshTarget();
    const restore = (archive: string) =>
      restoreBackup({
        orm: target.orm,
        storage: target.files.config.storage,
        incomingDir: target.files.config.incomingDir,
        file: archive,
        replace: false,
      });

    const rows = path.join(dir, 'rows.tar.gz');
    await repack(file, rows, (name, data) =>
      name === 'tables/organization/000001' ? Buffer.from(data.toString('utf8').replace('МБОУ', 'МАОУ')) : data,
    );
    await expect(restore(rows)).rejects.toThrow(/^таблица organization: данные в архиве не совпадают с контрольной суммой/);

    const dangling = path.join(dir, 'dangling.tar.gz');
    await repack(file, dangling, (name, data) => {
      if (name !== 'tables/material_author/000001') return data;
      // The first authorship now names a person who does not exist (same length, another first digit).
      const [material, person, ...rest] = data.toString('utf8').split('\t');
      return Buffer.from([material, (person![0] === 'f' ? 'e' : 'f') + person!.slice(1), ...rest].join('\t'));
    });
    await expect(restore(dangling)).rejects.toThrow(
      /^таблица material_author не загружается \(.*foreign key.*\): архив изменён или повреждён$/,
    );

    let altered = '';
    const bytes = path.join(dir, 'bytes.tar.gz');
    await repack(file, bytes, (name, data) => {
      if (altered || !/^files\/.+(?<!\.json)$/.test(name)) return data;
      altered = name.slice('files/'.length);
      const copy = Buffer.from(data);
      copy[copy.length - 1]! ^= 0xff;
      return copy;
    });
    await expect(restore(bytes)).rejects.toThrow(`файл ${altered}: содержимое в архиве не совпадает с контрольной суммой`);

    const noManifest = path.join(dir, 'no-manifest.tar.gz');
    await repack(file, noManifest, (name, data) => (name === 'manifest.json' ? Buffer.from('{}') : data));
    await expect(restore(noManifest)).rejects.toThrow('manifest.json без итогов таблиц и файлов: архив изменён');
    const otherManifest = path.join(dir, 'other-manifest.tar.gz');
    await repack(file, otherManifest, (name, data) => {
      if (name !== 'manifest.json') return data;
      const changed = JSON.parse(data.toString('utf8'));
      changed.tables.find((t: { name: string }) => t.name === 'app_user').rows += 1;
      return Buffer.from(JSON.stringify(changed));
    });
    await expect(restore(otherManifest)).rejects.toThrow('таблица app_user: итог в манифесте не совпадает с данными: архив изменён');

    expect(await withClient(target, dataCounts)).toEqual([]);
    expect(await storedKeys(target.files.config.storage)).toEqual([]);
  });

  it('refuses a backup from a newer schema in one line, before touching anything', async () => {
    const file = path.join(dir, 'current.tar.gz');
    await createBackup({ orm: source.orm, storage: source.files.config.storage, target: file });
    const newer = path.join(dir, 'newer.tar.gz');
    await repack(file, newer, (name, data) => {
      if (name !== 'backup.json') return data;
      const header = JSON.parse(data.toString('utf8')) as BackupHeader;
      return Buffer.from(
        JSON.stringify({
          ...header,
          version: '9.0.0',
          migration: 'Migration29990101000000',
          migrations: [...header.migrations, 'Migration29990101000000'],
        }),
      );
    });
    const target = await freshTarget();
    await expect(
      restoreBackup({
        orm: target.orm,
        storage: target.files.config.storage,
        incomingDir: target.files.config.incomingDir,
        file: newer,
        replace: true,
      }),
    ).rejects.toThrow(
      'копия сделана более новой версией программы (9.0.0, схема Migration29990101000000); обновите программу до версии 9.0.0 или новее и повторите',
    );
    expect(await withClient(target, dataCounts)).toEqual([]);
  });

  it('restores a backup of an older version at its own schema, then migrates it up', async () => {
    // An installation one migration behind this program, with an account in it.
    const old = await freshTarget();
    const latest = migrationsList.at(-1)!.name;
    await old.orm.getMigrator().down({ to: latest });
    const teacher = await signIn(old, Role.READER);
    const file = path.join(dir, 'older.tar.gz');
    const { manifest } = await createBackup({ orm: old.orm, storage: old.files.config.storage, target: file });
    expect(manifest.migration).toBe(migrationsList.at(-2)!.name);

    // A newer installation, already migrated to the end, takes it.
    const target = await freshTarget();
    const result = await restoreBackup({
      orm: target.orm,
      storage: target.files.config.storage,
      incomingDir: target.files.config.incomingDir,
      file,
      replace: false,
    });
    expect(result.migratedAfter).toEqual([latest]);
    expect((await target.orm.getMigrator().getPendingMigrations()).length).toBe(0);
    const login = await target.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { email } } }`, {
      e: teacher.email,
      p: TEST_PASSWORD,
    });
    expect(login.data.login.user.email).toBe(teacher.email);
  });

  it('refuses a database with data unless told to replace it, then replaces it whole', async () => {
    await demoCorpus();
    const file = path.join(dir, 'replace.tar.gz');
    const { manifest } = await createBackup({ orm: source.orm, storage: source.files.config.storage, target: file });
    const target = await freshTarget();
    await signIn(target, Role.READER);
    await buildPerson(target.em());
    const options = { orm: target.orm, storage: target.files.config.storage, incomingDir: target.files.config.incomingDir, file };
    await expect(restoreBackup({ ...options, replace: false })).rejects.toThrow(
      /^в базе уже есть данные \((.+ — \d+)(, .+ — \d+)*\); восстановление заменит их все — повторите с --yes, если это и нужно$/,
    );
    const said: string[] = [];
    await restoreBackup({ ...options, replace: true, say: (line) => said.push(line) });
    expect(said[0]).toMatch(/^Будут заменены данные базы: .*app_user — 1/);
    const restored = await withClient(target, (c) => c.query<{ n: number }>('select count(*)::int as n from app_user'));
    expect(restored.rows[0]!.n).toBe(manifest.tables.find((t) => t.name === 'app_user')!.rows);
  });
});

/** `npm run kb -- …` as a person runs it, against this file's databases. */
function kb(args: string[], databaseUrl: string, dataDir: string): Promise<{ code: number | null; output: string }> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
  const meili = inject('meili');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: '',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.apiKey ?? '',
      MEILI_INDEX_PREFIX: `kbcli${process.pid}_`,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('kb backup and kb restore', () => {
  it('say what they did in a line, and refuse in one line', { timeout: 180_000 }, async () => {
    await demoCorpus();
    // The source's DATA_DIR: its files are this test app's (DATA_DIR/files holds store/ and incoming/ alike).
    const sourceDir = await fsp.mkdtemp(path.join(dir, 'cli-source-'));
    await fsp.symlink(path.dirname(source.files.config.incomingDir), path.join(sourceDir, 'files'));
    const dataDir = await fsp.mkdtemp(path.join(dir, 'cli-target-'));
    const reader = await signIn(source, Role.READER);
    const file = path.join(dir, 'cli.tar.gz');
    const backup = await kb(['backup', '--out', file], urlOf(source), sourceDir);
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output.trim()).toMatch(
      new RegExp(
        `^Резервная копия: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} — \\d+\\.\\d МБ \\(до сжатия \\d+\\.\\d МБ\\): таблиц \\d+, строк \\d+, файлов \\d+, схема Migration\\d+$`,
      ),
    );

    const target = await freshTarget();
    const cut = path.join(dir, 'cli-cut.tar.gz');
    await fsp.writeFile(cut, (await fsp.readFile(file)).subarray(0, 3000));
    const refused = await kb(['restore', cut], urlOf(target), dataDir);
    expect(refused.code).toBe(1);
    expect(refused.output.trim()).toMatch(/^Ошибка: архив cli-cut\.tar\.gz повреждён или обрезан: чтение оборвалось на «[^»]+» \([^)]+\)$/);

    const restored = await kb(['restore', file], urlOf(target), dataDir);
    expect(restored.code, restored.output).toBe(0);
    const stored = await storedKeys(new LocalStorage(path.join(dataDir, 'files', 'store')));
    expect(stored.length).toBe(Number(/файлов (\d+)/.exec(backup.output)![1]));
    expect(stored.length).toBeGreaterThan(0);
    expect(restored.output).toMatch(
      /^Восстановлено из cli\.tar\.gz \(версия \d+\.\d+\.\d+, копия от [^)]+\): таблиц \d+, строк \d+, файлов \d+; счётчики и контрольные суммы сверены, поисковые индексы перестроены$/m,
    );
    const login = await target.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { email } } }`, {
      e: reader.email,
      p: TEST_PASSWORD,
    });
    expect(login.data.login.user.email).toBe(reader.email);
  });
});
