import type { IndexNames } from '@metod-kb/search';
import type { MeiliSearch, MultiSearchQuery, SearchResponse } from 'meilisearch';
import { FACET_FIELDS } from './facets.ts';

export interface SearchDeps {
  client: MeiliSearch;
  names: IndexNames;
}

/**
 * When no material has every word of a query, the engine drops the most common words first: the
 * rare word decides («астрономия» in a long query of «учителей», «школы», «классов»). Materials
 * with every word still come first.
 */
export type Matching = 'frequency' | 'last';

/** A preference that reorders the best answers without leaving anything out (a grade, a level, a subject named in the query). */
export interface Boost {
  /** A document field and the values that earn the boost. */
  field: 'grades' | 'levelCodes' | 'subjectIds' | 'authorIds';
  values: Array<string | number>;
  weight: number;
}

export interface EngineQuery {
  q: string;
  /** Meilisearch filter expressions by facet (see SearchService.constraints). */
  constraints: Map<string, string>;
  first: number;
  offset: number;
  sort?: string[];
  matching: Matching;
  boosts: Boost[];
  /** Document fields to bring back with the ids, when the hits are answered from the engine's documents (engine-hits.ts). */
  retrieve?: readonly string[];
  /** Whether to count the facets' values (the main query's and, for each selected facet, one more query). */
  facets: boolean;
}

export interface EngineAnswer {
  ids: string[];
  /** The hits' documents with the fields asked for in `retrieve`, in the order of `ids`. */
  documents: Array<Record<string, unknown>>;
  total: number;
  distribution: Record<string, Record<string, number>>;
  processingTimeMs: number;
  /** False when not one material has every word of the query (the answers are partial matches). */
  allWords: boolean;
}

/**
 * Boosts reorder the engine's best answers only: the first WINDOW are re-ranked by relevance plus
 * boosts, later pages keep the engine's order. Pages stay disjoint and complete, counts and facets
 * are the engine's.
 */
export const BOOST_WINDOW = 100;

const BOOSTED_FIELDS = ['grades', 'levelCodes', 'subjectIds', 'authorIds'] as const;

/** One engine request: the page (re-ranked when boosted), every facet's counts, and whether all words matched. */
export async function askEngine(deps: SearchDeps, query: EngineQuery): Promise<EngineAnswer> {
  const index = deps.names.materials;
  const { q, constraints, first, offset, matching } = query;
  const rerank = query.boosts.length > 0 && !query.sort && offset < BOOST_WINDOW;
  const words = q.split(' ').filter(Boolean).length;
  const main: MultiSearchQuery = {
    indexUid: index,
    q,
    matchingStrategy: matching,
    filter: [...constraints.values()],
    facets: query.facets ? [...FACET_FIELDS] : undefined,
    sort: query.sort,
    offset: rerank ? 0 : offset,
    limit: rerank ? Math.max(BOOST_WINDOW, offset + first) : first,
    attributesToRetrieve: [...new Set(['id', ...(rerank ? BOOSTED_FIELDS : []), ...(query.retrieve ?? [])])],
    showRankingScore: rerank,
    // Only the first hit's word count is read: the `words` rule comes first, so it has the most words.
    showRankingScoreDetails: words > 1,
  };
  // Disjunctive facets: a facet with a selection counts as if only the other facets were applied,
  // so that a teacher sees how many materials each other value would add.
  const selected = query.facets ? FACET_FIELDS.filter((f) => constraints.has(f)) : [];
  const extra: MultiSearchQuery[] = selected.map((facet) => ({
    indexUid: index,
    q,
    matchingStrategy: matching,
    filter: [...constraints].filter(([name]) => name !== facet).map(([, expr]) => expr),
    facets: [facet],
    limit: 0,
  }));
  const started = performance.now();
  const { results } = await deps.client.multiSearch({ queries: [main, ...extra] });
  const [response, ...others] = results as SearchResponse[];
  const distribution = { ...response!.facetDistribution };
  selected.forEach((facet, i) => Object.assign(distribution, { [facet]: others[i]!.facetDistribution?.[facet] ?? {} }));
  const hits = rerank ? reranked(response!.hits, query.boosts).slice(offset, offset + first) : response!.hits;
  const wordDetails = response!.hits[0]?._rankingScoreDetails?.words as { matchingWords: number; maxMatchingWords: number } | undefined;
  return {
    ids: hits.map((h) => h.id as string),
    documents: hits,
    total: response!.estimatedTotalHits ?? 0,
    distribution,
    processingTimeMs: Math.max(response!.processingTimeMs, Math.round(performance.now() - started)),
    allWords: !wordDetails || wordDetails.matchingWords >= wordDetails.maxMatchingWords,
  };
}

type Hit = SearchResponse['hits'][number];

/** The window in order of engine score plus boosts; equal scores keep the engine's order. */
function reranked(hits: Hit[], boosts: Boost[]): Hit[] {
  const window = hits.slice(0, BOOST_WINDOW).map((hit, rank) => {
    let score = hit._rankingScore ?? 0;
    for (const boost of boosts) {
      const values = ([] as Array<string | number>).concat((hit[boost.field] as Array<string | number> | undefined) ?? []);
      if (values.some((v) => boost.values.includes(v))) score += boost.weight;
    }
    return { hit, rank, score };
  });
  window.sort((a, b) => b.score - a.score || a.rank - b.rank);
  return [...window.map((w) => w.hit), ...hits.slice(BOOST_WINDOW)];
}

/**
 * The order of words for the partial-match fallback, when not one material has every word and the
 * rare words tie: words that name an author first (a surname decides over «материалы»), then the
 * rarer before the more common; words found nowhere are left out. The engine then drops words
 * from the end.
 */
export async function partialOrder(deps: SearchDeps, words: string[]): Promise<string[]> {
  const index = deps.names.materials;
  const { results } = await deps.client.multiSearch({
    queries: words.flatMap((q): MultiSearchQuery[] => [
      { indexUid: index, q, limit: 0 },
      { indexUid: index, q, limit: 0, attributesToSearchOn: ['authors', 'authors_stems'] },
    ]),
  });
  const counts = words.map((word, i) => ({
    word,
    i,
    found: results[2 * i]!.estimatedTotalHits ?? 0,
    author: (results[2 * i + 1]!.estimatedTotalHits ?? 0) > 0,
  }));
  return counts
    .filter((c) => c.found > 0)
    .sort((a, b) => Number(b.author) - Number(a.author) || a.found - b.found || a.i - b.i)
    .map((c) => c.word);
}
