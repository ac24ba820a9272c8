import type { Settings } from 'meilisearch';
import { STOP_WORDS } from './russian.ts';

/** How many chunk fields a material's long text (body and files) is spread over; see documents.ts. */
export const CONTENT_CHUNKS = 4;
const contentFields = Array.from({ length: CONTENT_CHUNKS }, (_, i) => [`content_${i}`, `content_stems_${i}`]).flat();

export interface IndexNames {
  materials: string;
  people: string;
  organizations: string;
}

/** Index uids under a prefix, so that several installations (or test files) share one engine. */
export function indexNames(prefix: string): IndexNames {
  return { materials: `${prefix}materials`, people: `${prefix}people`, organizations: `${prefix}organizations` };
}

/** Derivation fields hold generated stems, some of them not words: a typo must not reach them. */
const DERIVED = ['title_derived', 'summary_derived'];

const common: Settings = {
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
  // Offsets for a library of a million materials: deep pages and full facet lists.
  pagination: { maxTotalHits: 1_000_000 },
  faceting: { maxValuesPerFacet: 500, sortFacetValuesBy: { '*': 'count' } },
};

/**
 * Title and keywords first (attribute order feeds the `attribute` rule), then subjects and
 * authors, then the summary and the long text. Each text is followed by its stems, and the short
 * texts by their other derivations, so that an exact form ranks above a derived one.
 */
export const materialSettings = (synonyms: Record<string, string[]>, facets: readonly string[]): Settings => ({
  ...common,
  typoTolerance: { ...common.typoTolerance, disableOnAttributes: DERIVED },
  searchableAttributes: [
    'title',
    'title_stems',
    'keywords',
    'keywords_stems',
    'subjectNames',
    'subjects_stems',
    'levelCodes',
    'authors',
    'authors_stems',
    'title_derived',
    'summary',
    'summary_stems',
    'summary_derived',
    'organizationName',
    ...contentFields,
  ],
  // The facets are the server's (its facet table); authors and dates filter lists and feeds.
  filterableAttributes: [...new Set([...facets, 'authorIds', 'publishedAt'])],
  sortableAttributes: ['publishedAt', 'title', 'downloadCount', 'viewCount', 'updatedAt'],
  // The boosted fields are read back to re-rank the best answers, and a result list's fields to answer
  // its hits without loading them again (see the server's engine-query.ts and engine-hits.ts).
  displayedAttributes: [
    'id',
    'kind',
    'title',
    'summary',
    'updatedAt',
    'publishedAt',
    'grades',
    'levelCodes',
    'levelIds',
    'subjectIds',
    'keywords',
    'authors',
    'authorIds',
    'organizationId',
    'organizationName',
    'organizationShortName',
    'viewCount',
    'downloadCount',
    'expertLevel',
    'materialType',
  ],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  stopWords: STOP_WORDS,
  synonyms,
});

export const personSettings = (): Settings => ({
  ...common,
  searchableAttributes: ['fullName', 'position', 'position_stems', 'organizationName', 'subjectNames'],
  filterableAttributes: ['organizationId', 'subjectIds'],
  sortableAttributes: ['fullName'],
  displayedAttributes: ['id', 'fullName', 'position', 'organizationName'],
});

export const organizationSettings = (): Settings => ({
  ...common,
  searchableAttributes: ['name', 'shortName', 'name_stems', 'municipality'],
  filterableAttributes: ['type', 'municipality'],
  sortableAttributes: ['name'],
  displayedAttributes: ['id', 'name', 'shortName', 'municipality'],
});
