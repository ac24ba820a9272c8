/**
 * Where the page of 50 spends its time, layer by layer, on the corpus a previous `npm run bench` or
 * `bench:search` kept in bench/.data: the whole request over HTTP (Express, Apollo, GraphQL,
 * resolvers, SQL), the same operation through graphql-js's `execute` alone (no HTTP, no Apollo), and
 * the hand-written SQL; one call of each in turn, so that the machine's load falls on all alike.
 * Then a CPU profile of the HTTP requests, its samples summed by the package they run for (graphql-js,
 * type-graphql, Apollo, Express, MikroORM, knex, pg, ours), MikroORM's time by our callers and its
 * own functions. With `--search`, the same for the benchmarks' search (twenty queries in turn)
 * against the same query straight to Meilisearch; `--search-page`, the web client's search page's
 * own operation (authors, organization, files, highlights, facets) against the same.
 *   npm run bench:layers [-- --samples 300] [--search | --search-page]
 */
import http from 'node:http';
import inspector from 'node:inspector/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { execute, parse, print, validate } from 'graphql';
import pg from 'pg';
import { createMeiliClient, indexNames } from '@metod-kb/search';
import { createLogger } from '../server/src/common/logger.ts';
import { DEFAULT_CENTRE, DEFAULT_SURVEY_LINK_ANSWERS_PER_HOUR } from '../server/src/config.ts';
import type { Context } from '../server/src/context.ts';
import { SEARCH_QUERY } from '../client/src/features/search/search.query.ts';
import { buildKbSchema } from '../server/src/schema.ts';
import {
  arg,
  benchInstallation,
  PAGE_OF_50,
  PAGE_OF_50_SQL,
  percentile,
  QUERIES,
  rawSearch,
  SEARCH_OPERATION,
  serveBenchApp,
} from './lib.ts';

const SAMPLES = arg('samples', 300);
const SEARCH_PAGE = process.argv.includes('--search-page');
const SEARCH = SEARCH_PAGE || process.argv.includes('--search');
const log = (line: string) => console.log(line);

/** Which package a script belongs to, or our code; undefined for the engine's and Node's own frames. */
const packageOf = (url: string): string | undefined =>
  url.includes('node_modules/')
    ? url.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+).*$/, '$1')
    : url.includes('/server/src/') || url.includes('/search/src/')
      ? 'our code (server/, search/)'
      : undefined;

/**
 * The profile without the samples of the profiler itself: stopping it serializes the profile on this
 * thread (1.5 ms per request of 200), which would otherwise count as Node's own work for the requests.
 */
function withoutProfiler(profile: inspector.Profiler.Profile): inspector.Profiler.Profile {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const ofProfiler = (id: number) => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      if (nodes.get(at)!.callFrame.url === 'node:inspector') return true;
    return false;
  };
  const kept = profile.samples!.flatMap((id, i) => (ofProfiler(id) ? [] : [[id, profile.timeDeltas![i]!] as const]));
  return { ...profile, samples: kept.map(([id]) => id), timeDeltas: kept.map(([, delta]) => delta) };
}

/**
 * A profile's samples summed by the package they run for: a package's own functions, and the
 * engine's and Node's internals (promises, JSON, regular expressions, buffers) charged to the nearest
 * package frame above them, so that "internals" say whose work they are.
 */
function byPackage(profile: inspector.Profiler.Profile): Map<string, { self: number; internals: number }> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<string, { self: number; internals: number }>();
  profile.samples!.forEach((id, i) => {
    const { url, functionName } = nodes.get(id)!.callFrame;
    let where = packageOf(url);
    let internal = false;
    if (!where) {
      if (functionName === '(idle)') where = '(idle: waiting for PostgreSQL)';
      else if (functionName === '(garbage collector)') where = '(garbage collector)';
      else {
        internal = true;
        let at = parent.get(id);
        while (at !== undefined && !packageOf(nodes.get(at)!.callFrame.url)) at = parent.get(at);
        where = at === undefined ? '(Node and V8, no package above)' : packageOf(nodes.get(at)!.callFrame.url)!;
      }
    }
    const total = totals.get(where) ?? { self: 0, internals: 0 };
    const ms = profile.timeDeltas![i]! / 1000;
    if (internal) total.internals += ms;
    else total.self += ms;
    totals.set(where, total);
  });
  return totals;
}

