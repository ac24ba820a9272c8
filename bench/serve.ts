/**
 * Serves the corpus a previous `bench:search` run kept in bench/.data, as the search benchmark does
 * (production mode, per-IP limits lifted), until stopped; prints where, as one JSON line, for
 * `bench:search:ab`. Copy this file into an older checkout to serve its code the same way.
 * `node --import tsx bench/serve.ts <port>`
 */
import http from 'node:http';
import { createMeiliClient, indexNames } from '@metod-kb/search';
import { buildApp } from '../server/src/app.ts';
import { createLogger } from '../server/src/common/logger.ts';
import { createFilesDeps, filesConfig } from '../server/src/modules/files/files-config.ts';
import { benchInstallation } from './lib.ts';

async function main() {
  const port = Number(process.argv[2] ?? 4100);
  const { config, services, orm } = await benchInstallation({ reuse: true });
  const search = { client: createMeiliClient(services.meili), names: indexNames(config.meiliIndexPrefix) };
  // The seed's pending changes are in the kept index already (see bench/search.ts).
  await orm.em.getConnection().execute('update search_outbox set processed_at = clock_timestamp() where processed_at is null');
  const files = createFilesDeps(orm, filesConfig(config), createLogger('warn'));
  const limits = { any: 1e9, search: 1e9, login: 1e9, mail: 1e9 };
  const app = await buildApp({
    publicUrl: () => `http://127.0.0.1:${port}`,
    orm,
    search,
    files,
    logger: createLogger('warn'),
    production: true,
    ipLimits: limits,
  });
  const server = http.createServer(app.handler);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  console.log(JSON.stringify({ graphql: `http://127.0.0.1:${port}/graphql`, meili: services.meili, index: search.names.materials }));
  const stop = async () => {
    server.close();
    await app.stop();
    await orm.close();
    await services.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
