/**
 * The timings behind the guards whose tests count work instead of seconds:
 *  - sign-in: a wrong password and an unknown e-mail take the same time (the tests check that both run one
 *    Argon2 verification of the same cost);
 *  - zip bombs: refused fast and with little memory (the tests check how many bytes were unpacked);
 *  - PostgreSQL away: a GraphQL request is refused at once with 503 (the tests check that it is answered).
 *   npm run bench:guards [-- --rounds 40 --runs 3]
 * The server runs in this process on a PostgreSQL of its own (its RSS is what is sampled); no Meilisearch.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createMeiliClient, indexNames } from '@metod-kb/search';
import { buildApp } from '../server/src/app.ts';
import { createLogger } from '../server/src/common/logger.ts';
import { migrate, openOrm } from '../server/src/db/orm.ts';
import { AccountService } from '../server/src/modules/accounts/account.service.ts';
import { Role } from '../server/src/modules/accounts/user.entity.ts';
import { extractContent } from '../server/src/modules/files/extraction/extract-content.ts';
import { detectFileType, FILE_TYPES, HEAD_BYTES } from '../server/src/modules/files/file-types.ts';
import { createFilesDeps } from '../server/src/modules/files/files-config.ts';
import { LocalStorage } from '../server/src/modules/files/storage.ts';
import { DEFAULT_INFLATE_LIMITS } from '../server/src/modules/files/zip.ts';
import { startEmbeddedPostgres } from '../server/src/runtime/postgres.ts';
import { zipBombDocx } from '../server/src/test/file-fixtures.ts';
import { arg, percentile } from './lib.ts';

const ROUNDS = arg('rounds', 40);
const RUNS = arg('runs', 3);
const log = (line: string) => console.log(line);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Time and peak RSS growth of one call (RSS sampled every 5 ms on top of the value just before). */
async function measure(run: () => Promise<unknown>): Promise<{ ms: number; rssGrowth: number }> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  await run();
  const elapsed = performance.now() - started;
  clearInterval(sampler);
  return { ms: elapsed, rssGrowth: Math.max(peak, process.memoryUsage().rss) - before };
}

const refused = (run: () => Promise<unknown>) => async () => {
  const outcome = await run().then(
    () => 'accepted',
    (error: Error) => error.message,
  );
  if (outcome === 'accepted') throw new Error('the bomb was not refused');
};

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-guards-'));
  let database = await startEmbeddedPostgres(dir, false);
  const orm = await openOrm({ databaseUrl: database.url, poolMax: 4 });
  await migrate(orm);
  const logger = createLogger('silent');
  const files = createFilesDeps(
    orm,
    {
      storage: new LocalStorage(path.join(dir, 'store')),
      incomingDir: path.join(dir, 'incoming'),
      maxUploadBytes: 64 * 2 ** 20,
      inflateLimits: DEFAULT_INFLATE_LIMITS,
    },
    logger,
  );
  const search = { client: createMeiliClient({ url: 'http://127.0.0.1:9' }), names: indexNames('bench_guards_') };
  let url = '';
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
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> },
    };
  };
  try {
    log(
      `Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );

    // Sign-in: alternate a wrong password for an account and an unknown address; the lock is cleared each round.
    const accounts = new AccountService(orm.em.fork() as never);
    await accounts.createUser({ email: 'bench@imc.test', name: 'Бенчмарк', role: Role.AUTHOR, password: 'бенчмарк-пароль-1' });
    const LOGIN = 'mutation($e: String!) { login(email: $e, password: "неверный-пароль") { token } }';
    const timeLogin = async (email: string) => {
      const started = performance.now();
      const answer = await gql(LOGIN, { e: email });
      if (answer.body.errors?.[0]?.message !== 'Неверный email или пароль')
        throw new Error(`unexpected answer: ${JSON.stringify(answer.body)}`);
      return performance.now() - started;
    };
    await timeLogin('warm-up@imc.test');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      known.push(await timeLogin('bench@imc.test'));
      unknown.push(await timeLogin(`nobody-${round}@imc.test`));
      await orm.em.getConnection().execute('delete from login_throttle');
    }
    log(`\nFailed sign-in, ${ROUNDS} each, alternating (p50 / p95 / max):`);
    log(`wrong password, existing account | ${ms(percentile(known, 50))} / ${ms(percentile(known, 95))} / ${ms(Math.max(...known))}`);
    log(`unknown e-mail                   | ${ms(percentile(unknown, 50))} / ${ms(percentile(unknown, 95))} / ${ms(Math.max(...unknown))}`);
    log(`ratio of medians (existing / unknown): ${(percentile(known, 50) / percentile(unknown, 50)).toFixed(2)}`);

    // Zip bombs: refused from the directory, refused while unpacking, and an upload through HTTP.
    const directoryBomb = path.join(dir, 'directory-bomb.docx');
    await fsp.writeFile(directoryBomb, await zipBombDocx(100));
    const lyingBomb = path.join(dir, 'lying-bomb.docx');
    await fsp.writeFile(lyingBomb, await zipBombDocx(100, { lie: true }));
    const uploadBomb = await zipBombDocx(400);
    const session = (await gql('mutation { login(email: "bench@imc.test", password: "бенчмарк-пароль-1") { token } }')).body.data.login
      .token as string;
    const head = (await fsp.readFile(directoryBomb)).subarray(0, HEAD_BYTES);
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['100 MiB bomb, refused from its directory (type check)', refused(() => detectFileType(directoryBomb, head, DEFAULT_INFLATE_LIMITS))],
      [
        '100 MiB bomb whose directory lies, stopped while unpacking (extraction)',
        refused(() =>
          extractContent({ file: lyingBomb, mimeType: FILE_TYPES.docx.mime, limits: DEFAULT_INFLATE_LIMITS, maxTextChars: 1_000_000 }),
        ),
      ],
      [
        `400 MiB bomb uploaded (${(uploadBomb.length / 1024).toFixed(0)} KiB sent) through POST /api/files`,
        async () => {
          const form = new FormData();
          form.append('file', new Blob([new Uint8Array(uploadBomb)]), 'бомба.docx');
          const response = await fetch(`${url}/api/files`, { method: 'POST', body: form, headers: { authorization: `Bearer ${session}` } });
          await response.text();
          if (response.status !== 422) throw new Error(`upload answered ${response.status}`);
        },
      ],
    ];
    log(`\nZip bombs, ${RUNS} runs each (time / peak RSS growth of this process):`);
    for (const [label, run] of cases) {
      const results = [];
      for (let i = 0; i < RUNS; i++) results.push(await measure(run));
      log(`${label} | ${results.map((r) => `${ms(r.ms)} / +${mib(r.rssGrowth)}`).join(', ')}`);
    }

    // PostgreSQL away: every request refused with 503 and a code.
    const port = Number(new URL(database.url).port);
    await database.stop();
    const refusals: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      const answer = await gql('{ materials(first: 100) { nodes { title } } }');
      refusals.push(performance.now() - started);
      if (answer.status !== 503 || answer.body.errors?.[0]?.extensions?.code !== 'SERVICE_UNAVAILABLE')
        throw new Error(`not refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    log(
      `\nGraphQL with PostgreSQL stopped, ${ROUNDS} requests, each 503 SERVICE_UNAVAILABLE (p50 / p95 / max): ${ms(percentile(refusals, 50))} / ${ms(percentile(refusals, 95))} / ${ms(Math.max(...refusals))}`,
    );
    database = await startEmbeddedPostgres(dir, false, { port });
  } finally {
    server.close();
    await app.stop();
    await files.processor.stop();
    await orm.close();
    await database.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
