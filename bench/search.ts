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
import { createMeiliClient, indexNames, stems } from '@metod-kb/search';
import { FACET_FIELDS } from '../server/src/modules/search/facets.ts';
import { createLogger } from '../server/src/common/logger.ts';
import { Material } from '../server/src/modules/materials/material.entity.ts';
import { listenForJobs } from '../server/src/common/job-signals.ts';
import { SearchIndexer } from '../server/src/modules/search/indexer.ts';
import { reindexAll } from '../server/src/modules/search/reindex.ts';
import { arg, benchInstallation, dirSize, generateMaterials, percentile, QUERIES, serveBenchApp } from './lib.ts';

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
    await measureOutboxLag(orm, search, services.databaseUrl);
  } finally {
    await orm.close();
    await services.stop();
  }
}

/** Search latency at 1 and 8 clients, through GraphQL and straight to Meilisearch, in one run. */
async function measureLatency(config: BenchConfig, orm: BenchOrm, search: BenchSearch) {
  const { app, server, base } = await serveBenchApp(config, orm, search);
  const url = `${base}/graphql`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const gql = (query: string) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({
        query:
          'query($q: String) { search(query: $q, first: 20) { totalCount hits { material { id title } highlights { field fragment } } facets { name values { label count } } } }',
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
  const raw = (query: string) =>
    search.client
      .index(search.names.materials)
      .search(stems(query).join(' '), { facets: [...FACET_FIELDS], limit: 20, attributesToRetrieve: ['id'] });

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

/** Meilisearch's timestamps carry nanoseconds; Date.parse wants at most milliseconds. */
const engineTime = (stamp: string) => Date.parse(stamp.replace(/(\.\d{3})\d*/, '$1'));

/**
 * Commit → searchable for 50 single-material updates, one at a time, and where each one's time
 * went: ours until the engine has the task (notification, claim, load, document, request), the
 * engine's queue, the engine's processing, and the bench's own 10 ms poll after it.
 */
async function measureOutboxLag(orm: BenchOrm, search: BenchSearch, databaseUrl: string) {
  const logger = createLogger('warn');
  const indexer = new SearchIndexer(orm, search.client, search.names, logger);
  indexer.start();
  const signals = listenForJobs(databaseUrl, (job) => job === 'search' && indexer.worker.wake(), logger);
  await new Promise((r) => setTimeout(r, 500)); // the listener's connection
  const started = new Date();
  const updates: Array<{ committed: number; lag: number }> = [];
  const em = orm.em.fork();
  const sample = await em.find(Material, {}, { limit: 50, orderBy: { id: 'asc' } });
  for (const [i, material] of sample.entries()) {
    const token = `маркер${i}ъ${Date.now() % 100000}`;
    material.title = `${material.title.split(' маркер')[0]} ${token}`;
    await em.flush();
    const committed = Date.now();
    const since = performance.now();
    while (
      (await search.client.index(search.names.materials).search(token, { limit: 1, attributesToRetrieve: ['id'] })).hits.length === 0
    ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    updates.push({ committed, lag: performance.now() - since });
  }
  await reportSequential(search, started, updates);
  await measureBurst(orm, search);
  await signals.stop();
  await indexer.stop();
}

/** Splits each sequential update's lag by the engine's task timestamps (matched by enqueue time). */
async function reportSequential(search: BenchSearch, started: Date, updates: Array<{ committed: number; lag: number }>) {
  const { results: tasks } = await search.client.tasks.getTasks({
    indexUids: [search.names.materials],
    types: ['documentAdditionOrUpdate'],
    afterEnqueuedAt: started.toISOString(),
    limit: 1000,
  });
  const byEnqueue = tasks.map((t) => ({ ...t, enqueued: engineTime(t.enqueuedAt) })).sort((a, b) => a.enqueued - b.enqueued);
  const parts = { ours: [] as number[], queue: [] as number[], engine: [] as number[], seen: [] as number[] };
  let slowest: (typeof byEnqueue)[number] | undefined;
  for (const update of updates) {
    const task = byEnqueue.find((t) => t.enqueued >= update.committed - 5);
    if (!task?.startedAt || !task.finishedAt) continue;
    const [startedAt, finishedAt] = [engineTime(task.startedAt), engineTime(task.finishedAt)];
    parts.ours.push(task.enqueued - update.committed);
    parts.queue.push(startedAt - task.enqueued);
    parts.engine.push(finishedAt - startedAt);
    parts.seen.push(update.committed + update.lag - finishedAt);
    if (!slowest || finishedAt - startedAt > engineTime(slowest.finishedAt!) - engineTime(slowest.startedAt!)) slowest = task;
  }
  const lags = updates.map((u) => u.lag);
  const row = (name: string, values: number[]) =>
    log(`| ${name} | ${percentile(values, 50).toFixed(0)} ms | ${percentile(values, 95).toFixed(0)} ms |`);
  log(`\nOutbox lag (commit → searchable), ${lags.length} updates, ${parts.engine.length} matched to their engine task:`);
  log('| part | p50 | p95 |\n|---|---|---|');
  row('commit → searchable', lags);
  row('ours: commit → task enqueued', parts.ours);
  row("engine's queue", parts.queue);
  row("engine's processing", parts.engine);
  row('finished → seen by the bench', parts.seen);
  if (slowest?.batchUid != null) {
    // Where the engine spends a one-document task: its own per-step timings.
    const batch = await search.client.batches.getBatch(slowest.batchUid);
    // In the engine's order (a step, then its sub-steps), the ones that took 5 ms or more.
    const trace = Object.entries((batch.stats.progressTrace ?? {}) as Record<string, string>)
      .map(([step, took]) => [step, parseEngineDuration(took)] as const)
      .filter(([, ms]) => ms >= 5);
    log(`\nThe slowest task's batch (${batch.duration}), its steps of 5 ms or more:`);
    for (const [step, ms] of trace) log(`- ${step}: ${ms.toFixed(1)} ms`);
  }
}

/**
 * 200 updates from 8 writers at once: the indexer claims what is pending in one batch per
 * Meilisearch task, so a burst costs a few engine tasks, not 200. Each row's lag is read from the
 * outbox itself: created at the write, processed once the engine confirmed (the same clock).
 */
async function measureBurst(orm: BenchOrm, search: BenchSearch) {
  const BURST = 200;
  const WRITERS = 8;
  const connection = orm.em.getConnection();
  const ids = (await connection.execute<Array<{ id: string }>>(`select id from material order by id offset 50 limit ${BURST}`)).map(
    (r) => r.id,
  );
  const [{ now: started }] = await connection.execute<Array<{ now: Date }>>('select clock_timestamp() as now');
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      const em = orm.em.fork();
      for (let i = writer; i < ids.length; i += WRITERS) {
        const material = await em.findOneOrFail(Material, ids[i]!);
        material.title = `${material.title.split(' всплеск')[0]} всплеск${i}ъ${Date.now() % 100000}`;
        await em.flush();
      }
    }),
  );
  const written = performance.now();
  for (;;) {
    const [{ pending }] = await connection.execute<Array<{ pending: number }>>(
      'select count(*)::int as pending from search_outbox where processed_at is null',
    );
    if (pending === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const drained = performance.now() - written;
  const lags = (
    await connection.execute<Array<{ lag: number }>>(
      `select extract(epoch from processed_at - created_at) * 1000 as lag from search_outbox where created_at >= ? and kind = 'Material'`,
      [started],
    )
  ).map((r) => Number(r.lag));
  const { results: tasks } = await search.client.tasks.getTasks({
    indexUids: [search.names.materials],
    types: ['documentAdditionOrUpdate'],
    afterEnqueuedAt: new Date(started).toISOString(),
    limit: 1000,
  });
  const engine = tasks.filter((t) => t.startedAt && t.finishedAt).map((t) => engineTime(t.finishedAt!) - engineTime(t.startedAt!));
  log(
    `\nA burst of ${lags.length} updates from ${WRITERS} writers: ${tasks.length} engine tasks (${engine.length ? Math.round(engine.reduce((a, b) => a + b, 0) / engine.length) : '–'} ms each on average), ` +
      `lag p50 ${percentile(lags, 50).toFixed(0)} ms, p95 ${percentile(lags, 95).toFixed(0)} ms, max ${Math.max(...lags).toFixed(0)} ms; all indexed ${drained.toFixed(0)} ms after the last write`,
  );
}

/** "12.34ms", "1.2s", "850.1µs" → milliseconds. */
function parseEngineDuration(text: string): number {
  const match = /^([\d.]+)(ns|µs|ms|s)$/.exec(text.trim());
  if (!match) return NaN;
  const unit = { ns: 1e-6, µs: 1e-3, ms: 1, s: 1000 }[match[2] as 'ns' | 'µs' | 'ms' | 's'];
  return Number(match[1]) * unit;
}

type BenchOrm = Awaited<ReturnType<typeof benchInstallation>>['orm'];
type BenchConfig = Awaited<ReturnType<typeof benchInstallation>>['config'];
type BenchSearch = { client: ReturnType<typeof createMeiliClient>; names: ReturnType<typeof indexNames> };

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
