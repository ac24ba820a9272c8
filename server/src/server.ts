import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMeiliClient, ensureIndexes, indexNames } from '@metod-kb/search';
import { buildApp } from './app.ts';
import { createLogger, type Logger } from './common/logger.ts';
import { countSql } from './common/request-scope.ts';
import type { Config } from './config.ts';
import { migrate, openOrm } from './db/orm.ts';
import { LauncherError } from './runtime/process.ts';
import { recordHttpPort, startServices } from './runtime/services.ts';
import { SearchIndexer } from './modules/search/indexer.ts';
import { engineSynonyms } from './modules/search/synonym.service.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createFilesDeps, filesConfig } from './modules/files/files-config.ts';
import { ImportJobRunner } from './modules/interop/import-job.runner.ts';
import { isDatabaseEmpty, seedDemo } from './seeders/demo.seeder.ts';
import { seedDemoFiles } from './seeders/demo-files.ts';
import { loadSafelist } from './common/safelist.ts';

export interface RunningServer {
  url: string;
  port: number;
  logger: Logger;
  stop(): Promise<void>;
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
 * `npm start`: services, migrations, demo corpus on an empty database, then HTTP. Whatever
 * started is stopped again when a later step fails, so a failed start leaves nothing running.
 */
export async function startServer(config: Config, say: (line: string) => void = () => {}): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const cleanups: Array<[string, () => Promise<unknown>]> = [];
  const stop = async () => {
    for (const [name, cleanup] of cleanups.reverse()) {
      logger.debug('stopping', { part: name });
      await cleanup().catch((error) => logger.error('stop', { part: name, error: String(error) }));
    }
    cleanups.length = 0;
  };
  try {
    const services = await startServices(config, { reuseRunning: false });
    cleanups.push(['services', () => services.stop()]);
    say(`База данных и поиск запущены${config.databaseUrl ? ' (внешняя PostgreSQL)' : ''}${config.meiliUrl ? ' (внешний Meilisearch)' : ''}`);

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
    cleanups.push(['database pool', () => orm.close()]);
    const applied = await migrate(orm);
    if (applied.length) say(`Применены миграции: ${applied.join(', ')}`);
    const storage = filesConfig(config);
    if (await isDatabaseEmpty(orm.em.fork())) {
      const seeded = await seedDemo(orm.em.fork());
      const attached = await seedDemoFiles(orm, storage);
      say(`Загружен демонстрационный корпус: ${seeded.materials} материалов, ${seeded.people} педагогов, ${seeded.organizations} организаций, ${attached} файлов`);
    }

    const search = { client: createMeiliClient(services.meili), names: indexNames(config.meiliIndexPrefix) };
    // Searches must find the indexes even before the first write; with the engine down, the indexer retries later.
    await engineSynonyms(orm.em.fork() as EntityManager)
      .then((synonyms) => ensureIndexes(search.client, search.names, { synonyms }))
      .catch((error) => logger.warn('search indexes not ready', { error: String(error) }));
    const indexer = new SearchIndexer(orm, search.client, search.names, logger);
    indexer.start();
    cleanups.push(['search indexer', () => indexer.stop()]);

    const files = createFilesDeps(orm, storage, logger, { timeZone: config.timeZone });
    files.processor.start();
    const imports = new ImportJobRunner(orm, storage, logger);
    imports.start();
    cleanups.push(['imports', () => imports.stop()]);
    cleanups.push(['file processing', () => files.processor.stop()]);
    cleanups.push(['usage counts', () => files.usage.flush()]);

    const app = await buildApp({ orm, search, files, logger, production: config.nodeEnv === 'production', corsOrigins: config.corsOrigins, trustProxy: config.trustProxy, oai: config.oai, safelist: config.graphqlSafelist ? loadSafelist() : undefined });
    cleanups.push(['graphql', () => app.stop()]);
    const server = http.createServer(app.handler);
    // A client that stops sending does not hold a socket forever; 15 minutes lets a 200 MB upload cross a slow line.
    server.requestTimeout = 15 * 60_000;
    server.headersTimeout = 60_000;
    const port = await listen(server, config.port);
    cleanups.push([
      'http',
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
    ]);
    recordHttpPort(config.dataDir, port);
    return { url: `http://localhost:${port}`, port, logger, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
