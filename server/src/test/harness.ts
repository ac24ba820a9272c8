import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createMeiliClient, ensureIndexes, indexNames, type MeiliConnection } from '@metod-kb/search';
import { buildApp } from '../app.ts';
import { createLogger, type Logger } from '../common/logger.ts';
import { countSql } from '../common/request-scope.ts';
import type { Mailer } from '../common/mail.ts';
import type { CentreSettings, IpLimits } from '../config.ts';
import { migrate, openOrm } from '../db/orm.ts';
import { SearchIndexer } from '../modules/search/indexer.ts';
import { engineSettings } from '../modules/search/engine-settings.ts';
import { createFilesDeps, type FilesDeps } from '../modules/files/files-config.ts';
import { ImportJobRunner } from '../modules/interop/import-job.runner.ts';
import { LocalStorage, type FileStorage } from '../modules/files/storage.ts';
import { DEFAULT_INFLATE_LIMITS } from '../modules/files/zip.ts';
import type { SearchDeps } from '../modules/search/search.service.ts';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown } }>;
}

export interface TestApp {
  url: string;
  orm: MikroORM;
  em(): EntityManager;
  /** SQL statements run since the last reset. */
  statements: string[];
  /** This file's own indexes (by prefix) in the shared Meilisearch. */
  search: SearchDeps;
  /** Not running in the background: tests drain it when they want the index up to date. */
  indexer: SearchIndexer;
  /** Files on disk under a directory of this app's own; the processing job runs only when a test drains it. */
  files: FilesDeps;
  /** Background imports; tests drain them. */
  imports: ImportJobRunner;
  /** A GraphQL request; `token` signs it in as `Authorization: Bearer`. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A database of its own for one test file, migrated, behind a real HTTP server on a free port. */
export async function startTestApp(
  options: {
    meili?: MeiliConnection;
    maxUploadBytes?: number;
    storage?: FileStorage;
    production?: boolean;
    corsOrigins?: string[];
    ipLimits?: IpLimits;
    trustProxy?: string;
    safelist?: ReadonlySet<string>;
    executionTimeoutMs?: number;
    logger?: Logger;
    databaseUrl?: string;
    timeZone?: string;
    surveyLinkAnswersPerHour?: number;
    requestTimeoutMs?: number;
    publicUrl?: string;
    clientDir?: string;
    centre?: CentreSettings;
    mailer?: Mailer;
    now?: () => Date;
  } = {},
): Promise<TestApp> {
  const baseUrl = options.databaseUrl ?? inject('databaseUrl');
  const database = `kb_test_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDatabase(baseUrl, 'postgres') });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();

  const statements: string[] = [];
  const orm = await openOrm({
    databaseUrl: withDatabase(baseUrl, database),
    onQuery: (sql) => {
      statements.push(sql);
      countSql();
    },
    poolMax: 4,
  });
  await migrate(orm);
  const search = { client: createMeiliClient(options.meili ?? inject('meili')), names: indexNames(`${database}_`) };
  await ensureIndexes(search.client, search.names, await engineSettings(orm.em.fork() as EntityManager));
  const indexer = new SearchIndexer(orm, search.client, search.names, createLogger('silent'), { idleMs: 50 });
  const filesDir = await fsp.mkdtemp(path.join(os.tmpdir(), `${database}-files-`));
  const files = createFilesDeps(
    orm,
    {
      storage: options.storage ?? new LocalStorage(path.join(filesDir, 'store')),
      incomingDir: path.join(filesDir, 'incoming'),
      maxUploadBytes: options.maxUploadBytes ?? 4 * 1024 * 1024,
      inflateLimits: DEFAULT_INFLATE_LIMITS,
    },
    options.logger ?? createLogger('silent'),
    { timeoutMs: 60_000, countEveryMs: 60_000, timeZone: options.timeZone },
  );
  const app = await buildApp({
    publicUrl: () => options.publicUrl ?? url,
    orm,
    search,
    files,
    logger: options.logger ?? createLogger('silent'),
    production: options.production ?? false,
    corsOrigins: options.corsOrigins,
    ipLimits: options.ipLimits ?? { any: 100_000, search: 100_000, login: 100_000, mail: 100_000 },
    trustProxy: options.trustProxy,
    oai: { repositoryName: 'Методическая база знаний (тест)', adminEmail: 'oai@example.org', repositoryId: 'metod-kb.test' },
    safelist: options.safelist,
    executionTimeoutMs: options.executionTimeoutMs,
    surveyLinkAnswersPerHour: options.surveyLinkAnswersPerHour,
    clientDir: options.clientDir,
    centre: options.centre,
    mailer: options.mailer,
    now: options.now,
  });
  // As in production, a request that does not arrive in time is cut off (tests shorten the limit and check it often).
  const timeouts = options.requestTimeoutMs
    ? { requestTimeout: options.requestTimeoutMs, headersTimeout: options.requestTimeoutMs, connectionsCheckingInterval: 200 }
    : {};
  const server = http.createServer(timeouts, app.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  statements.length = 0;

  return {
    url,
    orm,
    statements,
    search,
    indexer,
    files,
    imports: new ImportJobRunner(orm, files.config, createLogger('silent')),
    em: () => orm.em.fork() as EntityManager,
    async gql(query, variables, token) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await indexer.stop();
      await files.processor.stop();
      await files.usage.flush();
      await app.stop();
      await orm.close();
      for (const uid of Object.values(search.names)) await search.client.deleteIndex(uid).catch(() => {});
      const cleanup = new pg.Client({ connectionString: withDatabase(baseUrl, 'postgres') });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${database} with (force)`);
      await cleanup.end();
      await fsp.rm(filesDir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers the file's hooks and returns its app: a stand-in that forwards to the app started in
 * beforeAll, so tests read `app.gql(…)` without juggling the variable.
 */
export function useTestApp(options: Parameters<typeof startTestApp>[0] = {}): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startTestApp(options);
  });
  afterAll(() => current?.close());
  return new Proxy({} as TestApp, {
    get(_, key: keyof TestApp) {
      if (!current) throw new Error('the test app starts in beforeAll');
      return current[key];
    },
  });
}
