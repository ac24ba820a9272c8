import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSubject } from '../../test/factories.ts';
import { plainZip } from '../../test/file-fixtures.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role } from '../accounts/user.entity.ts';
import { MediaFile } from '../files/media-file.entity.ts';
import { Material } from '../materials/material.entity.ts';

const app = useTestApp();

async function upload(token: string, name: string, content: string | Buffer) {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  const response = await fetch(`${app.url}/api/files`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBeLessThan(300);
  return ((await response.json()) as { id: string }).id;
}

const NO_FILES_BY_API =
  'в банке, загруженном через API, файлы не принимаются: рядом с ним нет папки с файлами. Уберите files из строки или импортируйте банк с файлами командой npm run kb -- import';
const JOB = 'id status total processed created updated unchanged failed error errors { line externalId field reason }';

describe('import from the API', () => {
  it('runs an uploaded bank in the background, with progress and the failed lines to show', async () => {
    await buildSubject(app.em(), 'Фоновый-предмет');
    const methodist = await signIn(app, Role.METHODIST);
    const bank = [
      JSON.stringify({ externalId: 'bg-1', kind: 'PUBLICATION', title: 'Фоновая статья', subjects: ['фоновый-предмет'] }),
      JSON.stringify({ externalId: 'bg-2', kind: 'PUBLICATION', title: 'Ок' }),
      JSON.stringify({ externalId: 'bg-3', kind: 'PUBLICATION', title: 'Со ссылкой на файл', files: [{ path: 'files/нет.pdf' }] }),
    ].join('\n');
    const fileId = await upload(methodist.token, 'банк.jsonl', bank);

    const started = await app.gql(`mutation($f: ID!) { importMaterials(fileId: $f) { ${JOB} } }`, { f: fileId }, methodist.token);
    expect(started.errors).toBeUndefined();
    expect(started.data.importMaterials).toMatchObject({ status: 'PENDING', processed: 0 });
    expect(await app.imports.drainAll()).toBe(1);

    const job = (
      await app.gql(`query($id: ID!) { importJob(id: $id) { ${JOB} } }`, { id: started.data.importMaterials.id }, methodist.token)
    ).data.importJob;
    expect(job).toMatchObject({ status: 'DONE', total: 3, processed: 3, created: 1, failed: 2 });
    expect(job.errors).toEqual([
      { line: 2, externalId: 'bg-2', field: 'title', reason: 'обязательное поле, не короче 3 символов' },
      { line: 3, externalId: 'bg-3', field: 'files', reason: NO_FILES_BY_API },
    ]);
    const { globalId } = await app.em().findOneOrFail(Material, { externalId: 'bg-1' });
    // Its history names the import and the methodist who started it.
    const history = await app.gql(
      `query($id: ID!) { material(id: $id) { revisions { action authorName author { email } } } }`,
      { id: globalId },
      methodist.token,
    );
    expect(history.data.material.revisions).toEqual([{ action: 'imported', authorName: 'импорт', author: { email: methodist.email } }]);
  });

  it('refuses files in an uploaded bank, line by line, so no path can reach a file of the server (.., absolute, existing or not)', async () => {
    // A real secret on the server's disk, in the temporary folder the job works in.
    const secretDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-secret-'));
    const secret = path.join(secretDir, 'secret.txt');
    await fs.writeFile(secret, 'DB_PASSWORD=тайна-сервера\n');
    try {
      const methodist = await signIn(app, Role.METHODIST);
      const paths = [secret, `../${path.basename(secretDir)}/secret.txt`, `../../../../../../..${secret}`, `${secretDir}/missing.txt`];
      const bank = paths
        .map((p, i) => JSON.stringify({ externalId: `api-path-${i}`, kind: 'PUBLICATION', title: `Статья ${i}`, files: [{ path: p }] }))
        .join('\n');
      for (const dryRun of [true, false]) {
        const started = await app.gql(
          `mutation($f: ID!, $d: Boolean!) { importMaterials(fileId: $f, dryRun: $d) { id } }`,
          { f: await upload(methodist.token, 'банк.jsonl', bank), d: dryRun },
          methodist.token,
        );
        expect(await app.imports.drainAll()).toBe(1);
        const job = (
          await app.gql(`query($id: ID!) { importJob(id: $id) { ${JOB} } }`, { id: started.data.importMaterials.id }, methodist.token)
        ).data.importJob;
        expect(job).toMatchObject({ status: 'DONE', created: 0, failed: 4 });
        expect(job.errors).toEqual(
          paths.map((_, i) => ({ line: i + 1, externalId: `api-path-${i}`, field: 'files', reason: NO_FILES_BY_API })),
        );
      }
      expect(await app.em().count(Material, { externalId: { $like: 'api-path-%' } })).toBe(0);
      expect(await app.em().count(MediaFile, { fileName: 'secret.txt' })).toBe(0);
    } finally {
      await fs.rm(secretDir, { recursive: true, force: true });
    }
  });

  it('adds missing subjects when asked, maps others, lists them on the job, and gives the failed lines as a CSV report', async () => {
    await buildSubject(app.em(), 'Фоновая-русская');
    const methodist = await signIn(app, Role.METHODIST);
    const bank = [
      JSON.stringify({ externalId: 'dict-1', kind: 'PUBLICATION', title: 'О психологии подростка', subjects: ['Психология'] }),
      JSON.stringify({ externalId: 'dict-2', kind: 'PUBLICATION', title: 'Звуки речи', subjects: ['Логопедия'] }),
      JSON.stringify({ externalId: 'dict-3', kind: 'PUBLICATION', title: '=HYPERLINK("http://evil.example")', year: 1066 }),
    ].join('\n');
    const ask = `mutation($f: ID!, $d: Boolean!, $c: Boolean!, $m: [ImportMappingInput!]!) { importMaterials(fileId: $f, dryRun: $d, createMissing: $c, mapping: $m) { id createMissing } }`;
    const mapping = [{ field: 'subjects', from: 'Логопедия', to: 'фоновая-русская' }];
    const dry = await app.gql(
      ask,
      { f: await upload(methodist.token, 'словари.jsonl', bank), d: true, c: false, m: mapping },
      methodist.token,
    );
    expect(dry.errors).toBeUndefined();
    await app.imports.drainAll();
    const checked = (
      await app.gql(
        `query($id: ID!) { importJob(id: $id) { created failed unknownValues { field value lines firstLine created } } }`,
        { id: dry.data.importMaterials.id },
        methodist.token,
      )
    ).data.importJob;
    expect(checked).toMatchObject({
      created: 1,
      failed: 2,
      unknownValues: [{ field: 'subjects', value: 'Психология', lines: 1, firstLine: 1, created: false }],
    });

    const run = await app.gql(
      ask,
      { f: await upload(methodist.token, 'словари.jsonl', bank), d: false, c: true, m: mapping },
      methodist.token,
    );
    expect(run.data.importMaterials.createMissing).toBe(true);
    await app.imports.drainAll();
    const done = (
      await app.gql(
        `query($id: ID!) { importJob(id: $id) { created failed unknownValues { value created } } }`,
        { id: run.data.importMaterials.id },
        methodist.token,
      )
    ).data.importJob;
    expect(done).toEqual({ created: 2, failed: 1, unknownValues: [{ value: 'Психология', created: true }] });
    expect(await app.em().count(Material, { externalId: { $in: ['dict-1', 'dict-2'] } })).toBe(2);

    const report = await fetch(`${app.url}/reports/import-${run.data.importMaterials.id}.csv`, {
      headers: { authorization: `Bearer ${methodist.token}` },
    });
    expect(report.status).toBe(200);
    expect(decodeURIComponent(report.headers.get('content-disposition')!)).toContain('Ошибки импорта.csv');
    const csv = await report.text();
    expect(csv).toContain('Строка;Внешний id;Поле;Причина');
    expect(csv).toContain('3;dict-3;year;год — четыре цифры, от 1900 до 2100');
    const other = await signIn(app, Role.METHODIST);
    expect(
      (await fetch(`${app.url}/reports/import-${run.data.importMaterials.id}.csv`, { headers: { authorization: `Bearer ${other.token}` } }))
        .status,
    ).toBe(404);
    const badField = await app.gql(
      ask,
      { f: await upload(methodist.token, 'словари.jsonl', bank), d: true, c: false, m: [{ field: 'keywords', from: 'а', to: 'б' }] },
      methodist.token,
    );
    expect(badField.errors![0]!.extensions!.argument).toBe('mapping[0].field');
  });

  it('shows a job and its error report to the methodist who started it and to admins only', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const bank = JSON.stringify({ externalId: 'own-1', kind: 'PUBLICATION', title: 'Чужой импорт', year: 1066 });
    const started = await app.gql(
      `mutation($f: ID!) { importMaterials(fileId: $f, dryRun: true) { id } }`,
      { f: await upload(methodist.token, 'свой.jsonl', bank) },
      methodist.token,
    );
    await app.imports.drainAll();
    const id = started.data.importMaterials.id as string;
    const ask = (token: string) => app.gql(`query($id: ID!) { importJob(id: $id) { id failed } }`, { id }, token);
    const report = (token: string) => fetch(`${app.url}/reports/import-${id}.csv`, { headers: { authorization: `Bearer ${token}` } });

    expect((await ask(methodist.token)).data.importJob).toEqual({ id, failed: 1 });
    const admin = await signIn(app, Role.ADMIN);
    expect((await ask(admin.token)).data.importJob).toEqual({ id, failed: 1 });
    expect((await report(admin.token)).status).toBe(200);
    const other = await signIn(app, Role.METHODIST);
    expect((await ask(other.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const author = await signIn(app, Role.AUTHOR);
    expect((await ask(author.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await report(author.token)).status).toBe(403);
    expect((await fetch(`${app.url}/reports/import-${id}.csv`)).status).toBe(401);
  });

  it('fails a file that is not what its name says with a reason in Russian that names the file, and writes nothing', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const materials = await app.em().count(Material, {});
    // A workbook by its parts (so the upload takes it for XLSX) whose sheet list is not XML.
    const broken = await plainZip([
      ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
      ['xl/workbook.xml', 'это не XML книги'],
    ]);
    const started = await app.gql(
      `mutation($f: ID!) { importMaterials(fileId: $f) { id } }`,
      { f: await upload(methodist.token, 'испорченный.xlsx', broken) },
      methodist.token,
    );
    expect(started.errors).toBeUndefined();
    await app.imports.drainAll();
    const job = (
      await app.gql(
        `query($id: ID!) { importJob(id: $id) { status created failed error } }`,
        { id: started.data.importMaterials.id },
        methodist.token,
      )
    ).data.importJob;
    expect(job).toMatchObject({ status: 'FAILED', created: 0 });
    expect(job.error).toBe(
      'файл «испорченный.xlsx»: не читается как таблица XLSX (сохраните его в Excel или LibreOffice как «Книга Excel (.xlsx)» или выгрузите банк в CSV)',
    );
    expect(await app.em().count(Material, {})).toBe(materials);
  });

  it('changes nothing when the same bank is loaded again with the same additions and mapping', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    await buildSubject(app.em(), 'Повтор-русский');
    const bank = [
      {
        externalId: 'again-1',
        kind: 'PUBLICATION',
        title: 'Читательская грамотность в 5 классе',
        subjects: ['Повтор-русский'],
        levels: ['ООО'],
      },
      { externalId: 'again-2', kind: 'PUBLICATION', title: 'Тревожность подростка на уроке', subjects: ['Повтор-психология'] },
      { externalId: '=again-3', kind: 'PUBLICATION', title: 'Статья с невозможным годом', year: 1066 },
      { externalId: 'again-4', kind: 'PUBLICATION', title: 'Звуки речи в начальной школе', subjects: ['Повтор-логопедия'] },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
    const run = async (dryRun: boolean) => {
      const started = await app.gql(
        `mutation($f: ID!, $d: Boolean!, $m: [ImportMappingInput!]!) { importMaterials(fileId: $f, dryRun: $d, createMissing: true, mapping: $m) { id } }`,
        {
          f: await upload(methodist.token, 'повтор.jsonl', bank),
          d: dryRun,
          m: [{ field: 'subjects', from: 'Повтор-логопедия', to: 'Повтор-русский' }],
        },
        methodist.token,
      );
      await app.imports.drainAll();
      return (
        await app.gql(
          `query($id: ID!) { importJob(id: $id) { created updated unchanged failed } }`,
          { id: started.data.importMaterials.id },
          methodist.token,
        )
      ).data.importJob;
    };
    expect(await run(false)).toEqual({ created: 3, updated: 0, unchanged: 0, failed: 1 });
    expect(await run(true)).toEqual({ created: 0, updated: 0, unchanged: 3, failed: 1 });
    expect(await run(false)).toEqual({ created: 0, updated: 0, unchanged: 3, failed: 1 });
  });

  it('is for methodists, and only for bank files', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const fileId = await upload(author.token, 'заметка.txt', 'просто текст');
    const refused = await app.gql(`mutation($f: ID!) { importMaterials(fileId: $f) { id } }`, { f: fileId }, author.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const methodist = await signIn(app, Role.METHODIST);
    const notBank = await app.gql(`mutation($f: ID!) { importMaterials(fileId: $f) { id } }`, { f: fileId }, methodist.token);
    expect(notBank.errors?.[0]?.message).toContain('не банк материалов');
  });
});
