#!/usr/bin/env node
/**
 * Pages through every material of a Методическая база знаний, or those changed since a moment,
 * using nothing but fetch (Node 18+). Writes one JSON object per line to stdout.
 *
 *   node examples/sync-materials.mjs https://kb.example.ru [--since 2026-01-01T00:00:00Z]
 *   KB_TOKEN=kbt_… node examples/sync-materials.mjs https://kb.example.ru
 *
 * Keep the largest `updatedAt` you received and pass it as --since next time.
 */
const args = process.argv.slice(2);
const base = (args.find((a) => !a.startsWith('--')) ?? 'http://localhost:4000').replace(/\/$/, '');
const sinceAt = args.indexOf('--since');
const since = sinceAt >= 0 ? args[sinceAt + 1] : null;

const QUERY = `
  query Sync($after: String, $since: DateTimeISO) {
    materials(first: 100, after: $after, filter: { updatedSince: $since }, orderBy: { field: UPDATED_AT, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id kind title updatedAt publishedAt subjects { name } authors { fullName } files { fileName url } }
    }
  }`;

async function page(after) {
  for (;;) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(process.env.KB_TOKEN ? { authorization: `Bearer ${process.env.KB_TOKEN}` } : {}),
      },
      body: JSON.stringify({ query: QUERY, variables: { after, since } }),
    });
    if (response.status === 429) {
      // Over the token's hourly budget: wait as the server says, then go on.
      const seconds = Number(response.headers.get('retry-after') ?? 60);
      process.stderr.write(`Бюджет исчерпан, ждём ${seconds} с\n`);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      continue;
    }
    const body = await response.json();
    if (body.errors) throw new Error(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    return body.data.materials;
  }
}

let after = null;
let count = 0;
for (;;) {
  const { nodes, pageInfo, totalCount } = await page(after);
  if (after === null) process.stderr.write(`Всего: ${totalCount}\n`);
  for (const material of nodes) process.stdout.write(`${JSON.stringify(material)}\n`);
  count += nodes.length;
  if (!pageInfo.hasNextPage) break;
  after = pageInfo.endCursor;
}
process.stderr.write(`Получено материалов: ${count}\n`);