/**
 * The ORM's samples charged to the nearest of our functions above them on the stack: which of our
 * calls the time in MikroORM (and knex under it) is spent for.
 */
function ormTimeByOurCaller(profile: inspector.Profiler.Profile): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const ours = (url: string) => url.includes('/server/src/') || url.includes('/search/src/');
  const totals = new Map<string, number>();
  profile.samples!.forEach((id, i) => {
    if (!/node_modules\/(@mikro-orm|knex)\//.test(nodes.get(id)!.callFrame.url)) return;
    let at: number | undefined = id;
    while (at !== undefined && !ours(nodes.get(at)!.callFrame.url)) at = parent.get(at);
    const frame = at === undefined ? undefined : nodes.get(at)!.callFrame;
    const where = frame
      ? `${frame.functionName || '(anonymous)'} (${frame.url.replace(/^.*\/(server|search)\/src\//, '')}:${frame.lineNumber + 1})`
      : '(no caller of ours)';
    totals.set(where, (totals.get(where) ?? 0) + profile.timeDeltas![i]! / 1000);
  });
  return totals;
}

/** Self time of the functions whose script matches `where`, named by function and file (the part after `strip`). */
function functionsIn(profile: inspector.Profiler.Profile, where: RegExp, strip: RegExp): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples!.forEach((id, i) => {
    const { url, functionName, lineNumber } = nodes.get(id)!.callFrame;
    if (!where.test(url)) return;
    const name = `${functionName || '(anonymous)'} (${url.replace(strip, '')}:${lineNumber + 1})`;
    totals.set(name, (totals.get(name) ?? 0) + profile.timeDeltas![i]! / 1000);
  });
  return totals;
}

