import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/core';
import { createMeiliClient, ensureIndexes, indexNames, type MeiliConnection } from '@metod-kb/search';
import { buildApp } from './app.ts';
import { listenForJobs } from './common/job-signals.ts';
import { createLogger, type Logger } from './common/logger.ts';
import { countSql } from './common/request-scope.ts';
import type { Config } from './config.ts';
import { smtpMailer } from './common/mail.ts';
import { migrate, openOrm } from './db/orm.ts';
import { LauncherError } from './runtime/process.ts';
import { updateRuntimeRecord, startServices, type Services } from './runtime/services.ts';
import { SearchIndexer } from './modules/search/indexer.ts';
import type { SearchDeps } from './modules/search/search.service.ts';
import { createFilesDeps, filesConfig, type FilesDeps } from './modules/files/files-config.ts';
import { engineSettings } from './modules/search/engine-settings.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ImportJobRunner } from './modules/interop/import-job.runner.ts';
import { isDatabaseEmpty, seedDemo } from './seeders/demo.seeder.ts';
import { seedDemoFiles } from './seeders/demo-files.ts';
import { loadSafelist } from './common/safelist.ts';
import { BackupScheduler } from './modules/backup/backup-scheduler.ts';
import { DigestSender } from './modules/subscriptions/digest-sender.ts';

export interface RunningServer {
  url: string;
  port: number;
  logger: Logger;
  stop(): Promise<void>;
}

/** Where one process finds the database and the search engine. */
export interface ServiceAddresses {
  databaseUrl: string;
  meili: MeiliConnection;
}

/** What the HTTP server and the background jobs of one process share: the pool, the engine, the files. */
export interface ProcessParts {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  search: SearchDeps;
  files: FilesDeps;
  databaseUrl: string;
}

type Stop = () => Promise<void>;

/** Stops what was started, last first; a part that fails to stop is logged and the rest still stop. */
class Cleanups {
  private readonly parts: Array<[string, Stop]> = [];
  constructor(private readonly logger: Logger) {}
  add(name: string, stop: Stop) {
    this.parts.push([name, stop]);
  }
  async run() {
    for (const [name, stop] of this.parts.reverse()) {
      this.logger.debug('stopping', { part: name });
      await stop().catch((error) => this.logger.error('stop', { part: name, error: String(error) }));
    }
    this.parts.length = 0;
  }
}

/** Starts the parts in order; when one fails, what already started is stopped again and the error goes on. */
async function startInOrder<T>(logger: Logger, start: (cleanups: Cleanups) => Promise<T>): Promise<T & { stop: Stop }> {
  const cleanups = new Cleanups(logger);
  try {
    const started = await start(cleanups);
    return { ...started, stop: () => cleanups.run() };
  } catch (error) {
    await cleanups.run();
    throw error;
  }
}

/**
 * What must exist before anything serves: PostgreSQL and Meilisearch (embedded or external), the
 * schema's migrations, the demo corpus on an empty database. The supervisor does this once.
 */
export async function prepareServices(config: Config, logger: Logger, say: (line: string) => void): Promise<Services> {
  const services = await startServices(config, { reuseRunning: false });
  try {
    say(
      `База данных и поиск запущены${config.databaseUrl ? ' (внешняя PostgreSQL)' : ''}${config.meiliUrl ? ' (внешний Meilisearch)' : ''}`,
    );
    const orm = await openOrm({ databaseUrl: services.databaseUrl, poolMax: 2 });
    try {
      const applied = await migrate(orm);
      if (applied.length) say(`Применены миграции: ${applied.join(', ')}`);
      if (await isDatabaseEmpty(orm.em.fork())) {
        const seeded = await seedDemo(orm.em.fork());
        const attached = await seedDemoFiles(orm, filesConfig(config));
        say(
          `Загружен демонстрационный корпус: ${seeded.materials} материалов, ${seeded.people} педагогов, ${seeded.organizations} организаций, ${attached} файлов`,
        );
      }
      const search = createMeiliClient(services.meili);
      // Searches must find the indexes even before the first write; with the engine down, the indexer retries later.
      await engineSettings(orm.em.fork() as EntityManager)
        .then((settings) => ensureIndexes(search, indexNames(config.meiliIndexPrefix), settings))
        .catch((error) => logger.warn('search indexes not ready', { error: String(error) }));
    } finally {
      await orm.close();
    }
    return services;
  } catch (error) {
    await services.stop();
    throw error;
  }
}

