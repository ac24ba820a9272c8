import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type RunningPostgres } from './runtime/postgres.ts';
import { Material } from './modules/materials/material.entity.ts';
import { checkIndex } from './modules/search/reindex.ts';
import { buildMaterial } from './test/factories.ts';
import { startTestApp, type TestApp } from './test/harness.ts';
import { HANG_MS } from './test/waiting.ts';

/** A PostgreSQL of this file's own, so that stopping it disturbs no other test file. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-pg-faults-'));
let database: RunningPostgres;
let app: TestApp;

beforeAll(async () => {
  database = await startEmbeddedPostgres(dir, false);
  app = await startTestApp({ databaseUrl: database.url });
  app.indexer.start();
});
afterAll(async () => {
  await app?.close().catch(() => {});
  await database?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ready = async () => {
  const response = await fetch(`${app.url}/ready`);
  return { status: response.status, body: await response.json() };
};
const TITLES = `{ materials(first: 100) { nodes { title } } }`;

// PostgreSQL stops and starts again inside the test: every wait is for a condition, with the hang limit.
describe('when PostgreSQL goes away', { timeout: 5 * HANG_MS }, () => {
  it('stays up, says so on /ready, refuses with a code instead of hanging, and loses nothing once the database returns', async () => {
    await buildMaterial(app.em(), { title: 'Записано до сбоя' });
    expect((await ready()).body.status).toBe('ok');

    const port = Number(new URL(database.url).port);
    await database.stop();

    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'down', database: { ok: false } });
    // Refused, not left waiting: a hang would end in the abort (how fast it refuses is in bench/RESULTS.md).
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: TITLES }),
      signal: AbortSignal.timeout(HANG_MS),
    });
    expect(response.status).toBe(503);
    const refused = await response.json();
    expect(refused.data).toBeFalsy();
    expect(refused.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    // The other routes too: 503 with a message for people, never the driver's error or a stack.
    for (const route of ['/feed.xml', '/oai?verb=Identify', '/verify/ИМЦ-2026-1', '/files/00000000-0000-4000-8000-000000000000']) {
      const answer = await fetch(`${app.url}${route}`);
      const text = await answer.text();
      expect(answer.status, route).toBe(503);
      expect(JSON.parse(text).error, route).toContain('База данных временно недоступна');
      expect(text, route).not.toMatch(/ECONNREFUSED|select |\bat .+:\d+:\d+/);
    }

    database = await startEmbeddedPostgres(dir, false, { port });
    await expect.poll(ready, { timeout: HANG_MS }).toMatchObject({ status: 200, body: { status: 'ok' } });

    // Written before the outage and after it: both there, and the search index agrees with the database.
    await expect.poll(async () => (await app.gql(TITLES)).errors, { timeout: HANG_MS }).toBeUndefined();
    await buildMaterial(app.em(), { title: 'Записано после сбоя' });
    const titles = (await app.gql(TITLES)).data.materials.nodes.map((n: { title: string }) => n.title);
    expect(titles).toEqual(expect.arrayContaining(['Записано до сбоя', 'Записано после сбоя']));
    expect(await app.em().count(Material, {})).toBe(2);
    await expect
      .poll(() => checkIndex(app.orm, app.search), { timeout: HANG_MS })
      .toEqual({ missing: [], extra: [], stale: [], pendingUpdates: 0 });
  });
});
