/**
 * Lighthouse (mobile profile: a mid-range phone, slow 4G, 4× CPU slowdown) against the production
 * build served by a real server with the demo corpus, in Debian's headless Chromium.
 *   npm run bench:lighthouse
 * Prints performance, LCP, CLS, TBT and the accessibility score per page, and the failed
 * accessibility audits (colour contrast among them).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { loadConfig } from '../server/src/config.ts';
import { ensureClientBuilt } from '../server/src/runtime/client-build.ts';
import { freePort } from '../server/src/runtime/process.ts';
import { startServer } from '../server/src/server.ts';
import { arg } from './lib.ts';

const log = (line: string) => console.log(line);
const RUNS = arg('runs', 3);

async function main() {
  await ensureClientBuilt(log);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lighthouse-'));
  // Production requires PUBLIC_URL: the port is chosen first so that links name it.
  const port = await freePort();
  const server = await startServer(loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://localhost:${port}`, LOG_LEVEL: 'warn', NODE_ENV: 'production' }));
  const chrome = await chromeLauncher.launch({
    chromePath: '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const answer = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ materials(first: 1, filter: { kinds: [BEST_PRACTICE] }) { nodes { id } } }' }),
    }).then((r) => r.json() as Promise<{ data: { materials: { nodes: Array<{ id: string }> } } }>);
    const pages: Array<[string, string]> = [
      ['home', '/'],
      ['search', `/?q=${encodeURIComponent('функциональная грамотность')}`],
      ['material', `/materials/${answer.data.materials.nodes[0]!.id}`],
    ];
    log(`Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Lighthouse mobile defaults (simulated slow 4G, 4× CPU slowdown)`);
    log(`page | performance | LCP | CLS | TBT | FCP | accessibility   (median of ${RUNS} runs)`);
    const problems = new Map<string, string>();
    for (const [name, url] of pages) {
      // Lighthouse varies from run to run on a busy machine: the run with the median score is reported.
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push((await lighthouse(`${server.url}${url}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] }))!.lhr);
      runs.sort((a, b) => (a.categories.performance!.score ?? 0) - (b.categories.performance!.score ?? 0));
      const lhr = runs[Math.floor(runs.length / 2)]!;
      const audit = (id: string) => lhr.audits[id]!;
      log(
        `${name} | ${Math.round((lhr.categories.performance!.score ?? 0) * 100)} | ${(audit('largest-contentful-paint').numericValue! / 1000).toFixed(2)} s | ${audit('cumulative-layout-shift').numericValue!.toFixed(3)} | ${Math.round(audit('total-blocking-time').numericValue!)} ms | ${(audit('first-contentful-paint').numericValue! / 1000).toFixed(2)} s | ${Math.round((lhr.categories.accessibility!.score ?? 0) * 100)}`,
      );
      for (const ref of lhr.categories.accessibility!.auditRefs) {
        const a = lhr.audits[ref.id]!;
        if (a.score !== null && a.score < 1 && ref.weight > 0) problems.set(`${name}: ${a.id}`, a.title);
      }
    }
    log(problems.size ? `\nFailed accessibility audits:\n${[...problems].map(([k, v]) => `- ${k} — ${v}`).join('\n')}` : '\nNo failed accessibility audits.');
  } finally {
    chrome.kill();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
