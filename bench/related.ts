/**
 * Related materials two ways on the corpus a previous `npm run bench` kept in bench/.data: from the
 * search engine's documents (what the product does, server/src/modules/search/related-materials.ts)
 * and PostgreSQL's exact scoring of every material that shares something (its fallback), for the
 * same materials one after the other; and whether the two lists are the same.
 *   npm run bench:related [-- --materials 60 --rounds 3]
 */
import { createMeiliClient, indexNames } from '@metod-kb/search';
import { Material } from '../server/src/modules/materials/material.entity.ts';
import { MaterialService } from '../server/src/modules/materials/material.service.ts';
import { createLogger } from '../server/src/common/logger.ts';
import { relatedMaterials } from '../server/src/modules/search/related-materials.ts';
import { arg, benchInstallation, percentile } from './lib.ts';

const MATERIALS = arg('materials', 60);
const ROUNDS = arg('rounds', 3);
const FIELDS = ['id', 'title'];
const logger = createLogger('warn');

const { config, services, orm } = await benchInstallation({ reuse: true });
try {
  const deps = { client: createMeiliClient(services.meili), names: indexNames(config.meiliIndexPrefix) };
  // A fixed sample of published materials, the same in every run.
  const ids: string[] = (
    await orm.em
      .fork()
      .getConnection()
      .execute<Array<{ id: string }>>(`select id from material where status = 'PUBLISHED' order by md5(id::text) limit ?`, [MATERIALS])
  ).map((row: { id: string }) => row.id);
  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const result = await run();
    return [result, performance.now() - started];
  };
  let same = 0;
  const times = { engine: [] as number[], postgres: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const id of ids) {
      const em = orm.em.fork();
      const material = await em.findOneOrFail(Material, { id });
      const [exact, postgres] = await timed(() => new MaterialService(orm.em.fork(), null).related(material, 5, FIELDS));
      const [fromEngine, engine] = await timed(() =>
        relatedMaterials({ em: orm.em.fork(), viewer: null, search: deps, logger }, material, 5, FIELDS),
      );
      // The first round warms both up; it counts only for the comparison of the lists.
      if (round === 0) same += Number(exact.map((m) => m.id).join() === fromEngine.map((m) => m.id).join());
      else {
        times.postgres.push(postgres);
        times.engine.push(engine);
      }
    }
  }
  console.log(`Related materials (first: 5) of ${ids.length} materials, ${ROUNDS - 1} timed rounds:\n`);
  console.log('| way | p50 | p95 |\n|---|---|---|');
  for (const [way, values] of [
    ['from the engine (the product)', times.engine],
    ['PostgreSQL, every material that shares something (the fallback)', times.postgres],
  ] as const)
    console.log(`| ${way} | ${percentile(values, 50).toFixed(1)} ms | ${percentile(values, 95).toFixed(1)} ms |`);
  console.log(`\nThe same list both ways for ${same} of ${ids.length} materials.`);
} finally {
  await orm.close();
  await services.stop();
}
