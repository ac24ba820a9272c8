import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { fromGlobalIds } from '../../common/global-id.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { Material } from '../materials/material.entity.ts';
import { MaterialService } from '../materials/material.service.ts';
import { Person } from '../people/person.entity.ts';
import { FACET_LIST, selectedValues } from './facets.ts';
import type { SearchFilter } from './search.types.ts';

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
/** A filter expression of the engine: the attribute has one of the values. */
export const inList = (attribute: string, values: Array<string | number>) =>
  `${attribute} IN [${values.map((v) => (typeof v === 'number' ? String(v) : quote(v))).join(', ')}]`;

/** The filter as Meilisearch expressions, one per facet, each value checked first. */
export function engineConstraints(filter: SearchFilter = {}): Map<string, string> {
  const c = new Map<string, string>();
  for (const facet of FACET_LIST) {
    const values = selectedValues(facet, filter);
    if (values?.length) c.set(facet.field, inList(facet.field, values));
  }
  const authors = fromGlobalIds(filter.authorIds, 'filter.authorIds', [Person.name]);
  if (authors?.length) c.set('authorIds', inList('authorIds', authors));
  return c;
}

/** Every facet of the filter as a database condition, so the fallback narrows exactly as the engine would. */
export function databaseWhere(em: EntityManager, viewer: Viewer | null, filter: SearchFilter): FilterQuery<Material> {
  // The rest of the filter (visibility, authors) as material lists apply it.
  const rest: SearchFilter = { ...filter };
  for (const facet of FACET_LIST) delete rest[facet.argument];
  const conditions = [new MaterialService(em, viewer).where(rest)];
  for (const facet of FACET_LIST) {
    const values = selectedValues(facet, filter);
    if (values?.length) conditions.push(facet.where(values));
  }
  return conditions.length === 1 ? conditions[0]! : { $and: conditions };
}
