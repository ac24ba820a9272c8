import type { EntityManager } from '@mikro-orm/core';
import { MeiliSearchError, type MultiSearchQuery } from 'meilisearch';
import type { Context } from '../../context.ts';
import { keywordKey } from '../dictionaries/dictionary.entity.ts';
import type { Material } from '../materials/material.entity.ts';
import { MaterialService } from '../materials/material.service.ts';
import type { SearchDeps } from './engine-query.ts';
import { inList } from './search-filters.ts';
import { isUnreachable } from './search.service.ts';

/** What a material shares with others: its keywords (by key), subjects and levels. */
interface Features {
  keywords: string[];
  subjectIds: string[];
  levelIds: string[];
}

/** How a shared feature counts: a keyword twice, a subject or a level once (as MaterialService.related scores them). */
function relatedScore(features: Features, other: Features): number {
  const shared = (mine: string[], theirs: string[]) => mine.filter((value) => theirs.includes(value)).length;
  return (
    2 * shared(features.keywords, other.keywords) +
    shared(features.subjectIds, other.subjectIds) +
    shared(features.levelIds, other.levelIds)
  );
}

/** The document fields a candidate is scored by. */
const SCORED = ['keywords', 'subjectIds', 'levelIds'];

/** How many of the newest in each pool are scored, per related material asked for. */
const POOL_PER_ANSWER = 2;
const MIN_POOL = 20;
/** Asked beyond `first`, for materials withdrawn since they were indexed (the database has the last word on visibility). */
const SPARE = 5;

/**
 * Related materials from the search engine's documents, which hold every material's keywords,
 * subjects and levels and sort by publication date at no cost. Scoring every material that shares
 * a level took PostgreSQL 150 ms at 100,000 materials (two thirds of them share one); the engine
 * answers the newest of each pool in one request, and they are scored here. The pools: the newest
 * that share a keyword; that share a subject and a level; that share anything.
 *
 * The result is MaterialService.related's whenever no pool holds more than it keeps, and in the
 * common shape (one subject, one level) whatever their sizes; otherwise it is the best of the newest
 * in each pool. When the engine is away or refuses (an index whose settings lag behind the
 * server's), MaterialService.related scores in PostgreSQL: a secondary list never fails its page.
 */
export async function relatedMaterials(
  { em, viewer, search, logger }: Pick<Context, 'em' | 'viewer' | 'search' | 'logger'>,
  material: Material,
  first: number,
  fields: string[] | null,
): Promise<Material[]> {
  if (first === 0) return [];
  const materials = new MaterialService(em, viewer);
  let ranked: string[];
  try {
    ranked = await rankFromEngine(em, search, material.id, first + SPARE);
  } catch (error) {
    if (!(error instanceof MeiliSearchError)) throw error;
    if (!isUnreachable(error)) logger.warn('related materials scored in PostgreSQL: the engine refused', { error: String(error) });
    return materials.related(material, first, fields);
  }
  return (await materials.byIds(ranked, fields)).filter((m) => m.status === 'PUBLISHED').slice(0, first);
}

async function rankFromEngine(em: EntityManager, deps: SearchDeps, id: string, wanted: number): Promise<string[]> {
  const [row] = await em.getConnection().execute<Array<{ keywords: string[]; subject_ids: string[]; level_ids: string[] }>>(
    `select array(select k.name from material_keyword l join keyword k on k.id = l.keyword_id where l.material_id = ?) as keywords,
            array(select subject_id from material_subject where material_id = ?) as subject_ids,
            array(select education_level_id from material_level where material_id = ?) as level_ids`,
    [id, id, id],
  );
  const names: string[] = row!.keywords;
  const features: Features = { keywords: names.map(keywordKey), subjectIds: row!.subject_ids, levelIds: row!.level_ids };
  const keywordPool = names.length ? inList('keywords', names) : null;
  const subjectPool = features.subjectIds.length ? inList('subjectIds', features.subjectIds) : null;
  const levelPool = features.levelIds.length ? inList('levelIds', features.levelIds) : null;
  const pools = [
    keywordPool,
    subjectPool && levelPool ? `${subjectPool} AND ${levelPool}` : null,
    [keywordPool, subjectPool, levelPool].filter(Boolean).join(' OR ') || null,
  ].filter((filter): filter is string => filter !== null);
  if (!pools.length) return [];
  const limit = Math.max(MIN_POOL, POOL_PER_ANSWER * wanted);
  const queries: MultiSearchQuery[] = pools.map((filter) => ({
    indexUid: deps.names.materials,
    q: '',
    filter,
    sort: ['publishedAt:desc'],
    limit,
    attributesToRetrieve: ['id', 'publishedAt', ...SCORED],
  }));
  const { results } = await deps.client.multiSearch({ queries });
  // A document field the index does not return (its settings behind the server's) would score as nothing shared.
  if (results.some((result) => result.hits.some((hit) => SCORED.some((field) => !(field in hit)))))
    throw new MeiliSearchError(`the engine returns no ${SCORED.join(', ')} of its documents: its settings are behind the server's`);
  const candidates = new Map<string, { score: number; publishedAt: number }>();
  for (const hit of results.flatMap((result) => result.hits)) {
    if (hit.id === id || candidates.has(hit.id as string)) continue;
    // Every hit has these fields (checked above).
    const other: Features = {
      keywords: (hit.keywords as string[]).map(keywordKey),
      subjectIds: hit.subjectIds as string[],
      levelIds: hit.levelIds as string[],
    };
    candidates.set(hit.id as string, {
      score: relatedScore(features, other),
      publishedAt: (hit.publishedAt as number | null) ?? -Infinity,
    });
  }
  // PostgreSQL's order: the score, then the newer, then the id.
  return [...candidates]
    .filter(([, c]) => c.score > 0)
    .sort(([idA, a], [idB, b]) => b.score - a.score || b.publishedAt - a.publishedAt || (idA < idB ? -1 : idA > idB ? 1 : 0))
    .slice(0, wanted)
    .map(([candidate]) => candidate);
}
