/**
 * Relevance measured: judged queries (search/eval/queries.json) against what search answers.
 * A judgment names materials by exact title: 2 = exactly what the query asks for, 1 = useful.
 *
 * - success@k: a material judged 2 is among the first k answers;
 * - MRR: the mean of 1 / rank of the first material judged 2;
 * - nDCG@10: the first ten answers against the best possible order, gains 2^grade − 1.
 */
export type Grade = 1 | 2;

export interface JudgedQuery {
  type: string;
  query: string;
  relevant: Record<string, Grade>;
}

export interface JudgmentFile {
  about?: string;
  queries: JudgedQuery[];
}

export interface QueryScore {
  type: string;
  query: string;
  /** 1-based rank of the first material judged 2; null when none was answered. */
  firstExact: number | null;
  ndcg: number;
  answered: number;
  /** The first answers, as titles, for the report. */
  top: string[];
}

export interface Summary {
  queries: number;
  successAt1: number;
  successAt3: number;
  mrr: number;
  ndcg10: number;
  /** Queries with a relevant material that answered nothing at all. */
  nothingFound: number;
}

export interface RelevanceReport {
  overall: Summary;
  byType: Record<string, Summary>;
  scores: QueryScore[];
}

/** Refuses a judgment file that cannot be scored: empty, duplicate queries, no material judged 2, bad grades. */
export function checkJudgments(file: JudgmentFile): JudgedQuery[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, q] of (file.queries ?? []).entries()) {
    const at = `queries[${i}] «${q.query}»`;
    if (!q.type || !q.query?.trim()) problems.push(`${at}: type and query are required`);
    if (seen.has(q.query)) problems.push(`${at}: judged twice`);
    seen.add(q.query);
    const grades = Object.values(q.relevant ?? {});
    if (grades.some((g) => g !== 1 && g !== 2)) problems.push(`${at}: grades are 1 or 2`);
    if (!grades.includes(2)) problems.push(`${at}: no material judged 2`);
  }
  if (!file.queries?.length) problems.push('no queries');
  if (problems.length) throw new Error(`judgments: ${problems.join('; ')}`);
  return file.queries;
}

const gain = (grade: number) => 2 ** grade - 1;
const discounted = (grades: number[]) => grades.slice(0, 10).reduce((sum, g, i) => sum + gain(g) / Math.log2(i + 2), 0);

/** Scores one query from the titles search answered, in order. */
export function scoreQuery(judged: JudgedQuery, answered: string[]): QueryScore {
  const grades = answered.map((title) => judged.relevant[title] ?? 0);
  const first = grades.indexOf(2);
  const ideal = discounted(Object.values(judged.relevant).sort((a, b) => b - a));
  return {
    type: judged.type,
    query: judged.query,
    firstExact: first < 0 ? null : first + 1,
    ndcg: ideal ? discounted(grades) / ideal : 0,
    answered: answered.length,
    top: answered.slice(0, 3),
  };
}

function summarize(scores: QueryScore[]): Summary {
  const mean = (f: (s: QueryScore) => number) => scores.reduce((sum, s) => sum + f(s), 0) / (scores.length || 1);
  const within = (k: number) => (s: QueryScore) => (s.firstExact !== null && s.firstExact <= k ? 1 : 0);
  return {
    queries: scores.length,
    successAt1: mean(within(1)),
    successAt3: mean(within(3)),
    mrr: mean((s) => (s.firstExact ? 1 / s.firstExact : 0)),
    ndcg10: mean((s) => s.ndcg),
    nothingFound: scores.filter((s) => s.answered === 0).length,
  };
}

export function relevanceReport(scores: QueryScore[]): RelevanceReport {
  const types = [...new Set(scores.map((s) => s.type))];
  return {
    overall: summarize(scores),
    byType: Object.fromEntries(types.map((type) => [type, summarize(scores.filter((s) => s.type === type))])),
    scores,
  };
}

/** The worst queries first: lowest nDCG@10, then the latest first exact answer. */
export function worst(report: RelevanceReport, n = 10): QueryScore[] {
  return [...report.scores].sort((a, b) => a.ndcg - b.ndcg || (b.firstExact ?? Infinity) - (a.firstExact ?? Infinity)).slice(0, n);
}

const fixed = (value: number) => value.toFixed(3);

/** The report as plain text: the table overall and by type, then the worst queries with what they answered. */
export function formatReport(report: RelevanceReport): string {
  const row = (name: string, s: Summary) =>
    `| ${name} | ${s.queries} | ${fixed(s.successAt1)} | ${fixed(s.successAt3)} | ${fixed(s.mrr)} | ${fixed(s.ndcg10)} | ${s.nothingFound} |`;
  const lines = [
    '| queries | n | success@1 | success@3 | MRR | nDCG@10 | nothing found |',
    '|---|---|---|---|---|---|---|',
    row('all', report.overall),
    ...Object.entries(report.byType).map(([type, s]) => row(type, s)),
    '',
    'Worst 10:',
    ...worst(report).map(
      (s) =>
        `  ${fixed(s.ndcg)}  first exact at ${s.firstExact ?? '—'}  [${s.type}] «${s.query}» → ${s.top.map((t) => `«${t.slice(0, 60)}»`).join(', ') || 'nothing'}`,
    ),
  ];
  return lines.join('\n');
}
