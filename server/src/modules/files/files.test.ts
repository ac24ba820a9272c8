import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import * as fixtures from '../../test/file-fixtures.ts';
import { buildLevel, buildMaterial, buildSubject } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { multipartBody, multipartPart, rawRequest } from '../../test/raw-http.ts';
import { meterInflation } from '../../test/inflation-meter.ts';
import { signIn } from '../../test/sign-in.ts';
import { HANG_MS } from '../../test/waiting.ts';
import { Role } from '../accounts/user.entity.ts';
import { Material } from '../materials/material.entity.ts';
import { MaterialStatus } from '../materials/material.enums.ts';
import { FileProcessor } from './extraction/file-processor.ts';
import { collectGarbage } from './garbage-collector.ts';
import { ExtractionStatus, MediaFile } from './media-file.entity.ts';

const app = useTestApp();

interface Uploaded {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  url: string;
}

async function upload(token: string | undefined, name: string, bytes: Buffer | string, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  const response = await fetch(`${app.url}/api/files`, {
    method: 'POST',
    body: form,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  return { status: response.status, body: (await response.json()) as Uploaded & { error?: string } };
}

const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1]!;
const storedFiles = async (dir: string) =>
  (await fs.readdir(dir, { recursive: true }).catch(() => [] as string[])).filter((f) => !f.endsWith('/'));
const storeDir = () => path.join(app.files.config.incomingDir, '..', 'store');

async function filesOnDisk() {
  const incoming = await storedFiles(app.files.config.incomingDir);
  const store = [];
  for (const f of await storedFiles(storeDir())) if ((await fs.stat(path.join(storeDir(), f))).isFile()) store.push(f);
  return { incoming, store };
}

async function publishedWith(file: Uploaded, title = 'Материал с файлом') {
  const material = await buildMaterial(app.em(), { title, status: MaterialStatus.PUBLISHED });
  const editor = await signIn(app, Role.METHODIST);
  const res = await app.gql(
    `mutation($m: ID!, $f: ID!) { attachFile(materialId: $m, fileId: $f) { id } }`,
    { m: material.globalId, f: file.id },
    editor.token,
  );
  expect(res.errors).toBeUndefined();
  return material;
}

describe('upload', () => {
  it('stores a file by its content, answers its metadata, and keeps one copy of identical content', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const bytes = await fixtures.pdf(['Конспект урока']);
    const first = await upload(author.token, 'Конспект.pdf', bytes);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      fileName: 'Конспект.pdf',
      mimeType: 'application/pdf',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });

    const again = await upload(author.token, 'Копия конспекта.pdf', bytes);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await app.em().count(MediaFile, { sha256: first.body.sha256 })).toBe(1);
  });

  it('gives a second author who sends the same bytes an upload of their own: their name, and nothing of the first author’s', async () => {
    const first = await signIn(app, Role.AUTHOR);
    const second = await signIn(app, Role.AUTHOR);
    const bytes = Buffer.from(`Общий шаблон технологической карты ${Date.now()}`);
    const before = await filesOnDisk();
    const a = (await upload(first.token, 'Характеристика Иванова.txt', bytes)).body;
    const b = await upload(second.token, 'мой шаблон.txt', bytes);
    // Nothing tells the second author that these bytes were already here, or whose they were.
    expect(b.status).toBe(201);
    expect(b.body).toMatchObject({ fileName: 'мой шаблон.txt', duplicate: false });
    expect(b.body.id).not.toBe(a.id);

    const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    expect((await fetch(`${app.url}${a.url}`, as(second.token))).status).toBe(404);
    expect((await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: a.id }, second.token)).data.node).toBeNull();
    const own = await fetch(`${app.url}${b.body.url}`, as(second.token));
    expect(own.status).toBe(200);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(own.headers.get('content-disposition')!)![1]!)).toBe('мой шаблон.txt');
    expect(Buffer.from(await own.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(`${app.url}${b.body.url}`, as(first.token))).status).toBe(404);

    const draft = await app.gql(
      `mutation { createMaterial(input: { kind: PUBLICATION, title: "Статья с общим шаблоном" }) { id } }`,
      {},
      second.token,
    );
    const attached = await app.gql(
      `mutation($m: ID!, $f: ID!) { attachFile(materialId: $m, fileId: $f) { files { fileName } } }`,
      { m: draft.data.createMaterial.id, f: b.body.id },
      second.token,
    );
    expect(attached.data.attachFile.files).toEqual([{ fileName: 'мой шаблон.txt' }]);
    const foreign = await app.gql(
      `mutation($m: ID!, $f: ID!) { attachFile(materialId: $m, fileId: $f) { id } }`,
      { m: draft.data.createMaterial.id, f: a.id },
      second.token,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // The bytes themselves are stored once.
    expect((await filesOnDisk()).store.length - before.store.length).toBe(1);
  });

  it('processes the same bytes once however many authors upload them, and each upload shows the result', async () => {
    const bytes = await fixtures.pdf(['Общая памятка', `выпуск ${Date.now()}`]);
    const uploads = [];
    for (const name of ['памятка.pdf', 'Памятка для 5 класса.pdf', 'копия.pdf'])
      uploads.push((await upload((await signIn(app, Role.AUTHOR)).token, name, bytes)).body);
    const lines: Array<{ message: string; fileId?: string }> = [];
    const log = (message: string, fields?: { fileId?: string }) => void lines.push({ message, ...fields });
    const processor = new FileProcessor(app.orm, app.files.config.storage, {
      trace() {},
      debug() {},
      info: log,
      warn: log,
      error: log,
      fatal: log,
      isEnabled: () => true,
    } as never);
    try {
      await processor.drainAll();
    } finally {
      await processor.stop();
    }
    const ids = uploads.map((u) => uuidOf(u.id));
    expect(lines.filter((l) => l.message === 'file processed' && ids.includes(l.fileId!))).toHaveLength(1);
    const rows = await app.em().find(MediaFile, { id: { $in: ids } });
    expect(rows.map((r) => [r.extractionStatus, r.pageCount, r.textExcerpt])).toEqual(
      rows.map(() => [ExtractionStatus.DONE, 2, expect.stringContaining('Общая памятка')]),
    );
    expect(new Set(rows.map((r) => r.previewKey)).size).toBe(1);
  });

  it('asks to sign in (401) and refuses readers (403) and cross-site forms without X-Requested-With', async () => {
    expect((await upload(undefined, 'a.txt', 'текст')).status).toBe(401);
    const reader = await signIn(app, Role.READER);
    const refused = await upload(reader.token, 'a.txt', 'текст');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toContain('READER');

    const author = await signIn(app, Role.AUTHOR);
    const form = new FormData();
    form.append('file', new Blob(['текст']), 'a.txt');
    const cookie = `kb_session=${author.token}`;
    expect((await fetch(`${app.url}/api/files`, { method: 'POST', body: form, headers: { cookie } })).status).toBe(403);
    expect(
      (await fetch(`${app.url}/api/files`, { method: 'POST', body: form, headers: { cookie, 'x-requested-with': 'fetch' } })).status,
    ).toBe(201);
  });

  it('refuses an HTML page renamed .pdf, and a Word file named .pdf, with 415 naming what the content is', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const disguised = await upload(author.token, 'приказ.pdf', fixtures.html());
    expect(disguised.status).toBe(415);
    expect(disguised.body.error).toContain('HTML-страница');

    const misnamed = await upload(author.token, 'план.pdf', await fixtures.docx(['План']));
    expect(misnamed.status).toBe(415);
    expect(misnamed.body.error).toContain('назван как PDF, а по содержимому — документ Word (DOCX)');
    expect((await filesOnDisk()).incoming).toEqual([]);
  });

  it('cuts off an upload over the limit with 413 and leaves nothing behind, also when the size is not declared', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const before = await filesOnDisk();
    const big = randomBytes(app.files.config.maxUploadBytes + 1024 * 1024);
    const declared = await upload(author.token, 'видео.mp4', big);
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatch(/больше допустимых/);

    // Chunked: no Content-Length, so the limit is enforced while the bytes stream in.
    const status = await new Promise<number>((resolve, reject) => {
      const boundary = 'kb-boundary';
      const request = http.request(`${app.url}/api/files`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${author.token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'transfer-encoding': 'chunked',
        },
      });
      request.on('response', (response) => resolve(response.statusCode!));
      request.on('error', reject);
      request.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
      const chunk = randomBytes(256 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < big.length * 2) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        request.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    }).catch((error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? 413 : Promise.reject(error)));
    expect(status).toBe(413);
    // The partial file goes once the server has seen the connection end.
    await expect.poll(filesOnDisk, { timeout: HANG_MS }).toEqual(before);
  });

  it('answers 400 to a multipart body that never closes, also in a part it ignores, keeps nothing and stays up', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const rowsBefore = await app.em().count(MediaFile, {});
    const boundary = 'kb-unterminated';
    const send = (body: Buffer) =>
      rawRequest(`${app.url}/api/files`, {
        headers: {
          authorization: `Bearer ${author.token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': body.length,
        },
        chunks: [body],
      });
    for (const body of [
      multipartBody(boundary, [multipartPart('file', 'abc', 'a.txt')], { unterminated: true }),
      multipartBody(boundary, [multipartPart('other', 'abc', 'b.txt')], { unterminated: true }),
      multipartBody(boundary, [multipartPart('note', 'подпись'), multipartPart('file', 'abc', 'c.txt')], { unterminated: true }),
    ]) {
      const answer = await send(body);
      expect(answer.status, body.toString()).toBe(400);
      expect(JSON.parse(answer.body).error).toMatch(/не разобран/);
    }
    expect(await app.em().count(MediaFile, {}), 'no file was recorded').toBe(rowsBefore);
    await vi.waitFor(async () => expect((await filesOnDisk()).incoming).toEqual([]));
    expect((await upload(author.token, 'после.txt', 'сервер жив')).status).toBe(201);
  });

  it('answers 400 to a form that breaks off after a whole file part, and keeps neither the file nor a row', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const rowsBefore = await app.em().count(MediaFile, {});
    const boundary = 'kb-broken-after-file';
    const body = multipartBody(
      boundary,
      [multipartPart('file', `целый файл ${Date.now()}`, 'целый.txt'), multipartPart('note', 'оборванная подпись')],
      { unterminated: true },
    );
    const answer = await rawRequest(`${app.url}/api/files`, {
      headers: {
        authorization: `Bearer ${author.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': body.length,
      },
      chunks: [body],
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(/не разобран/);
    await vi.waitFor(async () => expect((await filesOnDisk()).incoming).toEqual([]));
    expect(await app.em().count(MediaFile, {})).toBe(rowsBefore);
    expect((await upload(author.token, 'после.txt', `сервер жив ${Date.now()}`)).status).toBe(201);
  });

  it('keeps nothing of an upload whose client goes away mid-body', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const rowsBefore = await app.em().count(MediaFile, {});
    const boundary = 'kb-abandoned';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n${'начало файла '.repeat(1000)}`,
    );
    await rawRequest(`${app.url}/api/files`, {
      headers: {
        authorization: `Bearer ${author.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length * 10,
      },
      chunks: [head],
      // Hang up once the server has begun writing the file.
      afterChunks: () => vi.waitFor(async () => expect((await filesOnDisk()).incoming).toHaveLength(1), { timeout: HANG_MS }),
      hangUp: true,
    });
    await vi.waitFor(async () => expect((await filesOnDisk()).incoming).toEqual([]), { timeout: HANG_MS });
    expect(await app.em().count(MediaFile, {})).toBe(rowsBefore);
  });

  it('refuses a zip-bomb DOCX from its directory, unpacking nothing', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const bomb = await fixtures.zipBombDocx(400);
    const inflation = meterInflation();
    try {
      const refused = await upload(author.token, 'бомба.docx', bomb);
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatch(/zip-бомбу|больше допустимых/);
      // Nothing of its 400 MiB unpacked, so neither time nor memory grows with it (figures: bench/RESULTS.md).
      expect(inflation).toMatchObject({ entries: 0, bytes: 0 });
    } finally {
      inflation.stop();
    }
  });
});

