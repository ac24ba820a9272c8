import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { EntityManager } from '@mikro-orm/postgresql';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEFAULT_TIME_ZONE, loadConfig } from '../../server/src/config.ts';
import { ensureClientBuilt } from '../../server/src/runtime/client-build.ts';
import { freePort } from '../../server/src/runtime/process.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { openOrm } from '../../server/src/db/orm.ts';
import { AccountService } from '../../server/src/modules/accounts/account.service.ts';
import type { Role } from '../../server/src/modules/accounts/user.entity.ts';
import { readRuntime } from '../../server/src/runtime/services.ts';

/** Screenshots of each page, desktop and a 360 px phone, for people to look at. */
export const SHOTS = path.resolve('test-results/screenshots');
/** The district's time zone, in which the test server counts days (DISTRICT_TIMEZONE is not set). */
export const DISTRICT_TIME_ZONE = DEFAULT_TIME_ZONE;
export const DESKTOP = { width: 1366, height: 800 };
export const PHONE = { width: 360, height: 740 };

export interface E2e {
  server: RunningServer;
  browser: Browser;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The product as `npm start` serves it, in production mode with the operation safelist on (every
 * page works only if the build registered its operations), with the demo corpus indexed; and
 * Debian's Chromium. `env` adds settings (SMTP_URL of a test mailbox).
 */
export async function startE2e(name = 'e2e', env: NodeJS.ProcessEnv = {}): Promise<E2e> {
  await ensureClientBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kb-${name}-`));
  // Production requires PUBLIC_URL: the port is chosen first so that links name it.
  const port = await freePort();
  const server = await startServer(
    loadConfig({
      ...process.env,
      ...env,
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      GRAPHQL_SAFELIST: '1',
    }),
  );
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
  fs.mkdirSync(SHOTS, { recursive: true });
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

export async function shoot(page: Page, name: string) {
  const viewport = page.viewportSize();
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(SHOTS, `${name}-360.png`), fullPage: true });
  await page.setViewportSize(viewport ?? DESKTOP);
}

/** The page once its data is in: an H1 and nothing still loading. */
export async function settled(page: Page) {
  await page.locator('h1').first().waitFor();
  await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
}

/** Opens a path of the running product and waits for its data. */
export async function openPath(e2e: E2e, page: Page, path: string) {
  await page.goto(`${e2e.server.url}${path}`);
  await settled(page);
}

/** Today as the pages name a day of this year: «30 ноября». */
export const today = () =>
  new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', timeZone: DISTRICT_TIME_ZONE }).format(new Date());

/** Work in the running server's own database, as the command line would (test set-up, not the product's path). */
export async function inDatabase<T>(e2e: E2e, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const orm = await openOrm({ databaseUrl: readRuntime(e2e.dataDir)!.databaseUrl, poolMax: 1 });
  try {
    return await work(orm.em.fork() as EntityManager);
  } finally {
    await orm.close();
  }
}

/** An account created the way `npm run kb -- user:create` does, in the server's own database. */
export async function createUser(e2e: E2e, email: string, name: string, role: Role, password: string) {
  await inDatabase(e2e, (em) => new AccountService(em as never).createUser({ email, name, role, password }));
}

/**
 * A tab of its own (own cookie jar) in Russian. The page's CSP forbids inline scripts, axe-core's
 * included: these tabs let the test inject it (the other browser tests keep the CSP in force).
 */
// People of the district: their browsers' "today" is the district's day, as the server counts days.
export const newPage = (e2e: E2e, viewport = DESKTOP) =>
  e2e.browser.newPage({ viewport, locale: 'ru-RU', timezoneId: DISTRICT_TIME_ZONE, bypassCSP: true });

/** A browser of one's own (own cookie jar), signed in through the form. */
export async function signIn(e2e: E2e, email: string, password: string, viewport = DESKTOP): Promise<Page> {
  const tab = await newPage(e2e, viewport);
  await tab.goto(`${e2e.server.url}/login`);
  await tab.getByLabel('Электронная почта').fill(email);
  await tab.getByLabel('Пароль').fill(password);
  await tab.getByRole('button', { name: 'Войти' }).click();
  await expect.poll(() => tab.getByRole('heading', { name: 'Мои материалы', level: 1 }).isVisible()).toBe(true);
  return tab;
}

/** Confirmations (window.confirm) are accepted, and their text kept to check what was asked. */
export function acceptDialogs(tab: Page): string[] {
  const asked: string[] = [];
  tab.on('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.accept();
  });
  return asked;
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** axe-core's WCAG 2.2 A/AA rules and best practices (one H1, heading order, landmarks) on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (
      await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      })
    ).violations;
  });
  return violations.map(
    (v) =>
      `${v.id}: ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
}

/** How far the page is wider than the window (0 when it fits). */
export const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The deepest elements that stick out past the window's right edge, to say what to fix. */
const sticking = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter(
        (el) =>
          el.getBoundingClientRect().right > window.innerWidth + 0.5 &&
          ![...el.children].some((child) => child.getBoundingClientRect().right > window.innerWidth + 0.5),
      )
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`,
      ),
  );

/**
 * What every route must pass: at 1366 and at 360 px no horizontal scrolling, exactly one H1, and
 * no axe-core violation. Returns what it found (so one run lists every route's problems) and
 * saves screenshots of both widths for a person to look at.
 */
export async function checkRoute(page: Page, name: string): Promise<string[]> {
  const problems: string[] = [];
  // Routes are loaded lazily: `goto` returns at the load event, possibly before the page's chunk has drawn it.
  await page
    .locator('h1')
    .first()
    .waitFor({ state: 'attached', timeout: 10_000 })
    .catch(() => undefined);
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport);
    // Charts and other measured parts lay themselves out again after a resize: wait until they have.
    await page
      .waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, { timeout: 5000 })
      .catch(() => undefined);
    const wider = await overflow(page);
    if (wider > 0) problems.push(`${name} ${viewport.width}px: wider than the screen by ${wider}px (${(await sticking(page)).join(', ')})`);
    const h1 = await page.locator('h1').count();
    if (h1 !== 1) problems.push(`${name} ${viewport.width}px: ${h1} H1 headings`);
    for (const violation of await axeViolations(page)) problems.push(`${name} ${viewport.width}px: ${violation}`);
  }
  await shoot(page, name);
  return problems;
}
