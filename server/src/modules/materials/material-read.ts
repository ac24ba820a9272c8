import type { EntityManager } from '@mikro-orm/core';
import type { GraphQLResolveInfo } from 'graphql';
import DataLoader from 'dataloader';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { perRequest } from '../../common/per-request.ts';
import { columnValue, plainObject } from '../../common/plain-rows.ts';
import { User } from '../accounts/user.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import type { MaterialKind } from './kinds.ts';
import { KIND_CLASSES, Material } from './material.entity.ts';
import {
  EMBEDDED_RELATIONS,
  embeddedRelation,
  embeddedRelationSql,
  withRelations,
  type EmbeddedRelation,
  type KnownRelations,
} from './material-relations.ts';

/**
 * The read side of materials in lists (search hits, pages of materials, portfolios). A list reads a
 * few fields of many materials; building an entity of 37 columns with its identity map for each
 * cost more than the rest of the request. When every field a list asks for is one of these, its
 * materials come from one narrow statement as plain objects, with their subjects, levels, authors
 * and organization as JSON in it; other relations from the request's loaders, which need only the
 * material's id (or its organization's). Writes, histories and the editor keep the ORM's entities.
 */
export const COLUMN_FIELDS = [
  'kind',
  'title',
  'summary',
  'status',
  'grades',
  'publishedAt',
  'updatedAt',
  'viewCount',
  'downloadCount',
  'expertLevel',
  'materialType',
  'year',
];
/** Relations read through the request's loaders by the material's id (or its organization's). */
const LOADED_FIELDS = ['authors', 'subjects', 'levels', 'files', 'organization'];
/** The workflow's fields of the author's desk and the review desk: columns, and loaders by the material's id (or its expert's). */
const WORKFLOW_FIELDS = ['version', 'reviewDueOn', 'reviews', 'assignedExpert', 'methodistDecision'];
const LIST_FIELDS = new Set(['id', '__typename', ...COLUMN_FIELDS, ...LOADED_FIELDS, ...WORKFLOW_FIELDS]);

/** The fields selected under a field of the operation, whatever the aliases, fragments and types. */
export const subfields = (tree: ResolveTree | undefined): ResolveTree[] =>
  Object.values(tree?.fieldsByTypeName ?? {}).flatMap((fields) => Object.values(fields));

/** The operation's tree under the current field. */
export const selectionOf = (info: GraphQLResolveInfo) => parseResolveInfo(info) as ResolveTree;

/**
 * The material properties a list reads, given the selections of its material nodes; null when one
 * reads more than a list's fields (then the list loads entities).
 */
export function listFields(nodes: ResolveTree[]): string[] | null {
  const names = new Set(nodes.flatMap((node) => subfields(node).map((field) => field.name)));
  return [...names].every((name) => LIST_FIELDS.has(name)) ? [...names] : null;
}

/** A material's page reads, besides a list's fields, these relations through the request's loaders. */
const PAGE_RELATIONS = ['keywords', 'attachments', 'related'];
/** Fields computed from columns, and the columns they read. */
const DERIVED: Record<string, string[]> = { certificateUrl: ['registrationNumber'] };

/**
 * The material properties a single material's selection reads (its page: every column of its kind,
 * the list's relations and workflow, keywords, attachments, related materials); null when it reads
 * more (histories, the editor's fields: then an entity is loaded).
 */
export function pageFields(em: EntityManager, node: ResolveTree): string[] | null {
  const names = [...new Set(subfields(node).map((field) => field.name))];
  const answered = (name: string) =>
    LIST_FIELDS.has(name) || PAGE_RELATIONS.includes(name) || name in DERIVED || propertyOf(em, name)?.kind === 'scalar';
  return names.every(answered) ? [...names, ...names.flatMap((name) => DERIVED[name] ?? [])] : null;
}

/** A property of the material table, described by Material or by the kind that has it (single-table kinds). */
function propertyOf(em: EntityManager, name: string) {
  return [Material, ...Object.values(KIND_CLASSES)]
    .map((type) => em.getMetadata().get(type.name).properties[name as keyof Material])
    .find(Boolean);
}

