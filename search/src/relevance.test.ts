import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkJudgments, relevanceReport, scoreQuery, worst, type JudgedQuery, type JudgmentFile } from './relevance.ts';

const judged: JudgedQuery = { type: 'word', query: 'пейзаж', relevant: { A: 2, B: 2, C: 1 } };

describe('relevance metrics', () => {
  it('scores the ideal order 1 and counts where the first exact answer stands', () => {
    expect(scoreQuery(judged, ['A', 'B', 'C'])).toMatchObject({ firstExact: 1, ndcg: 1 });
    const late = scoreQuery(judged, ['x', 'y', 'C', 'B', 'A']);
    expect(late.firstExact).toBe(4);
    expect(late.ndcg).toBeGreaterThan(0);
    expect(late.ndcg).toBeLessThan(1);
    // Only grade 2 makes a success; a useful material first is not one.
    expect(scoreQuery(judged, ['C']).firstExact).toBeNull();
  });

  it('weighs a grade-2 answer above a grade-1 answer at the same rank', () => {
    expect(scoreQuery(judged, ['A', 'x']).ndcg).toBeGreaterThan(scoreQuery(judged, ['C', 'x']).ndcg);
  });

  it('summarizes success@k, MRR and nDCG overall and per type, and lists the worst first', () => {
    const report = relevanceReport([
      scoreQuery(judged, ['A']),
      scoreQuery({ ...judged, type: 'typo', query: 'пийзаж' }, ['x', 'x', 'A']),
      scoreQuery({ ...judged, type: 'typo', query: 'пейзашш' }, []),
    ]);
    expect(report.overall).toMatchObject({ queries: 3, successAt1: 1 / 3, successAt3: 2 / 3, mrr: (1 + 1 / 3) / 3, nothingFound: 1 });
    expect(report.byType.typo).toMatchObject({ queries: 2, successAt3: 0.5 });
    expect(worst(report, 1)[0]!.query).toBe('пейзашш');
  });

  it('refuses judgments that cannot be scored', () => {
    expect(() => checkJudgments({ queries: [] })).toThrow(/no queries/);
    expect(() => checkJudgments({ queries: [{ type: 'word', query: 'x', relevant: { A: 1 } }] })).toThrow(/no material judged 2/);
    expect(() => checkJudgments({ queries: [judged, judged] })).toThrow(/judged twice/);
  });

  it('the project’s judgments: 120+ queries of every kind a teacher types, each answerable', () => {
    const file = JSON.parse(fs.readFileSync(new URL('../eval/queries.json', import.meta.url), 'utf8')) as JudgmentFile;
    const queries = checkJudgments(file);
    expect(queries.length).toBeGreaterThanOrEqual(120);
    const types = new Set(queries.map((q) => q.type));
    for (const type of [
      'word',
      'phrase',
      'question',
      'typo',
      'form',
      'abbreviation',
      'grade',
      'level',
      'subject',
      'author',
      'school',
      'derivation',
      'long',
      'wording',
    ]) {
      expect(types, type).toContain(type);
    }
  });
});
