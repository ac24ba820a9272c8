/**
 * Media library benchmark: upload throughput and the server's peak memory while a 200 MB file
 * streams in, and the extraction time of a 100-page PDF in the worker.
 *   npm run bench:files [-- --megabytes 200 --runs 3 --pages 100]
 * The server runs in this process (its memory is what is sampled); the client streams from disk.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createMeiliClient, indexNames } from '@metod-kb/search';
import PDFDocument from 'pdfkit';
import { buildApp } from '../server/src/app.ts';
import { createLogger } from '../server/src/common/logger.ts';
import { FONT, pdfBuffer } from '../server/src/common/pdf.ts';
import { AccountService } from '../server/src/modules/accounts/account.service.ts';
import { Role } from '../server/src/modules/accounts/user.entity.ts';
import { ExtractionWorker } from '../server/src/modules/files/extraction/extraction-worker.ts';
import { createFilesDeps, filesConfig } from '../server/src/modules/files/files-config.ts';
import { DEFAULT_INFLATE_LIMITS } from '../server/src/modules/files/zip.ts';
import * as texts from '../server/src/seeders/data/texts.ts';
import { arg, benchInstallation } from './lib.ts';

const MEGABYTES = arg('megabytes', 200);
const RUNS = arg('runs', 3);
const PAGES = arg('pages', 100);
const log = (line: string) => console.log(line);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** A file the server takes for MP4 (its head says so); the rest is filler. */
async function writeVideo(file: string, bytes: number, run: number) {
  const out = fs.createWriteStream(file);
  const head = Buffer.alloc(32);
  head.writeUInt32BE(32, 0);
  head.write('ftypisom', 4, 'latin1');
  head.writeUInt32BE(run, 16);
  out.write(head);
  const chunk = Buffer.alloc(1024 * 1024, run);
  for (let written = 32; written < bytes; written += chunk.length) {
    if (!out.write(written + chunk.length > bytes ? chunk.subarray(0, bytes - written) : chunk))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

function uploadFile(url: string, token: string, file: string): Promise<number> {
  const boundary = 'kb-bench';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="видеоурок.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = fs.statSync(file).size;
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/api/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + size + tail.length,
      },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode!));
    });
    request.on('error', reject);
    request.write(head);
    pipeline(fs.createReadStream(file), request, { end: false }).then(() => request.end(tail), reject);
  });
}

async function hundredPagePdf(pages: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56 });
  const bytes = pdfBuffer(doc);
  let seed = 1;
  const pick = <T>(items: readonly T[]) => items[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % items.length]!;
  for (let page = 0; page < pages; page++) {
    if (page) doc.addPage();
    const body = texts.lessonPlanBody({
      subject: 'Математика',
      topic: `Дроби, часть ${page + 1}`,
      grades: [6],
      level: 'ООО',
      organization: 'МБОУ СОШ № 1',
      pick,
    });
    doc
      .font(FONT)
      .fontSize(10)
      .text(`Страница ${page + 1}. ${body}`, { height: 700 });
  }
  doc.end();
  return bytes;
}

async function main() {
  const { config, services, orm, dataDir } = await benchInstallation();
  const logger = createLogger('warn');
  const files = createFilesDeps(orm, filesConfig({ ...config, maxUploadMb: MEGABYTES + 1 }), logger);
  const search = { client: createMeiliClient(services.meili), names: indexNames(config.meiliIndexPrefix) };
  const app = await buildApp({
    publicUrl: () => url,
    orm,
    search,
    files,
    logger,
    production: true,
    ipLimits: { any: 1e9, search: 1e9, login: 1e9, mail: 1e9 },
  });
  const server = http.createServer(app.handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    log(
      `Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}; storage ${files.config.storage.description}`,
    );
    await new AccountService(orm.em.fork() as never).createUser({
      email: 'bench@imc.test',
      name: 'Бенчмарк',
      role: Role.AUTHOR,
      password: 'бенчмарк-пароль-1',
    });
    const login = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(email: "bench@imc.test", password: "бенчмарк-пароль-1") { token } }' }),
    }).then((r) => r.json() as Promise<{ data: { login: { token: string } } }>);
    const token = login.data.login.token;

    const video = path.join(dataDir, 'bench-upload.mp4');
    const bytes = MEGABYTES * 1024 * 1024;
    log(`\nUpload of a ${MEGABYTES} MiB file, ${RUNS} runs (different content each time, so none is deduplicated):`);
    log('run | status | seconds | MiB/s | server RSS before → peak (MiB)');
    for (let run = 1; run <= RUNS; run++) {
      await writeVideo(video, bytes, run);
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const started = performance.now();
      const status = await uploadFile(url, token, video);
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      log(
        `${run} | ${status} | ${seconds.toFixed(2)} | ${(MEGABYTES / seconds).toFixed(0)} | ${mib(before)} → ${mib(peak)} (+${mib(peak - before)})`,
      );
    }
    await fsp.rm(video, { force: true });

    const pdf = await hundredPagePdf(PAGES);
    const pdfFile = path.join(dataDir, 'bench-100-pages.pdf');
    await fsp.writeFile(pdfFile, pdf);
    log(
      `\nExtraction of a ${PAGES}-page PDF (${(pdf.length / 1024).toFixed(0)} KiB) in the worker: text, page count, first-page thumbnail`,
    );
    const worker = new ExtractionWorker({ timeoutMs: 120_000, maxHeapMb: 768 });
    for (const label of ['cold (worker starts)', 'warm', 'warm']) {
      const started = performance.now();
      const result = await worker.run({
        file: pdfFile,
        mimeType: 'application/pdf',
        limits: DEFAULT_INFLATE_LIMITS,
        maxTextChars: 1_500_000,
      });
      const ms = performance.now() - started;
      log(
        `${label}: ${ms.toFixed(0)} ms, ${result.pageCount} pages, ${result.text?.length ?? 0} characters, thumbnail ${result.preview?.length ?? 0} bytes (${((result.pageCount ?? 0) / (ms / 1000)).toFixed(0)} pages/s)`,
      );
    }
    await worker.close();
  } finally {
    server.close();
    await app.stop();
    await files.processor.stop();
    await orm.close();
    await services.stop();
  }
}

await main();
