import type { Settings } from 'meilisearch';
import { stemmedSynonyms } from './synonyms.ts';

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

export const FACETS = ['kind', 'subjectIds', 'levelIds', 'grades', 'organizationId', 'municipality', 'year', 'expertLevel', 'materialType', 'keywords'] as const;
export type FacetName = (typeof FACETS)[number];

const common: Settings = {
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
  // Offsets for a library of a million materials: deep pages and full facet lists.
  pagination: { maxTotalHits: 1_000_000 },
  faceting: { maxValuesPerFacet: 500, sortFacetValuesBy: { '*': 'count' } },
};

/**
 * Title and keywords first (attribute order feeds the `attribute` rule), then subjects and
 * authors, then the summary and the long text. Each text is followed by its stems.
 */
export const materialSettings = (): Settings => ({
  ...common,
  searchableAttributes: [
    'title', 'title_stems', 'keywords', 'keywords_stems', 'subjectNames', 'levelCodes', 'authors', 'authors_stems',
    'summary', 'summary_stems', 'organizationName', ...contentFields,
  ],
  filterableAttributes: [...FACETS, 'authorIds', 'publishedAt'],
  sortableAttributes: ['publishedAt', 'title', 'downloadCount', 'viewCount', 'updatedAt'],
  displayedAttributes: ['id', 'kind', 'title', 'updatedAt'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  synonyms: stemmedSynonyms(),
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
