import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { toGlobalId } from './common/global-id.ts';
import { Role } from './modules/accounts/user.entity.ts';
import { MediaFile } from './modules/files/media-file.entity.ts';
import { MaterialKind, MaterialStatus } from './modules/materials/material.enums.ts';
import { buildMaterial, buildSubject } from './test/factories.ts';
import { useTestApp } from './test/harness.ts';
import { type RawAnswer, type RawRequest, rawRequest } from './test/raw-http.ts';
import { signIn } from './test/sign-in.ts';

/**
 * Generated bad requests against every HTTP route beside GraphQL: uploads cut short, unterminated,
 * with wrong boundaries, huge part headers, many parts, trickled or abandoned; downloads with any
 * ranges and conditions; OAI-PMH with any arguments and forged resumption tokens; the feed, report
 * downloads, certificates and their check, survey links. Whatever comes in: never a 5xx, never an
 * answer later than the server's request limit allows, nothing left behind, and the process alive.
 */
const REQUEST_TIMEOUT_MS = 2000;
const app = useTestApp({ requestTimeoutMs: REQUEST_TIMEOUT_MS });
/** The latest an answer (or the server closing the connection) may come: its own limit, and room for a busy machine. */
const HANG_MS = REQUEST_TIMEOUT_MS + 8000;
const OAI_SCHEMA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'modules/interop/oai/xsd/all.xsd');

let author: string;
let methodist: string;
let reader: string;
let published: { id: string; url: string; bytes: Buffer };
let draftFileUrl: string;
let materialId: string;
let registrationNumber: string;
let subjectId: string;

beforeAll(async () => {
  [author, methodist, reader] = await Promise.all(
    [Role.AUTHOR, Role.METHODIST, Role.READER].map(async (role) => (await signIn(app, role)).token),
  );
  const em = app.em();
  const subject = await buildSubject(em, 'Фаззинг');
  subjectId = subject.id;
  const material = await buildMaterial(em, {
    title: 'Материал для проверки маршрутов',
    kind: MaterialKind.BEST_PRACTICE,
    subjects: [subject],
    status: MaterialStatus.PUBLISHED,
  });
  material.registrationNumber = 'ИМЦ-2026-77';
  await em.flush();
  materialId = material.id;
  registrationNumber = material.registrationNumber;

  const bytes = Buffer.from(Array.from({ length: 400 }, (_, i) => `строка ${i}\n`).join(''));
  const uploaded = await upload(bytes, 'журнал.txt');
  published = { ...uploaded, bytes };
  const attached = await app.gql(
    `mutation($m: ID!, $f: ID!) { attachFile(materialId: $m, fileId: $f) { id } }`,
    { m: material.globalId, f: uploaded.id },
    methodist,
  );
  expect(attached.errors).toBeUndefined();
  draftFileUrl = (await upload(Buffer.from('черновик'), 'черновик.txt')).url;
});

async function upload(bytes: Buffer, name: string): Promise<{ id: string; url: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${app.url}/api/files`, { method: 'POST', body: form, headers: { authorization: `Bearer ${author}` } });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as { id: string; url: string };
}

/** One request; a hang (no answer and no close by HANG_MS) fails the run. */
async function send(route: string, request: RawRequest = {}): Promise<RawAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${HANG_MS} ms: ${request.method ?? 'POST'} ${route}`)), HANG_MS);
  });
  try {
    return await Promise.race([rawRequest(`${app.url}${route}`, request), hung]);
  } finally {
    clearTimeout(timer);
  }
}

function expectAnswered(answer: RawAnswer, allowed: number[], context: string) {
  expect(answer.status, `${context}: the server closed without answering`).toBeDefined();
  expect(allowed, `${context}: status ${answer.status} ${answer.body.slice(0, 300)}`).toContain(answer.status);
}

async function expectAlive() {
  expect((await fetch(`${app.url}/health`)).status).toBe(200);
}

const incomingFiles = () => fs.promises.readdir(app.files.config.incomingDir).catch(() => [] as string[]);
const fileRows = () => app.em().count(MediaFile, {});

