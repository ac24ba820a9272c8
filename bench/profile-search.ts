import { createMeiliClient, createHighlighter, indexNames } from '@metod-kb/search';
import { loadConfig } from '../server/src/config.ts';
import { openOrm } from '../server/src/db/orm.ts';
import { readRuntime } from '../server/src/runtime/services.ts';
import { SearchService } from '../server/src/modules/search/search.service.ts';
import { Material } from '../server/src/modules/materials/material.entity.ts';
const config = loadConfig({ ...process.env, DATA_DIR: '/tmp/kbd' });
const rt = readRuntime('/tmp/kbd')!;
const orm = await openOrm({ databaseUrl: rt.databaseUrl });
const deps = { client: createMeiliClient(rt.meili), names: indexNames(config.meiliIndexPrefix) };
for (let i = 0; i < 3; i++) {
  const em = orm.em.fork() as any;
  let t = performance.now();
  await new SearchService(em, null, deps).search({ query: 'функциональная грамотность', first: 20 });
  console.log('search', (performance.now() - t).toFixed(1));
  const ms = await em.find(Material, {}, { limit: 20 });
  t = performance.now();
  const h = createHighlighter('функциональная грамотность');
  for (const m of ms) { h.mark(m.title); h.fragment(m.summary, 40); h.fragment(m.body); }
  console.log('highlight', (performance.now() - t).toFixed(1));
}
await orm.close();
