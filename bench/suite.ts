/**
 * The benchmark suite: `npm run bench [-- --materials 100000 --soak-minutes 10 --reuse]`.
 * Each figure is a ratio of two things measured side by side in this run on this machine:
 *  1. `search` through GraphQL vs the same search sent straight to Meilisearch (p50, p95);
 *  2. a page of 50 materials with authors, organization and subjects through GraphQL vs one
 *     hand-written SQL query through `pg`, and vs PostGraphile 5 serving the same page over the same
 *     database (what a user could pick instead), the three alternating after a check that all three
 *     answer the same page;
 *  3. Apollo answering `{ __typename }` vs a bare Node `http` server (the overhead floor), and
 *     through `npm start`'s supervisor with one HTTP worker per core vs one, with the CPU the
 *     workers and the load generator used;
 *  4. requests/s, p99 and errors of a mixed load at 8, 32 and 128 connections (autocannon), served
 *     by one in-process server and by `npm start` with one HTTP worker per core; then each kind of
 *     request of the mix alone, with the CPU it costs the workers, Meilisearch and PostgreSQL;
 *  5. each worker's memory through a soak of mixed load under `npm start` (no growth trend);
 *  6. outbox lag, commit → searchable, for single updates and a burst (bench/outbox-lag.ts).
 * Rows 1–2 and the first mixed load are served in this process; load comes from a child process,
 * and so does PostGraphile (bench/postgraphile.mjs).
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import { createMeiliClient, indexNames } from '@metod-kb/search';
import pg from 'pg';
import { reindexAll } from '../server/src/modules/search/reindex.ts';
import { loadConfig } from '../server/src/config.ts';
import { readRuntime } from '../server/src/runtime/services.ts';
import { startSupervisor } from '../server/src/supervisor.ts';
import {
  arg,
  benchInstallation,
  generateMaterials,
  PAGE_OF_50,
  PAGE_OF_50_POSTGRAPHILE,
  PAGE_OF_50_SQL,
  type PageRow,
  pageRows,
  percentile,
  QUERIES,
  rawSearch,
  SEARCH_OPERATION,
  serveBenchApp,
} from './lib.ts';
import { measureOutboxLag } from './outbox-lag.ts';

const MATERIALS = arg('materials', 100_000);
const SAMPLES = arg('requests', 300);
const SOAK_MINUTES = arg('soak-minutes', 10);
const REUSE = process.argv.includes('--reuse');
const log = (line: string) => console.log(line);
const run = promisify(execFile);

/**
 * Sequential timings of `count` rounds of every side, alternating so that all see the same machine
 * state; the first side rotates from round to round, so that none always follows the same one.
 */
async function sideBySide(count: number, ...sides: Array<(i: number) => Promise<unknown>>) {
  const times = sides.map((): number[] => []);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < sides.length; k++) {
      const side = (i + k) % sides.length;
      const started = performance.now();
      await sides[side]!(i);
      times[side]!.push(performance.now() - started);
    }
  }
  return times.map((t) => ({ p50: percentile(t, 50), p95: percentile(t, 95) }));
}

/** PostGraphile 5 over the bench database in a process of its own, and its URL once it listens. */
async function startPostGraphile(databaseUrl: string) {
  const child = spawn(process.execPath, ['bench/postgraphile.mjs'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, GRAPHILE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const port = await Promise.race([
    new Promise<string>((resolve) => child.stdout.once('data', (chunk) => resolve(String(chunk).trim()))),
    exited.then(([code]) => Promise.reject(new Error(`bench/postgraphile.mjs exited with ${code}`))),
  ]);
  return { child, exited, url: `http://127.0.0.1:${port}` };
}

/** Throws unless `rows` are `expected`: a side answering another page would make the comparison dishonest. */
function samePage(side: string, rows: PageRow[], expected: PageRow[]) {
  if (isDeepStrictEqual(rows, expected)) return;
  let i = 0;
  while (isDeepStrictEqual(rows[i], expected[i])) i++;
  throw new Error(
    `${side} answers another page of 50 than the SQL (${rows.length} rows vs ${expected.length}; row ${i}: ${JSON.stringify(rows[i])} vs ${JSON.stringify(expected[i])})`,
  );
}

interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
  /** CPU seconds the load generator's process used (bench/load.mjs). */
  generatorCpuSeconds?: number;
}

/** What failed, when something did: the status codes besides 200, and connection errors and timeouts. */
const failures = (result: LoadResult) =>
  [
    ...Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => code !== '200')
      .map(([code, { count }]) => `${count} × HTTP ${code}`),
    ...(result.errors ? [`${result.errors} connection errors`] : []),
    ...(result.timeouts ? [`${result.timeouts} timeouts`] : []),
  ].join(', ');

