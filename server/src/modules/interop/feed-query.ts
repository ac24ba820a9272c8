import type { EntityManager } from '@mikro-orm/postgresql';
import { isEnumValue } from '../../common/enums.ts';
import { uuidOrNull } from '../../common/global-id.ts';
import { normalizeName } from './matching.ts';
import { MaterialKind, MaterialStatus } from '../materials/material.enums.ts';
import { Material } from '../materials/material.entity.ts';
import { Subject } from '../dictionaries/dictionary.entity.ts';
import { CollectionItem } from '../collections/collection.entity.ts';
import { CollectionService } from '../collections/collection.service.ts';
import { SearchService, type SearchDeps } from '../search/search.service.ts';
import { SearchSort, type SearchFilter } from '../search/search.types.ts';
import { parseSearchState, toFilter } from '../../../../client/src/features/search/search-state.ts';

/** How many of the newest materials a feed (and a digest letter) carries. */
export const FEED_ENTRIES = 50;

/** A feed's parameters that name nothing: 400 for a bad value, 404 for a collection that is not there. */
export class FeedQueryError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export interface FeedSelection {
  title: string;
  /** Published, newest first, with authors and subjects loaded. */
  materials: Material[];
}

/**
 * What a feed's query string selects: `?kind=…&subject=…` (name or id; each may repeat), one
 * collection (`?collection=<id>`), or any search of the search page by its own query string
 * (`?q=…&level=…`). The Atom feed and the e-mail digest both read their materials here.
 */
export async function feedMaterials(em: EntityManager, search: SearchDeps, params: URLSearchParams): Promise<FeedSelection> {
  const kinds = params.getAll('kind');
  const badKind = kinds.find((k) => !isEnumValue(MaterialKind, k));
  if (badKind !== undefined) throw new FeedQueryError(400, `kind=${badKind}: допустимы ${Object.keys(MaterialKind).join(', ')}`);
  const state = parseSearchState(params);
  const searched = state.query !== '' || Object.keys(state.selected).some((facet) => facet !== 'KIND' && facet !== 'SUBJECT');
  let materials: Material[];
  let title = 'Методическая база знаний: новые материалы';
  const collectionId = params.get('collection');
  if (collectionId) {
    const id = uuidOrNull(collectionId, ['Collection']);
    const collection = id ? await new CollectionService(em, null).findById(id) : null;
    if (!collection) throw new FeedQueryError(404, `collection=${collectionId}: такой опубликованной подборки нет`);
    const items = await em.find(
      CollectionItem,
      { collection: collection.id, material: { status: MaterialStatus.PUBLISHED } },
      { populate: ['material'] as never, orderBy: { material: { publishedAt: 'desc' } } as never, limit: FEED_ENTRIES },
    );
    materials = items.map((item) => item.material.getEntity());
    title = `Подборка «${collection.title}»`;
  } else if (searched) {
    // The search page's own state: the same words and facets find the same materials.
    try {
      const result = await new SearchService(em, null, search).search({
        query: state.query,
        filter: toFilter(state) as SearchFilter,
        sort: SearchSort.NEWEST,
        first: FEED_ENTRIES,
        facets: false,
      });
      materials = result.hits.map((hit) => hit.material);
    } catch (error) {
      throw new FeedQueryError(400, (error as Error).message);
    }
    if (state.query) title = `Методическая база знаний: «${state.query}»`;
  } else {
    const subjectNames = params.getAll('subject');
    const subjects = subjectNames.length
      ? (await em.find(Subject, {})).filter((s) =>
          subjectNames.some((n) => n === s.id || n === s.globalId || normalizeName(n) === normalizeName(s.name)),
        )
      : [];
    if (subjectNames.length && !subjects.length) throw new FeedQueryError(400, `subject=${subjectNames.join(', ')}: такого предмета нет`);
    const where: Record<string, unknown> = { status: MaterialStatus.PUBLISHED };
    if (kinds.length) where.kind = { $in: kinds };
    if (subjects.length) where.subjects = { $in: subjects.map((s) => s.id) };
    materials = await em.find(Material, where, { orderBy: { publishedAt: 'desc', id: 'asc' }, limit: FEED_ENTRIES });
    if (subjects.length) title = `Методическая база знаний: ${subjects.map((s) => s.name).join(', ')}`;
  }
  await em.populate(materials, ['authorships.person', 'subjects'] as never[]);
  return { title, materials };
}
