import { QueryOrder, raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../accounts/viewer.ts';
import { Material } from '../materials/material.entity.ts';
import { databaseWhere } from './search-filters.ts';
import { searchHits } from './search-hits.ts';
import { SearchEngine, SearchSort, type SearchFilter, type SearchResult } from './search.types.ts';

/**
 * The fallback when the engine is away: PostgreSQL's Russian full-text search over title, summary
 * and body, with the same visibility and filters. No typo tolerance and no facets, and it says so in `engine`.
 */
export async function postgresSearch(
  em: EntityManager,
  viewer: Viewer | null,
  query: string,
  filter: SearchFilter = {},
  first: number,
  offset: number,
  sort: SearchSort,
): Promise<SearchResult> {
  const started = performance.now();
  const where = databaseWhere(em, viewer, filter);
  const qb = em.createQueryBuilder(Material, 'm').select('m.*').where(where);
  if (query) qb.andWhere(raw(`m.search_vector @@ websearch_to_tsquery('russian', ?)`, [query]));
  const total = await qb.clone().getCount();
  const order: Record<SearchSort, Record<string, QueryOrder>> = {
    RELEVANCE: query
      ? { [raw(`ts_rank(m.search_vector, websearch_to_tsquery('russian', ?))`, [query])]: QueryOrder.DESC }
      : { publishedAt: QueryOrder.DESC },
    NEWEST: { publishedAt: QueryOrder.DESC },
    MOST_DOWNLOADED: { downloadCount: QueryOrder.DESC },
    MOST_VIEWED: { viewCount: QueryOrder.DESC },
    TITLE: { title: QueryOrder.ASC },
  };
  const rows = await qb
    .orderBy([order[sort], { id: QueryOrder.ASC }])
    .offset(offset)
    .limit(first)
    .getResultList();
  const hits = await searchHits(
    em,
    viewer,
    rows.map((r) => r.id),
    query,
    offset,
  );
  return {
    hits,
    totalCount: total,
    facets: [],
    pageInfo: {
      hasNextPage: offset + rows.length < total,
      hasPreviousPage: offset > 0,
      startCursor: hits[0]?.cursor,
      endCursor: hits.at(-1)?.cursor,
    },
    processingTimeMs: Math.round(performance.now() - started),
    engine: SearchEngine.POSTGRES,
    partialMatch: false,
    understood: [],
  };
}