describe('download', () => {
  it('returns the bytes with the Cyrillic name intact, the right type, nosniff and an ETag', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const bytes = await fixtures.pdf(['Дроби']);
    const name = 'План урока «Дроби», 5 класс.pdf';
    const { body: file } = await upload(author.token, name, bytes);
    await publishedWith(file);

    const response = await fetch(`${app.url}${file.url}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition.startsWith('attachment;')).toBe(true);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe(name);
    const etag = response.headers.get('etag')!;
    expect((await fetch(`${app.url}${file.url}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${app.url}${file.url}?inline=1`)).headers.get('content-disposition')).toMatch(/^inline;/);
  });

  it('answers range requests (video seeking) and refuses ranges beyond the end', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => `строка ${i}\n`).join(''));
    const { body: file } = await upload(author.token, 'журнал.txt', bytes);
    await publishedWith(file);

    const head = await fetch(`${app.url}${file.url}`, { headers: { range: 'bytes=100-199' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await head.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    const tail = await fetch(`${app.url}${file.url}`, { headers: { range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);
    const beyond = await fetch(`${app.url}${file.url}`, { headers: { range: `bytes=${bytes.length + 5}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('keeps a draft’s file from anonymous readers and other authors, and gives it to its uploader', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const other = await signIn(app, Role.AUTHOR);
    const { body: file } = await upload(author.token, 'черновик.txt', 'Черновик практики');
    expect((await fetch(`${app.url}${file.url}`)).status).toBe(404);
    expect((await fetch(`${app.url}${file.url}`, { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(404);
    expect((await fetch(`${app.url}${file.url}`, { headers: { authorization: `Bearer ${author.token}` } })).status).toBe(200);
    expect((await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: file.id })).data.node).toBeNull();
  });

  it('shows a PDF inline in the browser’s viewer inside the same sandboxing CSP as every file', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const { body: file } = await upload(author.token, 'Положение.pdf', await fixtures.pdf(['Положение о конкурсе']));
    await publishedWith(file);
    const response = await fetch(`${app.url}${file.url}?inline=1`);
    expect(response.headers.get('content-disposition')).toMatch(/^inline;/);
    const policy = (response.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());
    expect(policy).toEqual(expect.arrayContaining(["default-src 'none'", 'sandbox', "frame-ancestors 'self'"]));
  });

  it('serves SVG only as a download, inside a sandbox', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const { body: file } = await upload(author.token, 'схема.svg', fixtures.svg());
    await publishedWith(file);
    const response = await fetch(`${app.url}${file.url}?inline=1`);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('counts downloads per file and per material, not video seeks or bots, and never delays the answer on it', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const { body: file } = await upload(author.token, 'счёт.txt', 'Счёт скачиваний');
    const material = await publishedWith(file);
    const counted = vi.spyOn(app.files.usage, 'download');
    await fetch(`${app.url}${file.url}`).then((r) => r.arrayBuffer());
    await fetch(`${app.url}${file.url}?material=${material.globalId}`).then((r) => r.arrayBuffer());
    await fetch(`${app.url}${file.url}`, { headers: { range: 'bytes=5-9' } }).then((r) => r.arrayBuffer());
    await fetch(`${app.url}${file.url}`, { headers: { 'user-agent': 'Googlebot/2.1' } }).then((r) => r.arrayBuffer());
    // The count is taken after the answer: wait for the two counted downloads, then write them.
    await vi.waitFor(() => expect(counted).toHaveBeenCalledTimes(2), { timeout: HANG_MS });
    counted.mockRestore();
    await app.files.usage.flush();
    const em = app.em();
    expect((await em.findOneOrFail(MediaFile, { id: uuidOf(file.id) })).downloadCount).toBe(2);
    expect((await em.findOneOrFail(Material, { id: material.id })).downloadCount).toBe(2);
  });
});

describe('attaching, processing and finding', () => {
  it('finds a phrase that appears only inside an uploaded PDF, with the file’s page count, excerpt and preview', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const { body: file } = await upload(
      author.token,
      'Исследование.pdf',
      await fixtures.pdf(['Введение', 'Маршрут экологической тропы вдоль реки Енисей для пятиклассников']),
    );
    const material = await publishedWith(file, 'Проектная деятельность на природе');
    expect(await app.files.processor.drainAll()).toBeGreaterThan(0);
    await app.indexer.drainAll();

    const found = await app.gql(
      `{ search(query: "экологической тропы Енисей") { hits { material { id } highlights { fileName fragment } } } }`,
    );
    expect(found.errors).toBeUndefined();
    const hit = found.data.search.hits.find((h: { material: { id: string } }) => h.material.id === material.globalId);
    expect(hit.highlights).toContainEqual(expect.objectContaining({ fileName: 'Исследование.pdf' }));

    const res = await app.gql(
      `query($id: ID!) { material(id: $id) { files { fileName pageCount extractionStatus textExcerpt language previewUrl url } } }`,
      { id: material.globalId },
    );
    const [info] = res.data.material.files;
    expect(info).toMatchObject({ fileName: 'Исследование.pdf', pageCount: 2, extractionStatus: 'DONE', language: 'ru' });
    expect(info.textExcerpt).toContain('Введение');
    const preview = await fetch(`${app.url}${info.previewUrl}`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('image/webp');
  });

  it('records a failed extraction on the file for the editor, and a hung one is stopped by the time limit', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const { body: bomb } = await upload(author.token, 'ловушка.docx', await fixtures.zipBombDocx(50, { lie: true }));
    expect(bomb.mimeType).toContain('wordprocessingml');
    await app.files.processor.drainAll();
    const failed = await app.em().findOneOrFail(MediaFile, { id: uuidOf(bomb.id) });
    expect(failed.extractionStatus).toBe(ExtractionStatus.FAILED);
    expect(failed.extractionError).toMatch(/^Не удалось обработать файл/);

    const { body: slow } = await upload(author.token, 'долгий.pdf', await fixtures.pdf(['Много страниц']));
    const impatient = new FileProcessor(
      app.orm,
      app.files.config.storage,
      { ...console, trace() {}, debug() {}, info() {}, warn() {}, fatal() {} } as never,
      { timeoutMs: 1 },
    );
    expect(await impatient.processOne()).toBe(true);
    await impatient.stop();
    const stopped = await app.em().findOneOrFail(MediaFile, { id: uuidOf(slow.id) });
    expect(stopped.extractionStatus).toBe(ExtractionStatus.FAILED);
    expect(stopped.extractionError).toContain('не уложилась');
  });

  it('attaches in order with titles, reorders, detaches; only the material’s editors may', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const other = await signIn(app, Role.AUTHOR);
    const created = await app.gql(
      `mutation { createMaterial(input: { kind: PUBLICATION, title: "Статья с приложениями" }) { id } }`,
      {},
      author.token,
    );
    const materialId = created.data.createMaterial.id;
    const a = (await upload(author.token, 'a.txt', 'первый')).body;
    const b = (await upload(author.token, 'b.txt', 'второй')).body;
    const c = (await upload(author.token, 'c.txt', 'третий')).body;
    const attach = (fileId: string, extra: string, token = author.token) =>
      app.gql(
        `mutation($m: ID!, $f: ID!) { attachFile(materialId: $m, fileId: $f${extra}) { attachments { title position file { fileName } } } }`,
        { m: materialId, f: fileId },
        token,
      );
    await attach(a.id, '');
    await attach(b.id, ', title: "Приложение Б"');
    const third = await attach(c.id, ', order: 1');
    expect(third.data.attachFile.attachments.map((x: { file: { fileName: string } }) => x.file.fileName)).toEqual([
      'c.txt',
      'a.txt',
      'b.txt',
    ]);
    expect(third.data.attachFile.attachments[2]).toMatchObject({ title: 'Приложение Б', position: 3 });

    const foreign = await attach(a.id, '', other.token);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const badOrder = await attach(a.id, ', order: 0');
    expect(badOrder.errors?.[0]?.message).toContain('order');

    const reordered = await app.gql(
      `mutation($m: ID!, $ids: [ID!]!) { reorderFiles(materialId: $m, fileIds: $ids) { files { fileName } } }`,
      { m: materialId, ids: [a.id, b.id, c.id] },
      author.token,
    );
    expect(reordered.data.reorderFiles.files.map((f: { fileName: string }) => f.fileName)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    const partial = await app.gql(
      `mutation($m: ID!, $ids: [ID!]!) { reorderFiles(materialId: $m, fileIds: $ids) { id } }`,
      { m: materialId, ids: [a.id] },
      author.token,
    );
    expect(partial.errors?.[0]?.message).toContain('все 3 файлов');

    const detached = await app.gql(
      `mutation($m: ID!, $f: ID!) { detachFile(materialId: $m, fileId: $f) { files { fileName } } }`,
      { m: materialId, f: b.id },
      author.token,
    );
    expect(detached.errors).toBeUndefined();
    expect(detached.data.detachFile.files.map((f: { fileName: string }) => f.fileName)).toEqual(['a.txt', 'c.txt']);
    expect((await app.em().findOneOrFail(MediaFile, { id: uuidOf(b.id) })).detachedAt).toBeInstanceOf(Date);
  });

  it('lists published files in the media library by kind and by the subject of their materials', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Медиатека-предмет');
    await buildLevel(em, 'М-ООО');
    const author = await signIn(app, Role.AUTHOR);
    const image = (await upload(author.token, 'схема.png', await fixtures.png(64, 64))).body;
    const text = (await upload(author.token, 'памятка.txt', 'Памятка для медиатеки')).body;
    const material = await buildMaterial(em, { title: 'Материал медиатеки', status: MaterialStatus.PUBLISHED, subjects: [subject] });
    const methodist = await signIn(app, Role.METHODIST);
    for (const file of [image, text])
      await app.gql(
        `mutation($m: ID!, $f: ID!) { attachFile(materialId: $m, fileId: $f) { id } }`,
        { m: material.globalId, f: file.id },
        methodist.token,
      );

    const query = `query($filter: MediaLibraryFilter) { mediaLibrary(first: 50, filter: $filter) { totalCount edges { node { id kind fileName materials { id } } } } }`;
    const images = await app.gql(query, { filter: { type: 'IMAGE', subject: subject.globalId } });
    expect(images.errors).toBeUndefined();
    expect(images.data.mediaLibrary.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([image.id]);
    expect(images.data.mediaLibrary.edges[0].node.materials).toEqual([{ id: material.globalId }]);
    const all = await app.gql(query, { filter: { subject: subject.globalId } });
    expect(all.data.mediaLibrary.totalCount).toBe(2);
    // Words of the material's title or the file's name find it; `%` and `_` are letters, not wildcards.
    const ids = async (words: string) =>
      ((await app.gql(query, { filter: { query: words } })).data.mediaLibrary.edges as Array<{ node: { id: string } }>)
        .map((e) => e.node.id)
        .sort();
    expect(await ids('материал МЕДИАТЕКИ')).toEqual([image.id, text.id].sort());
    expect(await ids('памятка')).toEqual([text.id]);
    expect(await ids('%')).toEqual([]);
    expect(await ids('медиатеки_')).toEqual([]);
    const draftOnly = (await upload(author.token, 'скрытый.txt', 'Не опубликован')).body;
    const everything = await app.gql(query, {});
    expect(everything.data.mediaLibrary.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(draftOnly.id);
  });

  it('keeps the stored bytes and thumbnail while another upload of the same content still uses them', async () => {
    const bytes = await fixtures.png(40, 30);
    const forgotten = (await upload((await signIn(app, Role.AUTHOR)).token, 'забытая схема.png', bytes)).body;
    const kept = (await upload((await signIn(app, Role.AUTHOR)).token, 'схема.png', bytes)).body;
    await app.files.processor.drainAll();
    await publishedWith(kept);
    await app.em().nativeUpdate(MediaFile, { id: uuidOf(forgotten.id) }, { createdAt: new Date(Date.now() - 2 * 86_400_000) });

    const report = await collectGarbage(app.em(), app.files.config.storage, app.files.config.incomingDir);
    expect(report.files).toBe(1);
    expect(await app.em().findOne(MediaFile, { id: uuidOf(forgotten.id) })).toBeNull();
    const download = await fetch(`${app.url}${kept.url}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(`${app.url}${kept.url}/preview`)).status).toBe(200);

    // Once the last upload of the content goes, so do the bytes.
    const keptRow = await app.em().findOneOrFail(MediaFile, { id: uuidOf(kept.id) });
    await app.em().getConnection().execute('delete from material_file where file_id = ?', [keptRow.id]);
    await app.em().nativeUpdate(MediaFile, { id: keptRow.id }, { createdAt: new Date(Date.now() - 2 * 86_400_000) });
    await collectGarbage(app.em(), app.files.config.storage, app.files.config.incomingDir);
    await expect(app.files.config.storage.read(keptRow.storageKey)).rejects.toThrow();
    await expect(app.files.config.storage.read(keptRow.previewKey!)).rejects.toThrow();
  });

  it('collects files no material carries after a day, and keeps fresh and attached ones', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const stale = (await upload(author.token, 'старый.txt', `забытый ${Date.now()}`)).body;
    const fresh = (await upload(author.token, 'новый.txt', `свежий ${Date.now()}`)).body;
    const kept = (await upload(author.token, 'нужный.txt', `нужный ${Date.now()}`)).body;
    await publishedWith(kept);
    const em = app.em();
    await em.nativeUpdate(
      MediaFile,
      { id: { $in: [uuidOf(stale.id), uuidOf(kept.id)] } },
      { createdAt: new Date(Date.now() - 2 * 86_400_000) },
    );
    const staleKey = (await em.findOneOrFail(MediaFile, { id: uuidOf(stale.id) })).storageKey;

    const report = await collectGarbage(app.em(), app.files.config.storage, app.files.config.incomingDir);
    expect(report.files).toBe(1);
    expect(await app.em().findOne(MediaFile, { id: uuidOf(stale.id) })).toBeNull();
    await expect(app.files.config.storage.read(staleKey)).rejects.toThrow();
    expect(await app.em().findOne(MediaFile, { id: uuidOf(fresh.id) })).not.toBeNull();
    expect((await fetch(`${app.url}${kept.url}`)).status).toBe(200);
  });
});
