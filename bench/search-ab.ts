/**
 * Two builds side by side, one request at a time in turn (ABBA), so that the machine's changing load
 * falls on both alike: search through GraphQL and the same query straight to Meilisearch, 20 typical
 * queries. A and B are the JSON lines two `bench/serve.ts` print (each on its own kept corpus).
 * `npm run bench:search:ab -- '<A>' '<B>' [--rounds 20] [--page | --list]`; `--page` sends the client's
 * search page query (authors, organization, files, kinds' fields) instead of the benchmark's,
 * `--list` the suite's page of 50 materials (no search; the engine's column stays as a control).
 */
import http from 'node:http';
import { stems } from '@metod-kb/search';
import { FACET_FIELDS } from '../server/src/modules/search/facets.ts';
import { arg, PAGE_OF_50, percentile, QUERIES } from './lib.ts';

interface Target {
  graphql: string;
  meili: { url: string; apiKey: string };
  index: string;
}
const [a, b] = process.argv.slice(2, 4).map((json) => JSON.parse(json) as Target) as [Target, Target];
const ROUNDS = arg('rounds', 20);
const BENCH_QUERY =
  'query($q: String) { search(query: $q, first: 20) { totalCount hits { material { id title } highlights { field fragment } } facets { name values { label count } } } }';
// The client's SearchPageQuery, less the fields older builds lack (understood, partialMatch, correctedQuery).
const PAGE_QUERY = `query($q: String) { search(query: $q, first: 20) { totalCount engine pageInfo { hasNextPage endCursor }
  hits { cursor highlights { field fragment fileName } material { id title summary kind publishedAt grades
    authors { id fullName } organization { id shortName name } files { id fileName }
    ... on BestPractice { expertLevel } ... on MethodologicalMaterial { materialType } ... on Publication { year } } }
  facets { name values { value label count } } } }`;
const MODE = process.argv.includes('--page')
  ? 'the search page query'
  : process.argv.includes('--list')
    ? 'the page of 50'
    : 'the benchmark query';
const query = { 'the search page query': PAGE_QUERY, 'the page of 50': PAGE_OF_50, 'the benchmark query': BENCH_QUERY }[MODE];

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  new Promise<void>((resolve, reject) => {
    const headersOut = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers };
    const req = http.request(url, { method: 'POST', agent, headers: headersOut }, (res) => {
      res.on('error', reject);
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
const viaGraphql = (t: Target, q: string) => post(t.graphql, JSON.stringify({ query, variables: { q } }));
const straight = (t: Target, q: string) =>
  post(
    `${t.meili.url}/indexes/${t.index}/search`,
    JSON.stringify({ q: stems(q).join(' '), facets: [...FACET_FIELDS], limit: 20, attributesToRetrieve: ['id'] }),
    {
      authorization: `Bearer ${t.meili.apiKey}`,
    },
  );
const timed = async (run: () => Promise<void>) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

async function main() {
  const times = { graphql: [[], []] as number[][], raw: [[], []] as number[][] };
  for (let i = 0; i < 3; i++) for (const q of QUERIES) for (const t of [a, b]) await Promise.all([viaGraphql(t, q), straight(t, q)]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [n, q] of QUERIES.entries()) {
      // ABBA: who goes first alternates, so neither side always follows the other's work.
      const order = (round + n) % 2 ? [1, 0] : [0, 1];
      for (const side of order) times.graphql[side]!.push(await timed(() => viaGraphql([a, b][side]!, q)));
      for (const side of order) times.raw[side]!.push(await timed(() => straight([a, b][side]!, q)));
    }
  }
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  console.log(`${ROUNDS * QUERIES.length} requests per side, ${MODE}`);
  console.log('| path | A p50 | B p50 | B / A p50 | A mean | B mean | B / A mean |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, [x, y]] of Object.entries(times) as Array<[string, number[][]]>) {
    const [p50a, p50b] = [percentile(x!, 50), percentile(y!, 50)];
    console.log(
      `| ${name} | ${p50a.toFixed(2)} ms | ${p50b.toFixed(2)} ms | ${(p50b / p50a).toFixed(3)} | ${mean(x!).toFixed(2)} ms | ${mean(y!).toFixed(2)} ms | ${(mean(y!) / mean(x!)).toFixed(3)} |`,
    );
  }
  agent.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
