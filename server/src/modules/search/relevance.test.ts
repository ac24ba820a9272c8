import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkJudgments, formatReport, relevanceReport, scoreQuery, type JudgmentFile, type RelevanceReport } from '@metod-kb/search';
import { seedDemo } from '../../seeders/demo.seeder.ts';
import { useTestApp } from '../../test/harness.ts';

/**
 * The relevance harness (`npm run search:eval`): the demo corpus seeded into this file's own
 * database and index, every judged query of search/eval/queries.json asked through GraphQL as a
 * teacher would, and the floors below so that a ranking change cannot silently make search worse.
 */
const FLOORS = { successAt3: 0.95, ndcg10: 0.85 };
const JUDGMENTS = new URL('../../../../search/eval/queries.json', import.meta.url);
const REPORT = path.resolve('test-results/relevance.md');

const app = useTestApp();
let report: RelevanceReport;

beforeAll(async () => {
  await seedDemo(app.em());
  await app.indexer.drainAll();
  const queries = checkJudgments(JSON.parse(fs.readFileSync(JUDGMENTS, 'utf8')) as JudgmentFile);
  const published = new Set(
    (await app.em().getConnection().execute<Array<{ title: string }>>(`select title from material where status = 'PUBLISHED'`)).map(
      (r) => r.title,
    ),
  );
  const unknown = queries.flatMap((q) =>
    Object.keys(q.relevant)
      .filter((title) => !published.has(title))
      .map((title) => `«${q.query}» → «${title}»`),
  );
  if (unknown.length) throw new Error(`judged materials missing from the demo corpus: ${unknown.join('; ')}`);
  const scores = [];
  for (const judged of queries) {
    const res = await app.gql(`query($q: String) { search(query: $q, first: 10) { hits { material { title } } } }`, { q: judged.query });
    if (res.errors) throw new Error(`«${judged.query}»: ${res.errors[0]!.message}`);
    scores.push(
      scoreQuery(
        judged,
        res.data.search.hits.map((h: { material: { title: string } }) => h.material.title),
      ),
    );
  }
  report = relevanceReport(scores);
  const text = formatReport(report);
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, `${text}\n`);
  // Every query's score and first answers, to compare two runs query by query.
  fs.writeFileSync(REPORT.replace(/\.md$/, '.json'), JSON.stringify(report.scores, null, 1));
  console.log(`Relevance over ${scores.length} judged queries (also in ${path.relative(process.cwd(), REPORT)}):\n${text}`);
}, 240_000);

describe('relevance over the judged queries', () => {
  it(`finds an exact answer in the first three for at least ${FLOORS.successAt3 * 100} % of the queries`, () => {
    expect(report.overall.successAt3).toBeGreaterThanOrEqual(FLOORS.successAt3);
  });

  it(`orders the first ten with nDCG@10 of at least ${FLOORS.ndcg10}`, () => {
    expect(report.overall.ndcg10).toBeGreaterThanOrEqual(FLOORS.ndcg10);
  });

  it('never answers «ничего не найдено» to a query that has a relevant material', () => {
    expect(report.scores.filter((s) => s.answered === 0).map((s) => s.query)).toEqual([]);
  });
});