/**
 * `npm start`'s supervisor with `workers` HTTP worker processes sharing the port, over the bench's own
 * PostgreSQL and Meilisearch (as external services, so the supervisor starts none), the per-IP
 * limits lifted; `run` gets its URL and the pids of its workers while it serves.
 */
async function withSupervisor<T>(
  services: { databaseUrl: string; meili: { url: string; apiKey?: string } },
  workers: number,
  run: (url: string, pids: { web: number[]; jobs: number[] }) => Promise<T>,
): Promise<T> {
  const dataDir = path.resolve('bench/.data/start');
  // The workers read their configuration from the environment, as under `npm start`: the limits
  // lifted here must be in it, not only in the supervisor's own configuration.
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'production',
    PUBLIC_URL: 'http://127.0.0.1',
    PORT: '0',
    WEB_CONCURRENCY: String(workers),
    DATA_DIR: dataDir,
    DATABASE_URL: services.databaseUrl,
    MEILI_URL: services.meili.url,
    MEILI_MASTER_KEY: services.meili.apiKey,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_OPERATIONS: '1000000',
    RATE_LIMIT_SEARCHES: '1000000',
  };
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  setEnv(env);
  try {
    const running = await startSupervisor(loadConfig(process.env), () => undefined);
    try {
      await new Promise((r) => setTimeout(r, 2000)); // the spare and the jobs worker finish loading
      const workerPids = readRuntime(dataDir)?.workers;
      return await run(`http://127.0.0.1:${running.port}`, { web: workerPids?.web ?? [], jobs: workerPids?.jobs ?? [] });
    } finally {
      await running.stop();
    }
  } finally {
    setEnv(saved);
  }
}

/** A process's resident memory in MiB, from the kernel (the workers are other processes). */
const residentMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** CPU seconds a process has used (user and system), from the kernel; clock ticks are 1/100 s on Linux. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of each process whose command line matches, by pid (PostgreSQL's are one per connection). */
function cpuByProcess(matches: (commandLine: string) => boolean): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)) {
    try {
      if (matches(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) seconds.set(pid, cpuSeconds(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  return seconds;
}

/**
 * The CPU the matching processes used between two readings: each one's own growth, so that a
 * process that ended meanwhile (a pooled connection closed when idle) takes its past CPU with it
 * without making the sum shrink; one that started counts from zero.
 */
function cpuUsedSince(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, seconds] of after) sum += seconds - (before.get(pid) ?? 0);
  return sum;
}

/** Least-squares slope of `values` over `minutes`. */
function slope(points: Array<[number, number]>) {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const mx = mean(points.map(([m]) => m));
  const my = mean(points.map(([, v]) => v));
  return points.reduce((s, [m, v]) => s + (m - mx) * (v - my), 0) / points.reduce((s, [m]) => s + (m - mx) ** 2, 0);
}

async function load(options: Record<string, unknown>): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, ['bench/load.mjs', JSON.stringify(options)], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as LoadResult;
}

const post = (query: string, variables: Record<string, unknown> = {}) => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables }),
});

