/**
 * Lighthouse (mobile profile: a mid-range phone, slow 4G, 4× CPU slowdown) against the production
 * build served by a real server with the demo corpus, in Debian's headless Chromium.
 *   npm run bench:lighthouse [-- --runs 3] [--json DIR]
 * Prints the initial JavaScript (gzipped), then performance, LCP, CLS, TBT and the accessibility
 * score per page (median of the runs) and the failed accessibility audits. Exits 1 when a page
 * scores under 90 for performance or under 100 for accessibility, or the initial JavaScript is
 * over 150 kB gzipped: a regression fails loudly instead of sliding by. `--json DIR` keeps every
 * run's whole report (`<page>-<run>.json`) to compare audits between builds.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { ensureClientBuilt } from '../server/src/runtime/client-build.ts';
import { arg, readingPages, startDemoServer } from './lib.ts';

const log = (line: string) => console.log(line);
const RUNS = arg('runs', 3);
const JSON_DIR = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : undefined;
const MIN_PERFORMANCE = 90;
const MIN_ACCESSIBILITY = 100;
const MAX_INITIAL_JS_KB = 150;

/** The scripts the first page loads (the entry and its module preloads), gzipped as the server sends them. */
function initialJavaScript(): { files: string[]; gzipKb: number } {
  const dist = path.resolve('client/dist');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = files.reduce((sum, file) => sum + zlib.gzipSync(fs.readFileSync(path.join(dist, file))).length, 0);
  return { files, gzipKb: Math.round(bytes / 102.4) / 10 };
}

async function main() {
  await ensureClientBuilt(log);
  const js = initialJavaScript();
  log(`Initial JavaScript: ${js.gzipKb} kB gzipped (${js.files.join(', ')}); limit ${MAX_INITIAL_JS_KB} kB`);
  const failures: string[] = js.gzipKb > MAX_INITIAL_JS_KB ? [`initial JavaScript ${js.gzipKb} kB > ${MAX_INITIAL_JS_KB} kB`] : [];
  const server = await startDemoServer();
  const chrome = await chromeLauncher.launch({
    chromePath: '/usr/bin/chromium',
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const pages = await readingPages(server.url);
    log(
      `Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Lighthouse mobile defaults (simulated slow 4G, 4× CPU slowdown)`,
    );
    // The simulation scales what the page cost on this machine: other work on the cores inflates it.
    if (os.loadavg()[0]! > os.cpus().length)
      log(
        `Warning: load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores — other processes share the CPU; scores will be low`,
      );
    log(`page | performance | LCP | CLS | TBT | FCP | accessibility | load average   (median of ${RUNS} runs)`);
    const problems = new Map<string, string>();
    for (const [name, url] of pages) {
      // Lighthouse varies from run to run on a busy machine: the run with the median score is reported.
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const result = (await lighthouse(`${server.url}${url}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility'],
        }))!;
        if (JSON_DIR) {
          fs.mkdirSync(JSON_DIR, { recursive: true });
          fs.writeFileSync(path.join(JSON_DIR, `${name}-${i + 1}.json`), result.report as string);
        }
        runs.push(result.lhr);
      }
      runs.sort((a, b) => (a.categories.performance!.score ?? 0) - (b.categories.performance!.score ?? 0));
      const lhr = runs[Math.floor(runs.length / 2)]!;
      const audit = (id: string) => lhr.audits[id]!;
      const performance = Math.round((lhr.categories.performance!.score ?? 0) * 100);
      const accessibility = Math.round((lhr.categories.accessibility!.score ?? 0) * 100);
      if (performance < MIN_PERFORMANCE) failures.push(`${name}: performance ${performance} < ${MIN_PERFORMANCE}`);
      if (accessibility < MIN_ACCESSIBILITY) failures.push(`${name}: accessibility ${accessibility} < ${MIN_ACCESSIBILITY}`);
      log(
        `${name} | ${performance} | ${(audit('largest-contentful-paint').numericValue! / 1000).toFixed(2)} s | ${audit('cumulative-layout-shift').numericValue!.toFixed(3)} | ${Math.round(audit('total-blocking-time').numericValue!)} ms | ${(audit('first-contentful-paint').numericValue! / 1000).toFixed(2)} s | ${accessibility} | ${os.loadavg()[0]!.toFixed(1)}`,
      );
      // Where the main thread went (simulated phone): the scripts that cost most, to find what regressed.
      const bootup =
        (audit('bootup-time').details as { items?: Array<{ url: string; scripting: number; scriptParseCompile: number }> } | undefined)
          ?.items ?? [];
      log(
        `    scripts: ${bootup
          .slice(0, 4)
          .map((item) => `${item.url.replace(/^.*\//, '') || item.url} ${Math.round(item.scripting + item.scriptParseCompile)} ms`)
          .join(', ')}`,
      );
      for (const ref of lhr.categories.accessibility!.auditRefs) {
        const a = lhr.audits[ref.id]!;
        if (a.score !== null && a.score < 1 && ref.weight > 0) problems.set(`${name}: ${a.id}`, a.title);
      }
    }
    log(
      problems.size
        ? `\nFailed accessibility audits:\n${[...problems].map(([k, v]) => `- ${k} — ${v}`).join('\n')}`
        : '\nNo failed accessibility audits.',
    );
    if (failures.length) {
      console.error(`\nFAILED: ${failures.join('; ')}`);
      process.exitCode = 1;
    } else
      log(
        `\nPassed: every page ≥ ${MIN_PERFORMANCE} performance and ${MIN_ACCESSIBILITY} accessibility, initial JavaScript ≤ ${MAX_INITIAL_JS_KB} kB.`,
      );
  } finally {
    chrome.kill();
    await server.stop();
  }
}

await main();