async function main() {
  const { config, services, orm } = await benchInstallation({ reuse: true });
  const search = { client: createMeiliClient(services.meili), names: indexNames(config.meiliIndexPrefix) };
  const { app, server, base } = await serveBenchApp(config, orm, search);
  const pool = new pg.Pool({ connectionString: services.databaseUrl, max: 4 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  // The operation measured and its variables for the i-th call.
  const operation = SEARCH_PAGE ? print(SEARCH_QUERY) : SEARCH ? SEARCH_OPERATION : PAGE_OF_50;
  const query = (i: number) => QUERIES[i % QUERIES.length];
  const variables = (i: number) => (SEARCH_PAGE ? { query: query(i), first: 20 } : SEARCH ? { q: query(i) } : {});
  const overHttp = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({ query: operation, variables: variables(i) });
      const req = http.request(
        `${base}/graphql`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.on('error', reject);
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  // The same operation through graphql-js alone, with an anonymous reader's context.
  const schema = await buildKbSchema();
  const document = parse(operation);
  if (validate(schema, document).length) throw new Error('the operation does not validate');
  const context = (): Context => ({
    em: orm.em.fork() as EntityManager,
    viewer: null,
    search,
    session: { set: () => undefined, clear: () => undefined },
    clientIp: '127.0.0.1',
    browser: { id: () => 'bench' },
    surveyLinkAnswersPerHour: DEFAULT_SURVEY_LINK_ANSWERS_PER_HOUR,
    requestId: 'bench',
    centre: DEFAULT_CENTRE,
    logger: createLogger('warn'),
    now: () => new Date(),
  });
  const executed = async (i: number) => {
    const result = await execute({ schema, document, contextValue: context(), variableValues: variables(i) });
    if (result.errors?.length) throw new Error(result.errors[0]!.message);
  };
  const reference = (i: number) => (SEARCH ? rawSearch(search, QUERIES[i % QUERIES.length]!) : pool.query(PAGE_OF_50_SQL));

  try {
    for (let i = 0; i < 50; i++) await Promise.all([overHttp(i), executed(i), reference(i)]);
    const layers: Array<[string, (i: number) => Promise<unknown>]> = [
      ['HTTP: Express, Apollo, GraphQL, resolvers, SQL', overHttp],
      ['graphql-js execute: GraphQL, resolvers, SQL', executed],
      [SEARCH ? 'the same query straight to Meilisearch' : 'hand-written SQL through pg', reference],
    ];
    const times = layers.map(() => [] as number[]);
    for (let i = 0; i < SAMPLES; i++) {
      // Who goes first rotates, so that no layer always follows another's work.
      for (let k = 0; k < layers.length; k++) {
        const j = (i + k) % layers.length;
        const started = performance.now();
        await layers[j]![1](i);
        times[j]!.push(performance.now() - started);
      }
    }
    const referenceP50 = percentile(times[2]!, 50);
    log(
      `${SEARCH ? 'Search' : 'Page of 50'} (${SAMPLES} calls per layer, one at a time, load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}):\n`,
    );
    log(`| layer | p50 | p95 | × ${SEARCH ? 'Meilisearch' : 'SQL'} p50 |\n|---|---|---|---|`);
    layers.forEach(([name], j) =>
      log(
        `| ${name} | ${percentile(times[j]!, 50).toFixed(2)} ms | ${percentile(times[j]!, 95).toFixed(2)} ms | ${(percentile(times[j]!, 50) / referenceP50).toFixed(2)} |`,
      ),
    );

    const session = new inspector.Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    for (let i = 0; i < SAMPLES; i++) await overHttp(i);
    const profile = withoutProfiler((await session.post('Profiler.stop')).profile);
    session.disconnect();
    const totals = [...byPackage(profile)].sort((a, b) => b[1].self + b[1].internals - a[1].self - a[1].internals);
    const busy = totals.filter(([where]) => !where.startsWith('(idle')).reduce((sum, [, t]) => sum + t.self + t.internals, 0);
    log(
      `\nCPU of ${SAMPLES} requests over HTTP, by the package it runs for (${(busy / SAMPLES).toFixed(2)} ms of CPU per request; the engine's and Node's internals charged to the package that called them):\n`,
    );
    log('| package | ms per request | of which internals | share of CPU |\n|---|---|---|---|');
    for (const [where, { self, internals }] of totals.slice(0, 16))
      log(
        `| ${where} | ${((self + internals) / SAMPLES).toFixed(3)} | ${(internals / SAMPLES).toFixed(3)} | ${where.startsWith('(idle') ? '' : `${(((self + internals) / busy) * 100).toFixed(1)} %`} |`,
      );
    log(`\nMikroORM and knex time per request by the nearest function of ours that called them:\n`);
    log('| our caller | ms per request |\n|---|---|');
    for (const [where, ms] of [...ormTimeByOurCaller(profile)].sort((a, b) => b[1] - a[1]).slice(0, 10))
      log(`| ${where} | ${(ms / SAMPLES).toFixed(3)} |`);
    const tables: Array<[string, RegExp, RegExp]> = [
      ["MikroORM's own functions", /node_modules\/@mikro-orm\//, /^.*node_modules\/@mikro-orm\//],
      ['Our own functions', /\/(server|search)\/src\//, /^.*\/(server|search)\/src\//],
    ];
    for (const [title, where, strip] of tables) {
      log(`\n${title} by self time per request:\n`);
      log('| function | ms per request |\n|---|---|');
      for (const [name, ms] of [...functionsIn(profile, where, strip)].sort((a, b) => b[1] - a[1]).slice(0, 12))
        log(`| ${name} | ${(ms / SAMPLES).toFixed(3)} |`);
    }
  } finally {
    agent.destroy();
    server.close();
    await pool.end();
    await app.stop();
    await orm.close();
    await services.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