async function main() {
  const { config, services, orm } = await benchInstallation({ reuse: REUSE });
  const search = { client: createMeiliClient(services.meili), names: indexNames(config.meiliIndexPrefix) };
  const pool = new pg.Pool({ connectionString: services.databaseUrl, max: 4 });
  const rows: string[] = [];
  let postgraphile: Awaited<ReturnType<typeof startPostGraphile>> | undefined;
  try {
    log(`Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    if (!REUSE) {
      const started = performance.now();
      await generateMaterials(services.databaseUrl, MATERIALS, (n) => process.stdout.write(`\rgenerated ${n}`));
      await reindexAll(orm, search, (index, n) => process.stdout.write(`\r${index}: ${n}   `));
      log(`\nCorpus of ${MATERIALS} generated and indexed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    await orm.em.getConnection().execute('update search_outbox set processed_at = clock_timestamp() where processed_at is null');
    const [{ corpus }] = await orm.em.getConnection().execute(`select count(*)::int as corpus from material where status = 'PUBLISHED'`);
    log(`Corpus: ${corpus} published materials`);

    const { app, server, base } = await serveBenchApp(config, orm, search);
    const bare = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"__typename":"Query"}}'),
    );
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

    postgraphile = await startPostGraphile(services.databaseUrl);

    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const gql = (query: string, variables: Record<string, unknown> = {}, url = `${base}/graphql`) =>
      new Promise<unknown>((resolve, reject) => {
        const body = JSON.stringify({ query, variables });
        const req = http.request(
          url,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () =>
              res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`)),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const postgraphileUrl = `${postgraphile.url}/graphql`;
    const pgl = () => gql(PAGE_OF_50_POSTGRAPHILE, {}, postgraphileUrl);
    const raw = (q: string) => rawSearch(search, q);

    // The three sides answer the same page before any is timed.
    const page = pageRows.sql((await pool.query(PAGE_OF_50_SQL)).rows);
    samePage('this server', pageRows.ours(await gql(PAGE_OF_50)), page);
    samePage('PostGraphile', pageRows.postgraphile(await pgl()), page);

    // Warm-up: JIT, caches, connections.
    for (let i = 0; i < 40; i++)
      await Promise.all([
        gql(SEARCH_OPERATION, { q: QUERIES[i % QUERIES.length] }),
        raw(QUERIES[i % QUERIES.length]!),
        gql(PAGE_OF_50, {}),
        pool.query(PAGE_OF_50_SQL),
        pgl(),
      ]);

    const [viaGraphql, viaMeili] = await sideBySide(
      SAMPLES,
      (i) => gql(SEARCH_OPERATION, { q: QUERIES[i % QUERIES.length] }),
      (i) => raw(QUERIES[i % QUERIES.length]!),
    );
    rows.push(
      `| search: GraphQL vs Meilisearch (1 client, ${SAMPLES} each) | ${viaGraphql!.p50.toFixed(1)} / ${viaGraphql!.p95.toFixed(1)} ms | ${viaMeili!.p50.toFixed(1)} / ${viaMeili!.p95.toFixed(1)} ms | ${(viaGraphql!.p50 / viaMeili!.p50).toFixed(2)} (p95 ${(viaGraphql!.p95 / viaMeili!.p95).toFixed(2)}) | ≤ 1.5 (p95 ≤ 2) |`,
    );
    const [pageGraphql, pageSql, pagePostgraphile] = await sideBySide(
      SAMPLES,
      () => gql(PAGE_OF_50, {}),
      () => pool.query(PAGE_OF_50_SQL),
      pgl,
    );
    rows.push(
      `| page of 50 with authors, organization, subjects: GraphQL vs SQL through pg | ${pageGraphql!.p50.toFixed(1)} / ${pageGraphql!.p95.toFixed(1)} ms | ${pageSql!.p50.toFixed(1)} / ${pageSql!.p95.toFixed(1)} ms | ${(pageGraphql!.p50 / pageSql!.p50).toFixed(2)} | ≤ 3 |`,
      `| page of 50 with authors, organization, subjects: ours vs PostGraphile 5 over the same database | ${pageGraphql!.p50.toFixed(1)} / ${pageGraphql!.p95.toFixed(1)} ms | ${pagePostgraphile!.p50.toFixed(1)} / ${pagePostgraphile!.p95.toFixed(1)} ms | ${(pageGraphql!.p50 / pagePostgraphile!.p50).toFixed(2)} | ≤ 1 |`,
    );
    log(rows.join('\n'));

    const typename = await load({ url: `${base}/graphql`, connections: 8, duration: 10, ...post('{ __typename }') });
    const floor = await load({
      url: bareUrl,
      connections: 8,
      duration: 10,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    rows.push(
      `| \`{ __typename }\`: Apollo vs bare Node http (8 connections, 10 s) | ${typename.requests.average.toFixed(0)} req/s, p50 ${typename.latency.p50} ms | ${floor.requests.average.toFixed(0)} req/s, p50 ${floor.latency.p50} ms | ${(floor.requests.average / typename.requests.average).toFixed(2)} (throughput) | floor |`,
    );
    log(rows.at(-1)!);

    // With each run, the CPU its HTTP workers and the load generator used: what one request costs a
    // worker, and what the generator leaves of the machine's cores to the workers.
    const typenameLoad = async (url: string, pids: { web: number[] }) => {
      const before = pids.web.map(cpuSeconds);
      const result = await load({ url: `${url}/graphql`, connections: 16, duration: 10, ...post('{ __typename }') });
      const workerCpu = pids.web.map(cpuSeconds).reduce((sum, cpu, i) => sum + cpu - before[i]!, 0);
      return { result, workerCpu, generatorCpu: result.generatorCpuSeconds ?? NaN };
    };
    const [oneRun, allRun] = [
      await withSupervisor(services, 1, typenameLoad),
      await withSupervisor(services, os.availableParallelism(), typenameLoad),
    ];
    const [one, all] = [oneRun.result, allRun.result];
    // A throughput of refusals (429 from a limit left on) would measure nothing.
    for (const result of [typename, one, all]) if (failures(result)) throw new Error(`{ __typename } failed: ${failures(result)}`);
    rows.push(
      `| \`{ __typename }\` through \`npm start\`: ${os.availableParallelism()} HTTP workers vs 1 (16 connections, 10 s) | ${all.requests.average.toFixed(0)} req/s, p50 ${all.latency.p50} ms | ${one.requests.average.toFixed(0)} req/s, p50 ${one.latency.p50} ms | ${(all.requests.average / one.requests.average).toFixed(2)} (throughput) | ≥ 1.6 |`,
    );
    log(rows.at(-1)!);
    const perRequest = (run: typeof oneRun, cpu: number) => `${((cpu / run.result.requests.total) * 1e6).toFixed(0)} µs`;
    log(
      `  CPU in 10 s: ${os.availableParallelism()} workers ${allRun.workerCpu.toFixed(1)} s (${perRequest(allRun, allRun.workerCpu)} a request), the load generator ${allRun.generatorCpu.toFixed(1)} s (${perRequest(allRun, allRun.generatorCpu)}); 1 worker ${oneRun.workerCpu.toFixed(1)} s (${perRequest(oneRun, oneRun.workerCpu)}), the load generator ${oneRun.generatorCpu.toFixed(1)} s (${perRequest(oneRun, oneRun.generatorCpu)})`,
    );

    // Mixed traffic: searches, the home page's lists, a page of 50, one material.
    const someId = (
      (await gql('{ materials(first: 1) { nodes { id } } }', {})) as { data: { materials: { nodes: Array<{ id: string }> } } }
    ).data.materials.nodes[0]!.id;
    const mixed = [
      ...QUERIES.slice(0, 6).map((q) => post(SEARCH_OPERATION, { q })),
      post(PAGE_OF_50),
      post('{ materials(first: 5) { nodes { id title kind publishedAt } } }'),
      post(
        'query($id: ID!) { material(id: $id) { id title summary body authors { fullName } subjects { name } levels { code } related(first: 5) { id title } } }',
        { id: someId },
      ),
    ];
    const loadRows: string[] = [];
    const cpuRows: string[] = [];
    const mixedLoad = async (server: string, url: string) => {
      for (const connections of [8, 32, 128]) {
        const result = await load({ url, connections, duration: 15, requests: mixed });
        const failed = result.errors + result.timeouts + result.non2xx;
        loadRows.push(
          `| ${server} | ${connections} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} ms | ${result.latency.p99} ms | ${result.requests.total} | ${failed} (${((failed / Math.max(1, result.requests.total)) * 100).toFixed(2)} %)${failed ? `: ${failures(result)}` : ''} |`,
        );
        log(loadRows.at(-1)!);
      }
    };
    await mixedLoad('one process', base);

    // As `npm start` serves: mixed load through every HTTP worker, then the soak, each worker's
    // resident memory read from the kernel every 30 s (the workers are other processes).
    const soak = await withSupervisor(services, os.availableParallelism(), async (url, pids) => {
      await mixedLoad(`\`npm start\`, ${pids.web.length} HTTP workers`, url);
      // Where the mixed load's CPU goes: each kind of request alone, and the CPU each process used for it.
      const kinds: Array<[string, object[]]> = [
        ['search (the six queries in turn)', mixed.slice(0, 6)],
        ['page of 50', mixed.slice(6, 7)],
        ['the newest 5', mixed.slice(7, 8)],
        ['a material page with 5 related', mixed.slice(8, 9)],
      ];
      for (const [kind, requests] of kinds) {
        const processes = {
          workers: () => new Map(pids.web.map((pid) => [pid, cpuSeconds(pid)])),
          meilisearch: () => cpuByProcess((line) => line.includes('meilisearch')),
          postgres: () => cpuByProcess((line) => line.startsWith('postgres')),
        };
        const read = () => Object.fromEntries(Object.entries(processes).map(([name, cpu]) => [name, cpu()]));
        const before = read();
        const result = await load({ url, connections: 8, duration: 10, requests });
        const after = read();
        const ms = (name: keyof typeof processes) => (cpuUsedSince(before[name]!, after[name]!) / result.requests.total) * 1000;
        const spent = [
          ms('workers'),
          ms('meilisearch'),
          ms('postgres'),
          ((result.generatorCpuSeconds ?? NaN) / result.requests.total) * 1000,
        ];
        cpuRows.push(
          `| ${kind} | ${result.requests.average.toFixed(0)} | ${spent.map((v) => v.toFixed(2)).join(' | ')} | ${spent.reduce((a, b) => a + b, 0).toFixed(2)} |`,
        );
        log(cpuRows.at(-1)!);
      }
      const workers: Array<[string, number]> = [
        ...pids.web.map((pid, i): [string, number] => [`HTTP worker ${i + 1}`, pid]),
        ...pids.jobs.map((pid): [string, number] => ['jobs worker', pid]),
      ];
      const memory = new Map(workers.map(([name]) => [name, [] as Array<[number, number]>]));
      const sample = (minute: number) => {
        for (const [name, pid] of workers) {
          try {
            memory.get(name)!.push([minute, residentMiB(pid)]);
          } catch {
            log(`  ${name} (pid ${pid}) is gone: replaced by the supervisor`);
          }
        }
        log(`  ${minute.toFixed(1)} min: ${workers.map(([name]) => `${name} ${memory.get(name)!.at(-1)?.[1].toFixed(0)} MiB`).join(', ')}`);
      };
      sample(0);
      const started = performance.now();
      const soaking = load({ url, connections: 8, duration: SOAK_MINUTES * 60, requests: mixed });
      const sampler = setInterval(() => sample((performance.now() - started) / 60_000), 30_000);
      const result = await soaking;
      clearInterval(sampler);
      sample(SOAK_MINUTES);
      return { result, memory };
    });

    // Last, with the load gone: the indexer's lag from a committed update to a searchable document.
    const lag = await measureOutboxLag(orm, search, services.databaseUrl, log);
    rows.push(
      `| outbox lag, commit → searchable: 50 single updates; a burst of ${lag.burst.length} from 8 writers | ${percentile(lag.sequential, 50).toFixed(0)} / ${percentile(lag.sequential, 95).toFixed(0)} ms | ${percentile(lag.burst, 50).toFixed(0)} / ${percentile(lag.burst, 95).toFixed(0)} ms | – | p95 < 1 s (single updates) |`,
    );

    log(`\n| measure | this server | reference | ratio | target |\n|---|---|---|---|---|\n${rows.join('\n')}`);
    log(
      `\nMixed load (6 searches, a page of 50, the newest 5, a material page; 15 s each):\n\n| server | connections | requests/s | p50 | p99 | requests | errors |\n|---|---|---|---|---|---|---|\n${loadRows.join('\n')}`,
    );
    log(
      `\nCPU of each kind of request alone through \`npm start\` (8 connections, 10 s each), ms per request by process; the machine has ${os.availableParallelism() * 1000} ms of CPU a second:\n\n| request | requests/s | HTTP workers | Meilisearch | PostgreSQL | load generator | total |\n|---|---|---|---|---|---|---|\n${cpuRows.join('\n')}`,
    );
    const soaked = soak.result;
    log(
      `\nSoak: ${SOAK_MINUTES} min of mixed load at 8 connections through \`npm start\`, ${soaked.requests.total} requests, ${soaked.errors + soaked.timeouts + soaked.non2xx} errors${failures(soaked) ? ` (${failures(soaked)})` : ''}; resident memory of each worker:\n\n| worker | at start | at half time | at end | max | trend over the second half |\n|---|---|---|---|---|---|`,
    );
    for (const [name, points] of soak.memory) {
      const at = (minute: number) => points.find(([m]) => m >= minute)?.[1].toFixed(0) ?? '–';
      const trend = slope(points.filter(([m]) => m >= SOAK_MINUTES / 2));
      log(
        `| ${name} | ${at(0)} MiB | ${at(SOAK_MINUTES / 2)} MiB | ${points.at(-1)![1].toFixed(0)} MiB | ${Math.max(...points.map(([, r]) => r)).toFixed(0)} MiB | ${trend.toFixed(2)} MiB/min |`,
      );
    }
    agent.destroy();
    // Requests the load left queued finish before the pool closes (their clients are gone already).
    await new Promise((r) => server.close(r));
    await new Promise((r) => setTimeout(r, 3000));
    bare.close();
    await app.stop();
  } finally {
    postgraphile?.child.kill();
    await postgraphile?.exited;
    await pool.end();
    await orm.close();
    await services.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