/** The material nodes of a connection: `edges { node }` and `nodes`. */
export function connectionNodes(info: GraphQLResolveInfo): ResolveTree[] {
  const fields = subfields(selectionOf(info));
  return [
    ...fields.filter((f) => f.name === 'nodes'),
    ...fields.filter((f) => f.name === 'edges').flatMap((edges) => subfields(edges).filter((f) => f.name === 'node')),
  ];
}

/**
 * Materials as plain objects of their kind's class (its getters and GraphQL type work) holding the
 * given properties (columns; relations are left to the loaders), from one statement, in no order and
 * unfiltered: MaterialService.read orders them and applies its visibility rule.
 */
/** The column names of the relations a page's statement carries (`relation:authors`), apart from the material's own. */
const RELATION_PREFIX = 'relation:';

export async function materialRows(em: EntityManager, ids: string[], properties: string[]): Promise<Material[]> {
  if (!ids.length) return [];
  const always = ['id', 'kind', 'status'];
  const wanted = [...new Set(properties)].filter((p) => propertyOf(em, p)?.kind === 'scalar' && !always.includes(p));
  const columns = wanted.map((p) => `${propertyOf(em, p)!.fieldNames[0]} as "${p}"`);
  // Relations the list shows come in the same statement (one round trip for the page, not one per relation).
  const embedded = EMBEDDED_RELATIONS.filter((relation) => properties.includes(relation));
  const relationColumns = embedded.map((relation) => `${embeddedRelationSql(relation)} as "${RELATION_PREFIX}${relation}"`);
  const rows: Array<Record<string, unknown>> = await em.getConnection().execute(
    `select ${[...always.map((c) => `m.${c}`), 'm.organization_id', 'm.created_by_id', 'm.reviewer_id', ...columns.map((c) => `m.${c}`), ...relationColumns].join(', ')}
       from material m where m.id in (${ids.map(() => '?').join(',')})`,
    ids,
  );
  const platform = em.getPlatform();
  // Each column's description once for the whole page, not once per row.
  const described = new Map([...always, ...wanted].map((p) => [p, propertyOf(em, p)]));
  const value = (property: string, raw: unknown) => columnValue(described.get(property), raw, platform);
  return rows.map(({ organization_id, created_by_id, reviewer_id, ...row }) => {
    const values: Record<string, unknown> = {
      organization: organization_id ? em.getReference(Organization, organization_id as string, { wrapped: true }) : undefined,
      createdBy: created_by_id ? em.getReference(User, created_by_id as string, { wrapped: true }) : undefined,
      reviewer: reviewer_id ? em.getReference(User, reviewer_id as string, { wrapped: true }) : undefined,
    };
    const relations: Partial<KnownRelations> = {};
    for (const [property, raw] of Object.entries(row)) {
      if (property.startsWith(RELATION_PREFIX))
        Object.assign(relations, embeddedRelation(em, property.slice(RELATION_PREFIX.length) as EmbeddedRelation, raw));
      else values[property] = value(property, raw);
    }
    const material = plainObject(KIND_CLASSES[row.kind as MaterialKind], values) as Material;
    return embedded.length ? withRelations(material, relations) : material;
  });
}

/**
 * `materialRows` batched over a request: the lists a page holds (each file's materials in the media
 * library) read in one statement per set of properties. Not cached: a write later in the request
 * reads afresh.
 */
export const batchedMaterialRows = perRequest((em) => {
  const loaders = new Map<string, DataLoader<string, Material | undefined>>();
  return async (ids: string[], properties: string[]): Promise<Material[]> => {
    const wanted = [...new Set(properties)].sort();
    const key = wanted.join();
    let loader = loaders.get(key);
    if (!loader) {
      loader = new DataLoader(
        async (batch) => {
          const byId = new Map((await materialRows(em, [...new Set(batch)], wanted)).map((m) => [m.id, m]));
          return batch.map((id) => byId.get(id));
        },
        { cache: false },
      );
      loaders.set(key, loader);
    }
    const rows = await loader.loadMany(ids);
    const failed = rows.find((row) => row instanceof Error);
    if (failed) throw failed;
    return rows.filter((row): row is Material => row !== undefined);
  };
});
