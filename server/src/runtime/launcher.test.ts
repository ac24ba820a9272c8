import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { fromGlobalId } from '../common/global-id.ts';
import { MATERIAL_TYPES } from '../modules/materials/material.entity.ts';
import { HANG_MS } from '../test/waiting.ts';
import { freePort, isAlive, waitForExit } from './process.ts';
import { readRuntime } from './services.ts';

/** The real command line, as `npm run kb -- …` runs it, on a DATA_DIR of this test's own. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const running: ChildProcess[] = [];
const dataDirs: string[] = [];

/** Every test gets a DATA_DIR of its own, so that none depends on another's leftovers. */
function freshDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-launcher-'));
  dataDirs.push(dir);
  return dir;
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function kb(dataDir: string, args: string[], env: Record<string, string> = {}): Run {
  // One process, as `npm run kb` starts it: a signal to it reaches the launcher itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], {
    cwd: root,
    // NODE_ENV as a user has it (vitest sets "test", which changes how libraries treat signals).
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: '',
      DATABASE_URL: '',
      MEILI_URL: '',
      MEILI_MASTER_KEY: '',
      ...env,
    },
  });
  running.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until(run: Run, text: string, timeoutMs = HANG_MS) {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(text)) {
    if (run.child.exitCode !== null) throw new Error(`exited ${run.child.exitCode} before «${text}»: ${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no «${text}» in: ${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The exit code, or a failure when the process does not exit (a hung command or shutdown is a bug).
 * A command starts its own PostgreSQL and migrates on a fresh DATA_DIR, which takes well over 30 s on
 * busy shared cores: the limit only catches a hang.
 */
function exitCode(run: Run, timeoutMs = HANG_MS): Promise<number | null> {
  return Promise.race([
    run.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit in ${timeoutMs} ms: ${run.output()}`)), timeoutMs)),
  ]);
}

