import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMeilisearch, type RunningMeilisearch } from '../../runtime/meilisearch.ts';
import { buildLevel, buildMaterial, buildOrganization, buildSubject } from '../../test/factories.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { HANG_MS } from '../../test/waiting.ts';
import { Material } from '../materials/material.entity.ts';
import { MaterialKind, MaterialStatus } from '../materials/material.enums.ts';
import { FACET_LIST } from './facets.ts';
import { checkIndex, reindexAll } from './reindex.ts';

/** A Meilisearch of this file's own, so that stopping it disturbs no other test file. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-meili-faults-'));
let engine: RunningMeilisearch;
let app: TestApp;

beforeAll(async () => {
  engine = await startEmbeddedMeilisearch(dir);
  app = await startTestApp({ meili: { url: engine.url, apiKey: engine.masterKey } });
  app.indexer.start();
});
afterAll(async () => {
  await app?.close();
  await engine?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const SEARCH = `query($q: String, $f: SearchFilter) { search(query: $q, filter: $f, first: 50) { engine totalCount hits { material { title } } } }`;
const search = async (q: string, filter: Record<string, unknown> = {}) => (await app.gql(SEARCH, { q, f: filter })).data.search;

// Meilisearch stops and starts again inside a test: every wait is for a condition, with the hang limit.
describe('search when Meilisearch goes away', { timeout: 5 * HANG_MS }, () => {
  it('keeps writes, answers from PostgreSQL meanwhile, and indexes the backlog when the engine returns', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Сбой');
    const level = await buildLevel(em, 'СБОЙ');
    const material = await buildMaterial(em, { title: 'Сельская школа и её музей', subjects: [subject], levels: [level] });
    await buildMaterial(em, { title: 'Черновик о геокэшинге', subjects: [subject], status: MaterialStatus.DRAFT });
    await buildMaterial(em, { title: 'Соседний материал о походах', levels: [level] });
    await expect.poll(() => search('музей'), { timeout: HANG_MS }).toMatchObject({ totalCount: 1, engine: 'MEILISEARCH' });
    const RELATED = `query($id: ID!) { material(id: $id) { related { title } } }`;
    const related = async () => (await app.gql(RELATED, { id: material.globalId })).data.material.related;
    await expect.poll(related, { timeout: HANG_MS }).toEqual([{ title: 'Соседний материал о походах' }]);

    const port = Number(new URL(engine.url).port);
    await engine.stop();
    const renamed = await em.findOneOrFail(Material, { id: material.id });
    renamed.title = 'Геокэшинг на уроках краеведения';
    await em.flush(); // the write succeeds with the engine down

    // Related materials are scored in PostgreSQL meanwhile.
    expect(await related()).toEqual([{ title: 'Соседний материал о походах' }]);
    const fallback = await search('геокэшинга', { subjectIds: [subject.globalId] });
    expect(fallback.engine).toBe('POSTGRES');
    expect(fallback.hits.map((h: any) => h.material.title)).toEqual(['Геокэшинг на уроках краеведения']);
    // The fallback narrows by every facet as the engine would, and still hides the draft.
    const year = material.publishedAt!.getUTCFullYear();
    expect((await search('', { subjectIds: [subject.globalId], years: [year - 1, year] })).totalCount).toBe(1);
    expect((await search('', { subjectIds: [subject.globalId], years: [year + 1] })).totalCount).toBe(0);
    expect((await search('', { subjectIds: [subject.globalId], expertLevels: ['REGIONAL'] })).totalCount).toBe(0);
    expect((await search('', { subjectIds: [subject.globalId], kinds: ['BEST_PRACTICE'] })).totalCount).toBe(1);
    const ready = await (await fetch(`${app.url}/ready`)).json();
    expect(ready).toMatchObject({ status: 'degraded', database: { ok: true }, search: { ok: false } });
    expect(ready.search.pendingUpdates).toBeGreaterThan(0);

    engine = await startEmbeddedMeilisearch(dir, { port });
    await expect
      .poll(() => search('геокэшинг'), { timeout: HANG_MS })
      .toEqual({ engine: 'MEILISEARCH', totalCount: 1, hits: [{ material: { title: 'Геокэшинг на уроках краеведения' } }] });
    await expect
      .poll(() => checkIndex(app.orm, app.search), { timeout: HANG_MS })
      .toEqual({ missing: [], extra: [], stale: [], pendingUpdates: 0 });
  });

  it('narrows by every facet of the table the same in the engine and in the PostgreSQL fallback', async () => {
    const em = app.em();
    const [north, south] = [
      await buildOrganization(em, { municipality: 'Северный фасетный район' }),
      await buildOrganization(em, { municipality: 'Южный фасетный район' }),
    ];
    const [history, art] = [await buildSubject(em, 'Фасетная история'), await buildSubject(em, 'Фасетное искусство')];
    const [noo, ooo] = [await buildLevel(em, 'ФНОО'), await buildLevel(em, 'ФООО')];
    await buildMaterial(em, {
      title: 'Фасетоград: практика',
      subjects: [history],
      levels: [noo],
      grades: [2],
      keywords: ['УУД'],
      organization: north,
      publishedAt: new Date(Date.UTC(2024, 4, 1)),
      fields: { expertLevel: 'MUNICIPAL' },
    });
    await buildMaterial(em, {
      kind: MaterialKind.METHODOLOGICAL_MATERIAL,
      title: 'Фасетоград: материал',
      subjects: [art],
      levels: [ooo],
      grades: [7],
      keywords: ['проект'],
      organization: south,
      publishedAt: new Date(Date.UTC(2025, 4, 1)),
      fields: { materialType: 'LESSON_PLAN' },
    });
    const FACETED = `query($q: String, $f: SearchFilter) { search(query: $q, filter: $f, first: 50) { engine hits { material { title } } facets { name values { value } } } }`;
    const ask = async (filter: Record<string, unknown> = {}) => (await app.gql(FACETED, { q: 'фасетоград', f: filter })).data.search;
    await expect.poll(async () => (await ask()).hits.length, { timeout: HANG_MS }).toBe(2);
    const all = await ask();
    const titles = (result: any) => result.hits.map((h: any) => h.material.title).sort();
    // Each value of each facet, through the engine.
    const cases: Array<{ filter: Record<string, unknown>; titles: string[] }> = [];
    for (const facet of FACET_LIST) {
      const values = all.facets.find((f: any) => f.name === facet.name).values.map((v: any) => v.value) as string[];
      expect(values.length, facet.name).toBeGreaterThan(0);
      for (const value of values) {
        const filter = { [facet.argument]: [facet.numeric ? Number(value) : value] };
        const found = titles(await ask(filter));
        expect(found.length, `${facet.name} = ${value}`).toBeGreaterThan(0);
        cases.push({ filter, titles: found });
      }
    }
    // Most facets tell the two apart; the kinds, levels and years do.
    expect(cases.filter((c) => c.titles.length === 1).length).toBeGreaterThanOrEqual(FACET_LIST.length);

    const port = Number(new URL(engine.url).port);
    await engine.stop();
    for (const { filter, titles: expected } of cases) {
      const fallback = await ask(filter);
      expect(fallback.engine).toBe('POSTGRES');
      expect(titles(fallback), JSON.stringify(filter)).toEqual(expected);
    }
    engine = await startEmbeddedMeilisearch(dir, { port });
    await expect.poll(async () => (await ask()).engine, { timeout: HANG_MS }).toBe('MEILISEARCH');
  });

  it('keeps answering while the index is rebuilt: never an empty result', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Перестройка');
    for (let i = 0; i < 40; i++)
      await buildMaterial(em, { kind: MaterialKind.PUBLICATION, title: `Статья о перестройке индекса № ${i}`, subjects: [subject] });
    await expect.poll(async () => (await search('перестройке')).totalCount, { timeout: HANG_MS }).toBe(40);

    let rebuilding = true;
    const counts: number[] = [];
    const searching = (async () => {
      while (rebuilding) counts.push((await search('перестройке')).totalCount);
    })();
    const summary = await reindexAll(app.orm, app.search);
    rebuilding = false;
    await searching;
    expect(summary.materials).toBeGreaterThanOrEqual(40);
    expect(counts.length).toBeGreaterThan(5);
    expect(counts.every((count) => count === 40)).toBe(true);
  });
});
