/**
 * Search benchmark (issue: search). `npm run bench:search [-- --materials 100000 --requests 200]`
 * - full reindex of a generated corpus: documents/second, index size on disk vs raw JSON;
 * - latency p50/p95 of 20 typical queries with facets at 1 and 8 clients, through GraphQL and
 *   straight to Meilisearch with the same parameters, in one run, and the ratio;
 * - outbox lag: from a committed update to the document being searchable, indexer running and
 *   woken by the database's notifications as in production, split into our part and the engine's
 *   (from Meilisearch's own task timestamps and its batch's progress trace).
 *   `--lag-only` measures only this (with `--reuse`).
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createMeiliClient, indexNames } from '@metod-kb/search';
import { reindexAll } from '../server/src/modules/search/reindex.ts';
import type { SearchDeps } from '../server/src/modules/search/search.service.ts';
import {
  arg,
  benchInstallation,
  dirSize,
  generateMaterials,
  percentile,
  QUERIES,
  rawSearch,
  SEARCH_OPERATION,
  serveBenchApp,
} from './lib.ts';
import { measureOutboxLag } from './outbox-lag.ts';

const MATERIALS = arg('materials', 100_000);
const REQUESTS = arg('requests', 200);
/** `--reuse`: measure on the corpus and index a previous run left in bench/.data (skips generation and reindex). */
const REUSE = process.argv.includes('--reuse');
/** With --reuse: rebuild the index of the kept corpus (after a change to the documents or settings) and weigh it. */
const REINDEX = process.argv.includes('--reindex');
const LAG_ONLY = process.argv.includes('--lag-only');
const log = (line: string) => console.log(line);

async function timedRuns(concurrency: number, run: (query: string) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < REQUESTS) {
        const query = QUERIES[next++ % QUERIES.length]!;
        const started = performance.now();
        await run(query);
        times.push(performance.now() - started);
      }
    }),
  );
  return times;
}

async function main() {
  const { config, services, orm, dataDir } = await benchInstallation({ reuse: REUSE });
  const search = { client: createMeiliClient(services.meili), names: indexNames(config.meiliIndexPrefix) };
  try {
    log(`Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
    if (!REUSE) {
      let started = performance.now();
      const { rawJsonBytes } = await generateMaterials(services.databaseUrl, MATERIALS, (n) => process.stdout.write(`\rgenerated ${n}`));
      log(`\nGenerated ${MATERIALS} materials in ${((performance.now() - started) / 1000).toFixed(1)} s`);

      const meiliDir = path.join(dataDir, 'meilisearch');
      const before = dirSize(meiliDir);
      started = performance.now();
      const summary = await reindexAll(orm, search, (index, n) => process.stdout.write(`\r${index}: ${n}   `));
      const seconds = (performance.now() - started) / 1000;
      const indexBytes = dirSize(meiliDir) - before;
      log(`\nReindex: ${summary.materials} materials in ${seconds.toFixed(1)} s = ${Math.round(summary.materials / seconds)} documents/s`);
      log(
        `Index size on disk ${(indexBytes / 2 ** 20).toFixed(0)} MiB vs raw JSON ${(rawJsonBytes / 2 ** 20).toFixed(0)} MiB (×${(indexBytes / rawJsonBytes).toFixed(1)})`,
      );
    }
    if (REUSE && REINDEX) {
      const started = performance.now();
      const summary = await reindexAll(orm, search, (index, n) => process.stdout.write(`\r${index}: ${n}   `));
      const seconds = (performance.now() - started) / 1000;
      log(`\nReindex: ${summary.materials} materials in ${seconds.toFixed(1)} s = ${Math.round(summary.materials / seconds)} documents/s`);
      log(`Indexes on disk ${(dirSize(path.join(dataDir, 'meilisearch', 'indexes')) / 2 ** 20).toFixed(0)} MiB`);
    }
    // The rebuild covered every change recorded before it (the demo seed's rows): the lag below
    // measures fresh updates, not that backlog.
    const [{ materials: corpus }] = await orm.em
      .getConnection()
      .execute(`select count(*)::int as materials from material where status = 'PUBLISHED'`);
    await orm.em.getConnection().execute('update search_outbox set processed_at = clock_timestamp() where processed_at is null');
    log(`Corpus: ${corpus} published materials`);

    if (!LAG_ONLY) await measureLatency(config, orm, search);
    await measureOutboxLag(orm, search, services.databaseUrl, log);
  } finally {
    await orm.close();
    await services.stop();
  }
}

/** Search latency at 1 and 8 clients, through GraphQL and straight to Meilisearch, in one run. */
async function measureLatency(config: BenchConfig, orm: BenchOrm, search: SearchDeps) {
  const { app, server, base } = await serveBenchApp(config, orm, search);
  const url = `${base}/graphql`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const gql = (query: string) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({
        query: SEARCH_OPERATION,
        variables: { q: query },
      });
      const req = http.request(
        url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const raw = (query: string) => rawSearch(search, query);

  await timedRuns(4, gql); // warm-up: caches, JIT, connections
  await timedRuns(4, raw);
  log('\n| clients | GraphQL p50 | GraphQL p95 | raw p50 | raw p95 | p50 ratio |');
  log('|---|---|---|---|---|---|');
  for (const concurrency of [1, 8]) {
    const viaGraphql = await timedRuns(concurrency, gql);
    const viaRaw = await timedRuns(concurrency, raw);
    const [g50, g95, r50, r95] = [percentile(viaGraphql, 50), percentile(viaGraphql, 95), percentile(viaRaw, 50), percentile(viaRaw, 95)];
    log(
      `| ${concurrency} | ${g50.toFixed(1)} ms | ${g95.toFixed(1)} ms | ${r50.toFixed(1)} ms | ${r95.toFixed(1)} ms | ${(g50 / r50).toFixed(2)} (+${(g50 - r50).toFixed(1)} ms) |`,
    );
  }
  server.close();
  agent.destroy();
  await app.stop();
}

type BenchOrm = Awaited<ReturnType<typeof benchInstallation>>['orm'];
type BenchConfig = Awaited<ReturnType<typeof benchInstallation>>['config'];

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
