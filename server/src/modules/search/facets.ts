import type { FilterQuery } from '@mikro-orm/core';
import type { MaterialDocument } from '@metod-kb/search';
import { fromGlobalIds } from '../../common/global-id.ts';
import { cleanKeyword, keywordKey } from '../dictionaries/keywords.ts';
import type { Names } from '../materials/kinds.ts';
import type { Material } from '../materials/material.entity.ts';
import { EXPERT_LEVEL_LABELS, KIND_LABELS, MATERIAL_TYPE_LABELS } from '../materials/material.enums.ts';
import type { SearchFilter } from './search.types.ts';

/**
 * The search facets, one entry each: the engine's document field, the filter argument of the API,
 * the URL parameter of the search page (the client is generated from this table), how a value reads,
 * and the condition the PostgreSQL fallback narrows by. The index settings, the GraphQL enum
 * `FacetName`, the engine's filters and counts and the client's URL state all come from here.
 * Adding a facet: an entry (and, when its value is new, the field in the search package's document
 * builder `documents.ts`, where `sources.ts` reads it, and the argument on `SearchFilter`), a material
 * carrying a value in the fixture of search-faults.test.ts (it checks every facet of this table in
 * the engine and in the fallback), then `npm run codegen -w client` and `npm run kb -- reindex`.
 */
export interface FacetSpec {
  /** The GraphQL enum value. */
  name: string;
  /** The filter group's heading on the search page, in Russian and English. */
  title: Names;
  /** The document field the engine filters and counts by. */
  field: keyof MaterialDocument & string;
  /** The `SearchFilter` argument that selects values of this facet. */
  argument: keyof SearchFilter & string;
  /** The search page's URL parameter. */
  param: string;
  /** Values are numbers in the API (classes, years). */
  numeric?: boolean;
  /** Values are ids of this node type: global ids in the API, the row's uuid in the engine. */
  node?: 'Subject' | 'EducationLevel' | 'Organization';
  /** A value as the engine keeps it (a keyword is matched as written, in any case). */
  engineValue?: (value: string) => string;
  /** How a value reads; node values read from their rows (see LABEL_SQL). */
  label?: (value: string) => string;
  /** The fallback's condition for the selected values (ids already resolved). */
  where: (values: Array<string | number>) => FilterQuery<Material>;
}

const from =
  <T extends Record<string, string>>(labels: T) =>
  (value: string) =>
    labels[value as keyof T] ?? value;
/** A condition the entity's typings cannot follow through relations and enums; the fallback's tests check each. */
const cond = (query: object) => query as FilterQuery<Material>;
const yearRange = (year: number) => ({ publishedAt: { $gte: new Date(Date.UTC(year, 0, 1)), $lt: new Date(Date.UTC(year + 1, 0, 1)) } });

export const FACETS = [
  {
    name: 'KIND',
    title: ['Вид', 'Kind'],
    field: 'kind',
    argument: 'kinds',
    param: 'kind',
    label: from(KIND_LABELS),
    where: (v) => cond({ kind: { $in: v } }),
  },
  {
    name: 'SUBJECT',
    title: ['Предмет', 'Subject'],
    field: 'subjectIds',
    argument: 'subjectIds',
    param: 'subject',
    node: 'Subject',
    where: (v) => cond({ subjects: { $some: { id: { $in: v } } } }),
  },
  {
    name: 'LEVEL',
    title: ['Уровень образования', 'Level'],
    field: 'levelIds',
    argument: 'levelIds',
    param: 'level',
    node: 'EducationLevel',
    where: (v) => cond({ levels: { $some: { id: { $in: v } } } }),
  },
  {
    name: 'GRADE',
    title: ['Класс', 'Grade'],
    field: 'grades',
    argument: 'grades',
    param: 'grade',
    numeric: true,
    label: (v) => `${v} класс`,
    where: (v) => cond({ grades: { $overlap: v } }),
  },
  {
    name: 'ORGANIZATION',
    title: ['Организация', 'Organization'],
    field: 'organizationId',
    argument: 'organizationIds',
    param: 'org',
    node: 'Organization',
    where: (v) => cond({ organization: { $in: v } }),
  },
  {
    name: 'MUNICIPALITY',
    title: ['Муниципалитет', 'Municipality'],
    field: 'municipality',
    argument: 'municipalities',
    param: 'municipality',
    where: (v) => cond({ organization: { municipality: { $in: v } } }),
  },
  {
    name: 'YEAR',
    title: ['Год', 'Year'],
    field: 'year',
    argument: 'years',
    param: 'year',
    numeric: true,
    where: (v) => cond({ $or: v.map((year) => yearRange(Number(year))) }),
  },
  {
    name: 'EXPERT_LEVEL',
    title: ['Уровень рекомендации', 'Recommended at'],
    field: 'expertLevel',
    argument: 'expertLevels',
    param: 'expert',
    label: from(EXPERT_LEVEL_LABELS),
    where: (v) => cond({ expertLevel: { $in: v } }),
  },
  {
    name: 'MATERIAL_TYPE',
    title: ['Тип материала', 'Material type'],
    field: 'materialType',
    argument: 'materialTypes',
    param: 'type',
    label: from(MATERIAL_TYPE_LABELS),
    where: (v) => cond({ materialType: { $in: v } }),
  },
  {
    name: 'KEYWORD',
    title: ['Ключевые слова', 'Keywords'],
    field: 'keywords',
    argument: 'keywords',
    param: 'keyword',
    engineValue: cleanKeyword,
    where: (v) => cond({ keywords: { $some: { key: { $in: v.map((k) => keywordKey(String(k))) } } } }),
  },
] as const satisfies readonly FacetSpec[];

export type Facet = (typeof FACETS)[number];

/** The table for code that treats every facet alike. */
export const FACET_LIST: readonly FacetSpec[] = FACETS;

/** The GraphQL enum: facet name → engine field (the engine's distribution is keyed by field). */
export const FacetName = Object.fromEntries(FACETS.map((f) => [f.name, f.field])) as { [F in Facet as F['name']]: F['field'] };
export type FacetName = Facet['field'];

/** The fields the engine must be able to filter and count by. */
export const FACET_FIELDS: readonly FacetName[] = FACETS.map((f) => f.field);

/** Labels of node values: one statement per search for all of them (see SearchService.facetLabels). */
export const LABEL_SQL: Record<NonNullable<FacetSpec['node']>, string> = {
  Subject: 'select id, name as label from subject',
  EducationLevel: `select id, code || ' — ' || name as label from education_level`,
  Organization: 'select id, coalesce(short_name, name) as label from organization',
};

/** The values a filter selects for a facet as the engine and the database know them (ids resolved, checked); none when empty. */
export function selectedValues(facet: FacetSpec, filter: SearchFilter): Array<string | number> | undefined {
  const given = filter[facet.argument] as Array<string | number> | null | undefined;
  if (!given?.length) return undefined;
  if (facet.node) return fromGlobalIds(given as string[], `filter.${facet.argument}`, [facet.node]);
  return facet.engineValue ? given.map((v) => facet.engineValue!(String(v))) : given;
}
