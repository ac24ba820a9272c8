import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { startEmbeddedMeilisearch } from './meilisearch.ts';
import { startEmbeddedPostgres } from './postgres.ts';
import { isAlive, LauncherError, waitForExit } from './process.ts';

export interface MeiliConnection {
  url: string;
  apiKey?: string;
}

/** Where the database and the search engine are, and how to let go of them. */
export interface Services {
  databaseUrl: string;
  meili: MeiliConnection;
  /** True when these services were started by another running process (a CLI beside `npm start`). */
  shared: boolean;
  stop(): Promise<void>;
}

/** What a running launcher records under DATA_DIR so that a CLI beside it uses the same services. */
export interface RuntimeRecord {
  pid: number;
  httpPort?: number;
  databaseUrl: string;
  meili: MeiliConnection;
  childPids: number[];
  /** Under the supervisor: the HTTP workers serving, the loaded spare, the background jobs' worker. */
  workers?: { web: number[]; standby: number[]; jobs: number[] };
  startedAt: string;
}

export const runtimeFile = (dataDir: string) => path.join(dataDir, 'runtime.json');

export function readRuntime(dataDir: string): RuntimeRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(runtimeFile(dataDir), 'utf8')) as RuntimeRecord;
  } catch {
    return undefined;
  }
}

/** The services of a launcher that is still running on this DATA_DIR, if any. */
export function runningServices(dataDir: string): RuntimeRecord | undefined {
  const record = readRuntime(dataDir);
  return record && isAlive(record.pid) && record.pid !== process.pid ? record : undefined;
}

/** Children of a launcher that died without stopping them still hold their data directories. */
async function stopOrphans(record: RuntimeRecord | undefined) {
  if (!record || isAlive(record.pid)) return;
  for (const pid of record.childPids) {
    if (!isAlive(pid)) continue;
    process.kill(pid, 'SIGTERM');
    await waitForExit(pid, 15000);
  }
}

/**
 * Starts or connects to PostgreSQL and Meilisearch as the configuration says. With
 * `reuseRunning`, a launcher already running on the same DATA_DIR is used instead of a second copy.
 */
export async function startServices(config: Config, options: { reuseRunning: boolean; record?: boolean }): Promise<Services> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const running = runningServices(config.dataDir);
  if (running) {
    if (options.reuseRunning) {
      return { databaseUrl: running.databaseUrl, meili: running.meili, shared: true, stop: async () => {} };
    }
    throw new LauncherError(
      `DATA_DIR ${config.dataDir} уже использует запущенный сервер (pid ${running.pid}${running.httpPort ? `, порт ${running.httpPort}` : ''}); остановите его или задайте другой DATA_DIR`,
    );
  }
  await stopOrphans(readRuntime(config.dataDir));

  const stops: Array<() => Promise<void>> = [];
  const childPids: number[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres(config.dataDir, false);
      stops.push(pg.stop);
      childPids.push(pg.pid);
      databaseUrl = pg.url;
    }
    let meili: MeiliConnection = { url: config.meiliUrl ?? '', apiKey: config.meiliMasterKey };
    if (!config.meiliUrl) {
      const engine = await startEmbeddedMeilisearch(config.dataDir, { indexingMemoryMb: config.meiliIndexingMemoryMb });
      stops.push(engine.stop);
      childPids.push(engine.pid);
      meili = { url: engine.url, apiKey: engine.masterKey };
    }
    const record: RuntimeRecord = { pid: process.pid, databaseUrl, meili, childPids, startedAt: new Date().toISOString() };
    if (options.record !== false) fs.writeFileSync(runtimeFile(config.dataDir), JSON.stringify(record, null, 2), { mode: 0o600 });
    return {
      databaseUrl,
      meili,
      shared: false,
      async stop() {
        await stopAll();
        if (readRuntime(config.dataDir)?.pid === process.pid) fs.rmSync(runtimeFile(config.dataDir), { force: true });
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Adds what this process learns after the start (the HTTP port, its workers) to its runtime record. */
export function updateRuntimeRecord(dataDir: string, change: Pick<Partial<RuntimeRecord>, 'httpPort' | 'workers'>) {
  const record = readRuntime(dataDir);
  if (record?.pid !== process.pid) return;
  fs.writeFileSync(runtimeFile(dataDir), JSON.stringify({ ...record, ...change }, null, 2), { mode: 0o600 });
}