/** The database pool, search client and file storage of one process. */
export async function openProcessParts(
  config: Config,
  services: ServiceAddresses,
  logger: Logger,
  cleanups: Cleanups,
): Promise<ProcessParts> {
  const orm = await openOrm({
    databaseUrl: services.databaseUrl,
    // Only at debug: the ORM formats every statement when asked for them.
    onQuery: logger.isEnabled('debug')
      ? (sql) => {
          countSql();
          logger.trace('sql', { sql });
        }
      : undefined,
  });
  cleanups.add('database pool', () => orm.close());
  const files = createFilesDeps(orm, filesConfig(config), logger, { timeZone: config.timeZone });
  cleanups.add('usage counts', () => files.usage.flush());
  const search = { client: createMeiliClient(services.meili), names: indexNames(config.meiliIndexPrefix) };
  return { config, logger, orm, search, files, databaseUrl: services.databaseUrl };
}

/**
 * The background jobs: search indexing, file processing, imports. Each polls its table and is
 * woken at once by the database's `kb_jobs` notifications; any number of processes may run them.
 */
export function startBackgroundJobs(parts: ProcessParts, cleanups: Cleanups): void {
  const { orm, search, files, logger } = parts;
  const indexer = new SearchIndexer(orm, search.client, search.names, logger);
  const imports = new ImportJobRunner(orm, files.config, logger);
  const workers = [indexer.worker, files.processor.worker, imports.worker];
  for (const worker of workers) worker.start();
  const { schedule } = parts.config.backup;
  if (schedule) {
    // Each scheduled time is claimed in the database, so one process of all makes the backup.
    const backups = new BackupScheduler(orm, files.config.storage, { ...parts.config.backup, schedule }, parts.config.timeZone, logger);
    backups.start();
    cleanups.add('backups', () => backups.stop());
  }
  const { mail } = parts.config;
  if (mail) {
    // The weekly digests poll like the other jobs; each subscription is claimed, so one process sends it.
    const mailer = smtpMailer(mail);
    const digests = new DigestSender(
      orm,
      search,
      mailer,
      { schedule: mail.digestSchedule, timeZone: parts.config.timeZone, centreName: parts.config.centre.name },
      logger,
    );
    digests.worker.start();
    cleanups.add('mail', async () => mailer.close());
    cleanups.add('digests', () => digests.stop());
  }
  const signals = listenForJobs(parts.databaseUrl, (job) => workers.find((w) => w.name === job)?.wake(), logger);
  cleanups.add('job signals', () => signals.stop());
  cleanups.add('search indexer', () => indexer.stop());
  cleanups.add('imports', () => imports.stop());
  cleanups.add('file processing', () => files.processor.stop());
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LauncherError(`Порт ${port} уже занят другой программой: освободите его или задайте PORT`)
          : error,
      );
    });
    server.listen(port, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * The HTTP server of one process: GraphQL, files, feeds, the client, built and ready; `listen()`
 * opens the port. Stopping it finishes the requests in flight.
 */
export async function createHttpServer(parts: ProcessParts, cleanups: Cleanups): Promise<{ listen(): Promise<number> }> {
  const { config, orm, search, files, logger } = parts;
  const mailer = config.mail ? smtpMailer(config.mail) : undefined;
  if (mailer) cleanups.add('mail', async () => mailer.close());
  let port = config.port;
  // Without PUBLIC_URL (development): links point at this server's own port on localhost.
  const app = await buildApp({
    publicUrl: () => config.publicUrl ?? `http://localhost:${port}`,
    orm,
    search,
    files,
    logger,
    production: config.nodeEnv === 'production',
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
    ipLimits: config.ipLimits,
    oai: config.oai,
    safelist: config.graphqlSafelist ? loadSafelist() : undefined,
    surveyLinkAnswersPerHour: config.surveyLinkAnswersPerHour,
    centre: config.centre,
    mailer,
  });
  cleanups.add('graphql', () => app.stop());
  const server = http.createServer(app.handler);
  // A client that stops sending does not hold a socket forever; 15 minutes lets a 200 MB upload cross a slow line.
  server.requestTimeout = 15 * 60_000;
  server.headersTimeout = 60_000;
  return {
    async listen() {
      port = await listen(server, config.port);
      cleanups.add(
        'http',
        () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          }),
      );
      return port;
    },
  };
}

/**
 * Everything in this one process: services, migrations, demo corpus, background jobs and HTTP.
 * Tests and benchmarks run the product this way; `npm start` splits the same parts between a
 * supervisor and worker processes (`runtime/supervisor.ts`).
 */
export async function startServer(config: Config, say: (line: string) => void = () => {}): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const started = await startInOrder(logger, async (cleanups) => {
    const services = await prepareServices(config, logger, say);
    cleanups.add('services', () => services.stop());
    const parts = await openProcessParts(config, services, logger, cleanups);
    startBackgroundJobs(parts, cleanups);
    const port = await (await createHttpServer(parts, cleanups)).listen();
    updateRuntimeRecord(config.dataDir, { httpPort: port });
    return { port };
  });
  return { url: `http://localhost:${started.port}`, port: started.port, logger, stop: started.stop };
}

export { Cleanups, startInOrder };
