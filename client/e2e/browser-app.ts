import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../../server/src/config.ts';
import { ensureClientBuilt } from '../../server/src/runtime/client-build.ts';
import { freePort } from '../../server/src/runtime/process.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';

export interface BrowserApp {
  server: RunningServer;
  browser: Browser;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The built app with the demo corpus in production settings (safelist on: every page works only if
 * the build registered its operations), the corpus indexed, and Debian's Chromium headless.
 */
export async function startBrowserApp(name: string): Promise<BrowserApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kb-${name}-`));
  await ensureClientBuilt();
  // Production requires PUBLIC_URL: the port is chosen first so that links name it.
  const port = await freePort();
  const server = await startServer(loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://localhost:${port}`, LOG_LEVEL: 'warn', NODE_ENV: 'production', GRAPHQL_SAFELIST: '1' }));
  // The demo corpus reaches the index through the outbox; wait until it has.
  for (let i = 0; i < 300; i++) {
    const ready = await (await fetch(`${server.url}/ready`)).json();
    if (ready.search.pendingUpdates === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    server,
    browser,
    dataDir,
    async stop() {
      await browser.close();
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