/** Any text, control characters, huge numbers and well-known nasty strings. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '%',
    '%E0%A4%A',
    '..%2F..%2Fetc%2Fpasswd',
    "'; drop table material; --",
    'constructor',
    '__proto__',
    'toString',
    '9'.repeat(30),
    '-1',
    'NaN',
    '1e308',
    'я'.repeat(300),
  ),
);
/** Percent-encoding that also takes lone surrogates (as a browser would, replaced). */
const enc = (text: string) => encodeURIComponent(text.replace(/\p{Cs}/gu, '\ufffd'));
const q = (params: Array<[string, string]>) => (params.length ? `?${new URLSearchParams(params).toString()}` : '');

describe('HTTP routes, fuzzed', () => {
  it('answers every malformed, cut or trickled upload with a 4xx, keeps nothing of it, and stays up', async () => {
    // Header values are Latin-1 (Node sends nothing else); the body may name any boundary.
    const boundary = fc.constantFrom('kb-fuzz-boundary', 'b', 'x'.repeat(70), 'x'.repeat(200), 'a b', '"quoted"');
    // Mostly the part a client sends, sometimes another: a field, a second file, a part with a broken header.
    const part = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          name: fc.constant('file'),
          fileName: fc.constantFrom('a.txt', 'план урока.txt'),
          content: fc.oneof(fc.string({ minLength: 1, maxLength: 200 }), fc.constant('Текст файла для загрузки')),
          padding: fc.constant(0),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          name: fc.constantFrom('file', 'other', '', 'file"; filename="evil.txt'),
          fileName: fc.option(fc.constantFrom('a.txt', '../../a.txt', '', 'x'.repeat(400), 'a\tb.txt', 'плохой.pdf'), { nil: undefined }),
          content: fc.oneof(
            fc.string({ maxLength: 200 }),
            fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
          ),
          padding: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 100, max: 40_000 }) }),
        }),
      },
    );
    const shape = fc.record({
      headerBoundary: boundary,
      bodyBoundary: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.oneof(boundary, fc.constant('кириллица')) },
      ),
      contentType: fc.oneof(
        { weight: 4, arbitrary: fc.constant('multipart/form-data; boundary=%b') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'multipart/form-data; boundary="%b"',
            'multipart/form-data',
            'multipart/mixed; boundary=%b',
            'text/plain',
            '',
          ),
        },
      ),
      parts: fc.oneof(
        { weight: 4, arbitrary: fc.array(part, { minLength: 1, maxLength: 3 }) },
        { weight: 1, arbitrary: fc.array(part, { maxLength: 60 }) },
      ),
      ending: fc.constantFrom('closed', 'unterminated', 'unterminated', 'garbage-after'),
      cutAt: fc.oneof(
        { weight: 2, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
      ),
      length: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('exact', 'exact', 'chunked', 'declared-huge') },
        { weight: 1, arbitrary: fc.constant('declared-more') },
      ),
      chunks: fc.integer({ min: 1, max: 6 }),
      pauseMs: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 50, max: 300 }) }),
      hangUp: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      signedIn: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      // Request headers past Node's 16 KB limit: 431 before any route runs.
      headerPadding: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1000, max: 100_000 }) }),
    });
    let rows = await fileRows();
    await fc.assert(
      fc.asyncProperty(shape, async (c) => {
        const bodyBoundary = c.bodyBoundary ?? c.headerBoundary;
        const pieces: Buffer[] = [];
        for (const p of c.parts) {
          const disposition = `Content-Disposition: form-data; name="${p.name}"${p.fileName === undefined ? '' : `; filename="${p.fileName}"`}`;
          pieces.push(
            Buffer.from(`--${bodyBoundary}\r\n${disposition}\r\n${p.padding ? `X-Padding: ${'p'.repeat(p.padding)}\r\n` : ''}\r\n`),
            Buffer.from(p.content),
            Buffer.from('\r\n'),
          );
        }
        if (c.ending !== 'unterminated') pieces.push(Buffer.from(`--${bodyBoundary}--\r\n`));
        if (c.ending === 'garbage-after') pieces.push(Buffer.from('мусор после конца формы'));
        let body = Buffer.concat(pieces);
        if (c.cutAt !== undefined) body = body.subarray(0, Math.floor(body.length * c.cutAt));
        const headers: Record<string, string | number> = c.signedIn
          ? { authorization: `Bearer ${author}` }
          : { 'x-requested-with': 'fetch' };
        if (c.contentType) headers['content-type'] = c.contentType.replace('%b', c.headerBoundary);
        if (c.headerPadding) headers['x-padding'] = 'p'.repeat(c.headerPadding);
        if (c.length === 'exact') headers['content-length'] = body.length;
        if (c.length === 'declared-more') headers['content-length'] = body.length + 10;
        if (c.length === 'declared-huge') headers['content-length'] = 10 * 1024 ** 3;
        // A client that hangs up does so mid-body: the server never has the whole of it.
        const sent = c.hangUp ? body.subarray(0, Math.floor(body.length / 2)) : body;
        if (c.hangUp) headers['content-length'] = body.length;
        const size = Math.ceil(sent.length / c.chunks) || 1;
        const chunks = Array.from({ length: c.chunks }, (_, i) => sent.subarray(i * size, (i + 1) * size)).filter((chunk) => chunk.length);
        const context = JSON.stringify({ ...c, parts: c.parts.length, body: body.subarray(0, 200).toString() });

        const answer = await send('/api/files', { headers, chunks, pauseMs: c.pauseMs, hangUp: c.hangUp });
        // A client that hangs up gets no answer, one that never finishes its body gets Node's 408, and
        // one with headers past 16 KB Node's 431, which the connection may cut before the client reads it.
        if (c.headerPadding > 16 * 1024) expect([undefined, 431], context).toContain(answer.status);
        else if (!c.hangUp) expectAnswered(answer, [200, 201, 400, 401, 403, 408, 413, 415, 422], context);
        if (answer.status === 201) rows++;
        await vi.waitFor(async () => expect(await incomingFiles(), `${context}: a half-received upload stayed`).toEqual([]), {
          timeout: HANG_MS,
        });
        expect(await fileRows(), `${context}: a refused upload left a row`).toBe(rows);
      }),
      { numRuns: 60, seed: 20261130 },
    );
    await expectAlive();
  });

  it('answers any download with the bytes or a 4xx, ranges and conditions whatever they say', async () => {
    const id = fc.oneof(
      fc
        .constantFrom(
          () => published.url,
          () => draftFileUrl,
          () => `/files/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`,
        )
        .map((get) => get()),
      nasty.map((s) => `/files/${enc(s)}`),
      fc.constantFrom('/files/%', '/files/%E0%A4%A', '/files/..%2F..%2Fetc%2Fpasswd', '/files/'),
    );
    const range = fc.oneof(
      fc.constant(undefined),
      nasty,
      fc.tuple(fc.option(fc.nat({ max: 10_000 })), fc.option(fc.nat({ max: 10_000 }))).map(([a, b]) => `bytes=${a ?? ''}-${b ?? ''}`),
      fc.constantFrom(
        'bytes=0-',
        'bytes=-0',
        'bytes=5-1',
        'bytes=0-0,5-9',
        'bytes=99999999999999999999-',
        'bytes=-99999999999999999999',
        'bytes=0-99999999999999999999',
        'bytes= 1-2',
        'items=0-1',
        'bytes=1e3-2',
        'bytes=-',
      ),
    );
    const request = fc.record({
      route: id,
      preview: fc.boolean(),
      query: fc.array(
        fc.tuple(
          fc.constantFrom('inline', 'material', 'x'),
          fc.oneof(fc.constant('1'), nasty, fc.constant(toGlobalId('BestPractice', '00000000-0000-4000-8000-000000000000'))),
        ),
        { maxLength: 3 },
      ),
      method: fc.constantFrom('GET', 'GET', 'HEAD'),
      range,
      ifNoneMatch: fc.option(fc.oneof(nasty, fc.constantFrom('*', 'W/"x"', '"x", "y"'))),
      ifRange: fc.option(fc.oneof(nasty, fc.constant(new Date().toUTCString()))),
      ifModifiedSince: fc.option(nasty),
      signedIn: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = r.signedIn ? { authorization: `Bearer ${author}` } : {};
        for (const [name, value] of [
          ['range', r.range],
          ['if-none-match', r.ifNoneMatch],
          ['if-range', r.ifRange],
          ['if-modified-since', r.ifModifiedSince],
        ] as const) {
          // Node refuses to send a header with control characters; what it refuses no client sends either.
          if (value != null && !/[\u0000-\u001f\u007f-\uffff]/.test(value)) headers[name] = value;
        }
        const route = `${r.route}${r.preview ? '/preview' : ''}${q(r.query)}`;
        const context = `${r.method} ${route} ${JSON.stringify(headers)}`;
        const answer = await send(route, { method: r.method, headers });
        expectAnswered(answer, [200, 206, 304, 400, 404, 416], context);
        if (r.route !== published.url || r.preview || r.method === 'HEAD') return;
        if (answer.status === 200) expect(answer.body, context).toBe(published.bytes.toString());
        if (answer.status === 206) {
          const [, start, end] = /^bytes (\d+)-(\d+)\/\d+$/.exec(String(answer.headers['content-range']))!.map(Number);
          expect(answer.body, context).toBe(published.bytes.subarray(start, end! + 1).toString());
        }
      }),
      { numRuns: 120, seed: 20261130 },
    );
    await expectAlive();
  });

  it('answers OAI-PMH with a valid protocol document whatever the arguments and tokens', async () => {
    // A valid request of each verb, then up to two of its arguments replaced, dropped or added, with values near the edges.
    const token = (state: Record<string, unknown>) => Buffer.from(JSON.stringify(state)).toString('base64url');
    const validToken = (verb: string) => ({
      verb,
      prefix: 'oai_dc',
      set: 'kind',
      from: '2026-01-01T00:00:00.000Z',
      after: { stamp: '2026-05-01T00:00:00.000000', id: materialId },
      cursor: 100,
    });
    const forged = (verb: string) =>
      fc
        .oneof(
          fc.record({
            field: fc.constant('after'),
            value: fc.record({
              stamp: fc.oneof(
                fc.constantFrom(
                  '2026-99-99T99:99:99.000000',
                  '0000-01-01T00:00:00.000000',
                  '2026-02-30T00:00:00.000000',
                  '2026-05-01T00:00:00.000000',
                ),
                nasty,
              ),
              id: fc.oneof(fc.constantFrom('x', materialId.toUpperCase(), materialId), fc.uuid(), nasty),
            }),
          }),
          fc.record({ field: fc.constant('after'), value: fc.oneof(nasty, fc.constant(null)) }),
          fc.record({ field: fc.constant('cursor'), value: fc.oneof(fc.constantFrom(-1, 0, 1.5, '1', 2 ** 60), fc.integer()) }),
          fc.record({
            field: fc.constantFrom('from', 'before'),
            value: fc.oneof(
              fc.constantFrom('-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '1', '2026-02-30T00:00:00.000Z'),
              nasty,
            ),
          }),
          fc.record({
            field: fc.constant('set'),
            value: fc.oneof(fc.constantFrom('kind:constructor', 'kind:__proto__', 'subject:x', 5), nasty),
          }),
          fc.record({ field: fc.constant('prefix'), value: fc.oneof(fc.constantFrom('toString', 'marc21'), nasty) }),
          fc.record({ field: fc.constant('verb'), value: fc.constantFrom('ListSets', 'ListRecords', 'ListIdentifiers') }),
        )
        .map(({ field, value }) => token({ ...validToken(verb), [field]: value }));
    const near = (values: string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: nasty });
    const edges: Record<string, fc.Arbitrary<string>> = {
      verb: near(['toString', '__proto__', 'constructor', 'listrecords']),
      metadataPrefix: near(['toString', '__proto__', 'marc21']),
      identifier: near([`oai:metod-kb.test:${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, 'oai:metod-kb.test:x', 'oai:elsewhere:1']),
      set: near([
        'kind:constructor',
        'kind:__proto__',
        'kind:toString',
        'kind:LESSON',
        'subject:x',
        `subject:${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`,
        'kind:BEST_PRACTICE:x',
        'kind:а',
      ]),
      from: near(['2026-02-30', '0000-01-01', '0050-01-01', '9999-12-31T23:59:59Z', '2026-01-01T00:00:00.000Z', '2026-13-01']),
      until: near(['2026-02-30', '0000-01-01', '2020-01-01', '9999-12-31T23:59:59Z']),
      resumptionToken: fc.oneof(
        { weight: 3, arbitrary: fc.oneof(forged('ListRecords'), forged('ListIdentifiers')) },
        { weight: 1, arbitrary: nasty },
      ),
      toString: nasty,
      ['__proto__']: nasty,
    };
    const valid = fc.constantFrom(
      () => ({ verb: 'Identify' }),
      () => ({ verb: 'ListMetadataFormats', identifier: `oai:metod-kb.test:${materialId}` }),
      () => ({ verb: 'ListSets' }),
      () => ({ verb: 'GetRecord', identifier: `oai:metod-kb.test:${materialId}`, metadataPrefix: 'oai_dc' }),
      () => ({ verb: 'ListRecords', metadataPrefix: 'lrmi', set: `subject:${subjectId}`, from: '2026-01-01', until: '2030-12-31' }),
      () => ({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', set: 'kind:BEST_PRACTICE' }),
      () => ({ verb: 'ListRecords', resumptionToken: token(validToken('ListRecords')) }),
      () => ({ verb: 'ListIdentifiers', resumptionToken: token(validToken('ListIdentifiers')) }),
    );
    // Mostly an argument the request has; sometimes one it should not have.
    const mutation = fc.record({
      kind: fc.constantFrom('replace', 'replace', 'replace', 'drop', 'repeat'),
      pick: fc.nat(),
      other: fc.option(fc.constantFrom(...Object.keys(edges)), { freq: 4, nil: undefined }),
    });
    const request = fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 2 }), fc.boolean()).chain(([make, mutations, post]) => {
      const args = Object.entries(make() as Record<string, string>);
      const names = mutations.map((m) => m.other ?? args[m.pick % args.length]![0]);
      return fc.tuple(...names.map((name) => edges[name] ?? nasty)).map((values) => {
        mutations.forEach((m, i) => {
          const at = args.findIndex(([name]) => name === names[i]);
          if (m.kind === 'drop' && at >= 0) args.splice(at, 1);
          else if (m.kind === 'repeat' && at >= 0) args.push(args[at]!);
          else if (at >= 0) args[at] = [names[i]!, values[i]!];
          else args.push([names[i]!, values[i]!]);
        });
        return { pairs: args, post };
      });
    });
    const answers: Array<{ context: string; body: string }> = [];
    await fc.assert(
      fc.asyncProperty(request, async ({ pairs, post }) => {
        const form = new URLSearchParams(pairs).toString();
        const context = `${post ? 'POST' : 'GET'} /oai ${form.slice(0, 400)}`;
        const answer = post
          ? await send('/oai', {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) },
              chunks: [form],
            })
          : await send(`/oai${form ? `?${form}` : ''}`, { method: 'GET' });
        expectAnswered(answer, [200], context);
        answers.push({ context, body: answer.body });
      }),
      { numRuns: 100, seed: 20261130 },
    );
    // Checked against the schemas in one go: xmllint per answer would cost more than the requests.
    await expectValidOai(answers);
    await expectAlive();
  });

  it('answers report downloads with a file or a 4xx, whatever the period, options and caller', async () => {
    const near = (values: string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: nasty });
    const validDay = fc
      .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const oddDay = near([
      '2026-02-30',
      '2025-02-29',
      '2026-04-31',
      '0000-01-01',
      '0001-01-01',
      '9999-12-31',
      '9999-99-99',
      '2026-1-1',
      '2026-13-01',
    ]);
    // Real periods (backwards ones too), and periods of a real length with one end that is no day.
    const period = fc.oneof(
      { weight: 2, arbitrary: fc.tuple(validDay, validDay) },
      { weight: 2, arbitrary: fc.tuple(oddDay, fc.constantFrom('2026-03-31', '2027-01-01')) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('2025-12-01', '2026-01-01'), oddDay) },
    );
    const single = fc
      .record({
        name: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('usage', 'queries', 'materials', 'authors', 'turnaround', 'gaps') },
          { weight: 1, arbitrary: nasty },
        ),
        // CSV mostly: the workbook costs far more to build and is the same data.
        format: fc.constantFrom('csv', 'csv', 'csv', 'xlsx', 'pdf'),
        period,
        by: fc.option(near(['ORGANIZATION', 'SUBJECT', 'LEVEL', 'KIND', 'constructor', 'toString']), { nil: undefined }),
        below: fc.option(near(['3', '1', '0', '10001', '1e308', '-5', '2.5', 'x']), { nil: undefined }),
      })
      .map(
        ({ name, format, period: [from, to], ...options }) =>
          `/reports/${enc(`${name}.${format}`)}${q([['from', from], ['to', to], ...Object.entries(options).filter((e): e is [string, string] => e[1] !== undefined)])}`,
      );
    const annual = fc
      .oneof(fc.integer({ min: 2024, max: 2027 }).map(String), near(['0000', '0001', '9999', '202', '20266']))
      .map((year) => `/reports/annual-${enc(year)}.xlsx`);
    const survey = fc
      .oneof(fc.constant(toGlobalId('Survey', '00000000-0000-4000-8000-000000000000')), fc.constant(toGlobalId('Survey', 'x')), nasty)
      .map((id) => `/reports/survey-${enc(id)}.csv`);
    const route = fc.oneof(
      { weight: 8, arbitrary: single },
      { weight: 1, arbitrary: annual },
      { weight: 1, arbitrary: survey },
      { weight: 1, arbitrary: nasty.map((n) => `/reports/${enc(n)}`) },
    );
    const who = fc
      .constantFrom(
        () => methodist,
        () => methodist,
        () => methodist,
        () => reader,
        () => undefined,
      )
      .map((get) => get());
    await fc.assert(
      fc.asyncProperty(route, who, async (path, token) => {
        const answer = await send(path, { method: 'GET', headers: token ? { authorization: `Bearer ${token}` } : {} });
        expectAnswered(answer, [200, 400, 401, 403, 404], `GET ${path}`);
      }),
      { numRuns: 100, seed: 20261130 },
    );
    await expectAlive();
  });

  it('answers the feed, certificates, their check and survey links with a page or a 4xx', async () => {
    const kind = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...Object.values(MaterialKind), 'constructor', 'toString', '__proto__', '') },
      { weight: 1, arbitrary: nasty },
    );
    const route = fc.oneof(
      fc
        .array(
          fc.oneof(
            kind.map((k) => ['kind', k] as [string, string]),
            fc.oneof(fc.constantFrom('Фаззинг', 'фаззинг', 'Нет такого'), nasty).map((v) => ['subject', v] as [string, string]),
          ),
          { maxLength: 4 },
        )
        .map((params) => `/feed.xml${q(params)}`),
      fc
        .oneof(
          fc.constantFrom(() => registrationNumber).map((get) => get()),
          nasty,
        )
        .map((n) => `/verify/${enc(n)}`),
      fc
        .oneof(
          fc.constantFrom(() => `${registrationNumber}.pdf`).map((get) => get()),
          nasty.map((n) => `${n}.pdf`),
          nasty,
        )
        .map((n) => `/certificates/${enc(n)}`),
      fc.constantFrom('/verify/%', '/certificates/%E0%A4%A.pdf', '/reports/%', '/surveys/%', '/files/%'),
      nasty.map((link) => `/surveys/${enc(link)}`),
    );
    await fc.assert(
      fc.asyncProperty(route, async (path) => {
        const answer = await send(path, { method: 'GET' });
        expectAnswered(answer, [200, 400, 404, 410], `GET ${path}`);
      }),
      { numRuns: 80, seed: 20261130 },
    );
    await expectAlive();
  });
});

/** xmllint against the official OAI-PMH schemas and ours: each answer well-formed, and what the protocol allows. */
async function expectValidOai(answers: Array<{ context: string; body: string }>): Promise<void> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'kb-oai-fuzz-'));
  try {
    const files = await Promise.all(
      answers.map(async ({ body }, i) => {
        const file = path.join(dir, `${i}.xml`);
        await fs.promises.writeFile(file, body);
        return file;
      }),
    );
    const stderr = await new Promise<string>((resolve, reject) => {
      const lint = spawn('xmllint', ['--noout', '--nonet', '--schema', OAI_SCHEMA, ...files]);
      let output = '';
      lint.stderr.on('data', (chunk) => (output += chunk));
      lint.on('error', reject);
      lint.on('close', () => resolve(output));
    });
    const invalid = answers.filter((_, i) => !stderr.includes(`${files[i]} validates`));
    expect(
      invalid.map(({ context, body }) => `${context}\n${body.slice(0, 800)}`),
      stderr
        .split('\n')
        .filter((line) => !line.endsWith(' validates'))
        .join('\n'),
    ).toEqual([]);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
