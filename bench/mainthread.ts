/**
 * What the reading pages cost the browser's main thread, measured from a DevTools trace rather than
 * from the wall clock, so that other work on a shared machine changes it little: each main-thread
 * task's *thread time* (CPU the renderer really used) while the page loads, unthrottled, at a
 * phone's viewport, in Debian's Chromium against the production build and the demo corpus.
 *   npm run bench:mainthread [-- --runs 5]
 * Per page (median of the runs): the main thread's total, its longest task, the tasks that would be
 * long on Lighthouse's phone (4× slower: over 12.5 ms here), the blocking time they would add
 * (Σ 4 × task − 50 ms), and when the page's own route chunk was asked for, after the HTML arrived.
 */
import { chromium } from 'playwright-core';
import { ensureClientBuilt } from '../server/src/runtime/client-build.ts';
import { arg, percentile, readingPages, startDemoServer } from './lib.ts';

const RUNS = arg('runs', 5);
/** Lighthouse's mobile profile slows the CPU four times; a task over 50 ms there is long. */
const SLOWDOWN = 4;

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; beginData?: { url?: string } };
}

interface Measure {
  threadMs: number;
  longestMs: number;
  longTasks: number;
  blockingMs: number;
  routeChunkAtMs: number | null;
}

/** The page's main thread: of the renderers' main threads (a blank page has one too), the one that parsed the page's HTML. */
function mainThreadTasks(events: TraceEvent[], url: string): number[] {
  const parsed = new Set(events.filter((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === url).map((e) => `${e.pid}/${e.tid}`));
  const mains = events.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && parsed.has(`${e.pid}/${e.tid}`),
  );
  if (mains.length !== 1) throw new Error(`${mains.length} renderer main threads parsed HTML, expected 1`);
  const [main] = mains;
  return events
    .filter((e) => e.pid === main!.pid && e.tid === main!.tid && e.ph === 'X' && e.name === 'RunTask' && e.tdur !== undefined)
    .map((e) => e.tdur! / 1000);
}

async function measure(url: string): Promise<Measure> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true });
    const cdp = await page.context().newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel',
      transferMode: 'ReportEvents',
    });
    await page.goto(url, { waitUntil: 'load' });
    // The page is done when its queries are answered and drawn: no request for half a second.
    await page.waitForLoadState('networkidle');
    const routeChunkAtMs = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      const chunk = performance.getEntriesByType('resource').find((r) => /\/assets\/[A-Za-z]+Page-[^/]+\.js$/.test(r.name));
      return chunk && navigation ? chunk.startTime - navigation.responseEnd : null;
    });
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    const tasks = mainThreadTasks(events, url);
    return {
      threadMs: tasks.reduce((a, b) => a + b, 0),
      longestMs: Math.max(...tasks),
      longTasks: tasks.filter((ms) => ms * SLOWDOWN > 50).length,
      blockingMs: tasks.reduce((sum, ms) => sum + Math.max(0, ms * SLOWDOWN - 50), 0),
      routeChunkAtMs,
    };
  } finally {
    await browser.close();
  }
}

async function main() {
  await ensureClientBuilt(console.log);
  const server = await startDemoServer();
  try {
    console.log(
      `page | main thread | longest task | long tasks at ${SLOWDOWN}× | blocking at ${SLOWDOWN}× | route chunk asked   (thread ms, median of ${RUNS} runs)`,
    );
    for (const [name, path] of await readingPages(server.url)) {
      const runs: Measure[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(`${server.url}${path}`));
      const median = (pick: (m: Measure) => number | null) => {
        const values = runs.map(pick).filter((v): v is number => v !== null);
        return values.length ? percentile(values, 50).toFixed(0) : '—';
      };
      console.log(
        `${name} | ${median((m) => m.threadMs)} ms | ${median((m) => m.longestMs)} ms | ${median((m) => m.longTasks)} | ${median((m) => m.blockingMs)} ms | ${median((m) => m.routeChunkAtMs)} ms after the HTML`,
      );
    }
  } finally {
    await server.stop();
  }
}

await main();