async function gql(port: number, query: string) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data: any; errors?: unknown };
}

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dataDirs) {
    for (const pid of readRuntime(dir)?.childPids ?? []) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Each test starts real servers and commands, one after another: room for several waits at the hang limit.
describe('npm start', { timeout: 6 * HANG_MS }, () => {
  it('starts PostgreSQL and Meilisearch itself, seeds the demo corpus and serves the API', async () => {
    const dataDir = freshDataDir();
    const port = await freePort();
    const server = kb(dataDir, ['start'], { PORT: String(port) });
    await until(server, 'Готово');
    expect(server.output()).toContain('Загружен демонстрационный корпус');

    const counts = await gql(
      port,
      `{ all: materials { totalCount }
      practices: materials(filter: { kinds: [BEST_PRACTICE] }) { totalCount }
      publications: materials(filter: { kinds: [PUBLICATION] }) { totalCount }
      methodical: materials(filter: { kinds: [METHODOLOGICAL_MATERIAL] }) { totalCount }
      normative: materials(filter: { kinds: [NORMATIVE_DOCUMENT] }) { nodes { title body } totalCount }
      newest: materials(first: 100) { nodes { title summary body } }
      people { totalCount } organizations(first: 100) { totalCount nodes { type } } subjects { name } educationLevels { code }
      }`,
    );
    expect(counts.errors).toBeUndefined();
    const d = counts.data;
    expect(d.all.totalCount).toBeGreaterThanOrEqual(150);
    for (const kind of [d.practices, d.publications, d.methodical, d.normative]) expect(kind.totalCount).toBeGreaterThan(5);
    expect(d.people.totalCount).toBeGreaterThanOrEqual(40);
    // Reads like a real bank: distinct titles, every material with a summary and a body of several paragraphs.
    const newest = d.newest.nodes as Array<{ title: string; summary: string; body: string }>;
    expect(new Set(newest.map((m) => m.title)).size).toBe(100);
    for (const m of newest) expect(m.summary.length > 40 && m.body.split('\n\n').length >= 3, m.title).toBe(true);
    expect(d.organizations.totalCount).toBeGreaterThanOrEqual(8);
    expect(new Set(d.organizations.nodes.map((o: any) => o.type))).toEqual(
      new Set(['SCHOOL', 'KINDERGARTEN', 'ADDITIONAL_EDUCATION', 'METHODOLOGICAL_CENTRE']),
    );
    expect(d.educationLevels.map((l: any) => l.code)).toEqual(['ДО', 'НОО', 'ООО', 'СОО', 'ДОП']);
    // The centre's own regulation is there with its full text.
    const regulation = d.normative.nodes.find((n: any) => n.title.startsWith('Положение об информационно-методическом центре'));
    expect(regulation.body).toContain('Формирование банка педагогической информации');

    const ready = await (await fetch(`http://127.0.0.1:${port}/ready`)).json();
    expect(ready).toMatchObject({ status: 'ok', database: { ok: true }, search: { ok: true } });
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(await home.text()).toContain('Методическая база знаний');

    // A second server on the same DATA_DIR says so in one line instead of fighting over the data.
    const second = kb(dataDir, ['start'], { PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    expect(second.output().trim()).toMatch(/^Ошибка запуска: DATA_DIR .* уже использует запущенный сервер/);

    // A command beside the running server uses its services.
    const seed = kb(dataDir, ['seed']);
    expect(await seed.exited).toBe(0);
    expect(seed.output()).toContain('Используются сервисы запущенного сервера');
    expect(seed.output()).toContain('уже есть материалы');

    const children = readRuntime(dataDir)!.childPids;
    expect(children).toHaveLength(2);
    // A request still arriving when SIGTERM comes is finished and answered before the server goes.
    const body = JSON.stringify({ query: '{ materials(first: 3) { totalCount } }' });
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, text }));
        },
      );
      request.on('error', reject);
      request.write(body.slice(0, 10));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => request.end(body.slice(10)), 500);
      }, 200);
    });
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.text).data.materials.totalCount).toBeGreaterThan(0);
    expect(await exitCode(server)).toBe(0);
    // Once it stopped accepting, new connections are refused.
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    for (const pid of children) expect(isAlive(pid)).toBe(false);
    expect(readRuntime(dataDir)).toBeUndefined();
  });

  it('keeps the data across a restart, and recovers from a launcher that was killed', async () => {
    const dataDir = freshDataDir();
    const port = await freePort();
    const first = kb(dataDir, ['start'], { PORT: String(port) });
    await until(first, 'Готово');
    const firstId = (await gql(port, '{ materials(first: 1) { nodes { id } } }')).data.materials.nodes[0].id;
    first.child.kill('SIGTERM');
    expect(await exitCode(first)).toBe(0);

    const server = kb(dataDir, ['start'], { PORT: String(port) });
    await until(server, 'Готово');
    expect(server.output()).not.toContain('Загружен демонстрационный корпус');
    const again = await gql(port, `{ node(id: "${firstId}") { id } }`);
    expect(again.data.node).toEqual({ id: firstId });

    // Killed without a chance to stop its children: they are orphans holding the data directory.
    const orphans = readRuntime(dataDir)!.childPids;
    server.child.kill('SIGKILL');
    await server.exited;
    expect(orphans.every(isAlive)).toBe(true);

    const next = kb(dataDir, ['start'], { PORT: String(port) });
    await until(next, 'Готово');
    for (const pid of orphans) expect(isAlive(pid)).toBe(false);
    expect((await gql(port, `{ node(id: "${firstId}") { id } }`)).data.node).toEqual({ id: firstId });
    next.child.kill('SIGINT');
    expect(await exitCode(next)).toBe(0);
  });

  it('replaces an HTTP worker killed under load while the others serve, and loses nothing written', async () => {
    const dataDir = freshDataDir();
    const port = await freePort();
    const server = kb(dataDir, ['start'], { PORT: String(port), WEB_CONCURRENCY: '2' });
    await until(server, 'Готово');
    // The account and its token through the running server's database (the commands reuse its services).
    expect(
      await exitCode(kb(dataDir, ['user:create', '--email', 'metod@imc.ru', '--role', 'METHODIST', '--password', 'пароль-методиста'])),
    ).toBe(0);
    const issue = kb(dataDir, ['token:create', '--user', 'metod@imc.ru', '--name', 'нагрузка', '--scope', 'write', '--days', '1']);
    expect(await exitCode(issue)).toBe(0);
    const token = /^(kbt_\S+)$/m.exec(issue.output())![1]!;
    const workers = async (want: (w: { web: number[]; standby: number[]; jobs: number[] }) => boolean) => {
      for (let i = 0; i < 1200; i++) {
        const current = readRuntime(dataDir)?.workers;
        if (current && want(current)) return current;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`workers never became as expected: ${JSON.stringify(readRuntime(dataDir)?.workers)}`);
    };
    // Two HTTP workers, a loaded spare, the jobs' worker; a supervisor that is none of them.
    const before = await workers((w) => w.web.length === 2 && w.standby.length === 1 && w.jobs.length === 1);
    expect(new Set([...before.web, ...before.standby, ...before.jobs, server.child.pid]).size).toBe(5);

    // Four clients write materials without pause; a fresh connection each time, so both workers get some.
    const created: string[] = [];
    const failures: string[] = [];
    let writing = true;
    const write = async (n: number) => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, connection: 'close' },
        body: JSON.stringify({ query: `mutation { createMaterial(input: { kind: PUBLICATION, title: "Нагрузка ${n}" }) { id } }` }),
      });
      const body = (await res.json()) as { data?: { createMaterial: { id: string } }; errors?: unknown };
      if (res.status !== 200 || !body.data) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body.errors)}`);
      created.push(body.data.createMaterial.id);
    };
    let sent = 0;
    const clients = Array.from({ length: 4 }, async () => {
      while (writing) await write(sent++).catch((error: Error) => failures.push(String(error.cause ?? error)));
    });
    const waitForWrites = async (count: number) => {
      while (created.length < count) {
        if (failures.length > 20) throw new Error(`writes keep failing: ${failures.slice(0, 3).join('; ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitForWrites(20);

    process.kill(before.web[0]!, 'SIGKILL');
    // The spare takes the port; a new spare is loaded behind it.
    const after = await workers((w) => w.web.length === 2 && !w.web.includes(before.web[0]!));
    expect(after.web).toEqual(expect.arrayContaining([before.web[1], before.standby[0]]));
    // The other original worker goes too: whatever is answered from now on, the replacements answer.
    const countAtSecondKill = created.length;
    process.kill(before.web[1]!, 'SIGKILL');
    await workers((w) => w.web.length === 2 && !w.web.includes(before.web[1]!));
    await waitForWrites(countAtSecondKill + 20);
    writing = false;
    await Promise.all(clients);

    // Only requests in flight on a killed worker could fail, and only as a dropped connection.
    expect(failures.length).toBeLessThanOrEqual(8);
    for (const failure of failures) expect(failure).not.toMatch(/HTTP \d/);
    expect(server.output()).toContain('worker died, starting another');
    expect(server.child.exitCode).toBeNull();
    // Everything acknowledged is stored.
    const db = new pg.Client({ connectionString: readRuntime(dataDir)!.databaseUrl });
    await db.connect();
    const { rows } = await db.query(`select id from material where id = any($1::uuid[])`, [
      created.map((id) => fromGlobalId(id, 'id', MATERIAL_TYPES).id),
    ]);
    await db.end();
    expect(rows.length).toBe(created.length);
    // A new spare stands by again.
    await workers((w) => w.standby.length === 1);

    const pids = [...after.web, ...after.jobs];
    server.child.kill('SIGTERM');
    expect(await exitCode(server)).toBe(0);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('says in one line when the port is taken, and leaves nothing running', async () => {
    const blocker = net.createServer().listen(0);
    await new Promise((r) => blocker.once('listening', r));
    const taken = (blocker.address() as net.AddressInfo).port;
    const dataDir = freshDataDir();
    const server = kb(dataDir, ['start'], { PORT: String(taken) });
    expect(await server.exited).toBe(1);
    blocker.close();
    expect(server.output()).toContain(`Ошибка запуска: Порт ${taken} уже занят`);
    expect(server.output()).not.toMatch(/\n\s+at /);
    const record = readRuntime(dataDir);
    for (const pid of record?.childPids ?? []) expect(await waitForExit(pid, 5000)).toBe(true);
  });

  it('creates an account from the command line with a one-time password that signs in', async () => {
    const dataDir = freshDataDir();
    const create = kb(dataDir, ['user:create', '--email', 'Metodist@IMC.ru', '--role', 'METHODIST', '--name', 'Петрова Анна']);
    expect(await exitCode(create)).toBe(0);
    expect(create.output()).toContain('Создан пользователь metodist@imc.ru (METHODIST)');
    const password = /Одноразовый пароль: (\S+)/.exec(create.output())?.[1];
    expect(password).toBeTruthy();
    const again = kb(dataDir, ['user:create', '--email', 'metodist@imc.ru', '--role', 'ADMIN', '--password', 'достаточно-длинный']);
    expect(await exitCode(again)).toBe(1);
    expect(again.output().trim()).toBe('Ошибка: Аргумент email: пользователь metodist@imc.ru уже есть');

    const port = await freePort();
    const server = kb(dataDir, ['start'], { PORT: String(port) });
    await until(server, 'Готово');
    const login = await gql(port, `mutation { login(email: "metodist@imc.ru", password: "${password}") { user { name role } } }`);
    expect(login.data.login.user).toEqual({ name: 'Петрова Анна', role: 'METHODIST' });
    server.child.kill('SIGTERM');
    expect(await exitCode(server)).toBe(0);
  });

  it('refuses bad configuration and unknown commands with a clear message', async () => {
    const badPort = kb(freshDataDir(), ['start'], { PORT: 'четыре тысячи' });
    expect(await badPort.exited).toBe(1);
    expect(badPort.output().trim()).toBe('Ошибка конфигурации: PORT=четыре тысячи: порт — целое число от 0 до 65535');
    const badEnv = kb(freshDataDir(), ['migrate'], { NODE_ENV: 'prod' });
    expect(await badEnv.exited).toBe(1);
    expect(badEnv.output()).toContain('NODE_ENV=prod: допустимые значения — development, production, test');
    const unknown = kb(freshDataDir(), ['frobnicate']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toContain('Неизвестная команда «frobnicate»');
    expect(unknown.output()).toContain('migrate');
  });
});
