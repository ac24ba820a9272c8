import { createMeiliClient } from '@metod-kb/search';
import { describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../common/logger.ts';
import { openOrm } from '../../db/orm.ts';
import { buildMaterial, buildSubject } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { SearchIndexer } from './indexer.ts';
import { checkIndex } from './reindex.ts';

const app = useTestApp();

describe('search indexer', () => {
  it('shares the outbox between two indexers on one database without indexing a row twice', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Очередь');
    for (let i = 0; i < 60; i++) await buildMaterial(em, { title: `Материал очереди ${i}`, subjects: [subject] });
    const [{ total }] = await em.execute<Array<{ total: string }>>(
      'select count(*) as total from search_outbox where processed_at is null',
    );

    // A second process: its own connection pool and client over the same database and indexes.
    const url = app.orm.config.getClientUrl();
    const otherOrm = await openOrm({ databaseUrl: url, poolMax: 2 });
    const seen: string[][] = [[], []];
    const make = (orm: typeof otherOrm, i: number) =>
      new SearchIndexer(orm, createMeiliClient(inject('meili')), app.search.names, createLogger('silent'), {
        batchSize: 7,
        onIndexed: (ids) => seen[i]!.push(...ids),
      });
    try {
      await Promise.all([make(app.orm as never, 0).drainAll(), make(otherOrm, 1).drainAll()]);
    } finally {
      await otherOrm.close();
    }
    const all = [...seen[0]!, ...seen[1]!];
    expect(all).toHaveLength(Number(total));
    expect(new Set(all).size).toBe(all.length);
    expect(seen[0]!.length).toBeGreaterThan(0);
    expect(seen[1]!.length).toBeGreaterThan(0);
    expect(await checkIndex(app.orm, app.search)).toEqual({ missing: [], extra: [], stale: [], pendingUpdates: 0 });
  });

  it('replays a batch whose indexing was cut off: nothing is marked done before the engine confirmed', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Обрыв');
    const material = await buildMaterial(em, { title: 'Обрыв посреди пакета', subjects: [subject] });
    await app.indexer.drainAll();
    material.title = 'Обрыв посреди пакета: новая редакция';
    await em.flush();
    // An engine that is not there: the batch fails after being claimed.
    const broken = new SearchIndexer(
      app.orm as never,
      createMeiliClient({ url: 'http://127.0.0.1:9' }),
      app.search.names,
      createLogger('silent'),
    );
    expect(await broken.drainOnce()).toBeGreaterThan(0);
    const [row] = await em.execute<Array<{ attempts: number; last_error: string; processed_at: Date | null }>>(
      'select attempts, last_error, processed_at from search_outbox where entity_id = ? order by id desc limit 1',
      [material.id],
    );
    expect(row).toMatchObject({ attempts: 1, processed_at: null });
    expect(row!.last_error).toContain('Request to');
    await em.execute(`update search_outbox set available_at = now() where processed_at is null`);
    await app.indexer.drainAll();
    const hits = await app.search.client.index(app.search.names.materials).search('редакция');
    expect(hits.hits.map((h) => h.id)).toEqual([material.id]);
  });
});
