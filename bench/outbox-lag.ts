/**
 * Outbox lag, commit → searchable, with the indexer running and woken by the database's
 * notifications as in production (`npm run bench:search`, `npm run bench`).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { listenForJobs } from '../server/src/common/job-signals.ts';
import { createLogger } from '../server/src/common/logger.ts';
import { Material } from '../server/src/modules/materials/material.entity.ts';
import { SearchIndexer } from '../server/src/modules/search/indexer.ts';
import type { SearchDeps } from '../server/src/modules/search/search.service.ts';
import { percentile } from './lib.ts';

export interface OutboxLag {
  /** 50 single updates, one at a time, ms each. */
  sequential: number[];
  /** 200 updates from 8 writers at once, ms each. */
  burst: number[];
}

/** Meilisearch's timestamps carry nanoseconds; Date.parse wants at most milliseconds. */
const engineTime = (stamp: string) => Date.parse(stamp.replace(/(\.\d{3})\d*/, '$1'));

/**
 * Commit → searchable for 50 single-material updates, one at a time, and where each one's time
 * went: ours until the engine has the task (notification, claim, load, document, request), the
 * engine's queue, the engine's processing, and the bench's own 10 ms poll after it.
 */
export async function measureOutboxLag(
  orm: MikroORM,
  search: SearchDeps,
  databaseUrl: string,
  log: (line: string) => void,
): Promise<OutboxLag> {
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
  await reportSequential(search, started, updates, log);
  const burst = await measureBurst(orm, search, log);
  await signals.stop();
  await indexer.stop();
  return { sequential: updates.map((u) => u.lag), burst };
}

/** Splits each sequential update's lag by the engine's task timestamps (matched by enqueue time). */
async function reportSequential(
  search: SearchDeps,
  started: Date,
  updates: Array<{ committed: number; lag: number }>,
  log: (line: string) => void,
) {
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
async function measureBurst(orm: MikroORM, search: SearchDeps, log: (line: string) => void): Promise<number[]> {
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
  return lags;
}

/** "12.34ms", "1.2s", "850.1µs" → milliseconds. */
function parseEngineDuration(text: string): number {
  const match = /^([\d.]+)(ns|µs|ms|s)$/.exec(text.trim());
  if (!match) return NaN;
  const unit = { ns: 1e-6, µs: 1e-3, ms: 1, s: 1000 }[match[2] as 'ns' | 'µs' | 'ms' | 's'];
  return Number(match[1]) * unit;
}
