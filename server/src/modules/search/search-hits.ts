import type { EntityManager } from '@mikro-orm/postgresql';
import { createHighlighter, type Highlighter } from '@metod-kb/search';
import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { badInput } from '../../common/errors.ts';
import type { Viewer } from '../accounts/viewer.ts';
import type { MaterialKind } from '../materials/kinds.ts';
import { KIND_CLASSES, Material } from '../materials/material.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { MaterialService } from '../materials/material.service.ts';
import { HighlightField, type Highlight, type SearchHit } from './search.types.ts';

type FileText = { material_id: string; file_name: string; text: string | null };

function encodeOffset(offset: number) {
  return Buffer.from(`s:${offset}`).toString('base64url');
}

/** The offset a search page's `after` cursor continues from. */
export function decodeOffset(after: string | undefined): number {
  if (!after) return 0;
  const match = /^s:(\d{1,7})$/.exec(Buffer.from(after, 'base64url').toString('utf8'));
  if (!match) throw badInput('after', 'курсор повреждён или относится к другому списку; начните с первой страницы');
  return Number(match[1]) + 1;
}

/** What an operation reads of its search hits: the materials' plain columns only, or more; the highlights or not. */
export interface HitSelection {
  /** The material's properties read, when every one is a plain column (PLAIN_FIELDS); null when it reads relations or computed fields. */
  plain: string[] | null;
  highlights: boolean;
}

/** Everything: entities with their relations and the highlights (callers without a GraphQL selection). */
export const WHOLE_HITS: HitSelection = { plain: null, highlights: true };

/**
 * Material fields a page of hits can answer without entities: its own columns from one narrow
 * statement, and the relations a result list shows through the request's loaders, which need only
 * the material's id (or its organization's). Building 20 entities of 37 columns with their identity
 * map cost more than the engine's whole answer.
 */
const COLUMN_FIELDS = [
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
const LOADED_FIELDS = ['authors', 'subjects', 'levels', 'files', 'organization'];
const PLAIN_FIELDS = new Set(['id', '__typename', ...COLUMN_FIELDS, ...LOADED_FIELDS]);
/** What highlighting reads. */
const HIGHLIGHTED = ['title', 'summary', 'body'];

/** The selection under `hits` of a search, whatever the aliases and fragments. */
export function hitSelection(info: GraphQLResolveInfo): HitSelection {
  const subfields = (tree: ResolveTree | undefined) =>
    Object.values(tree?.fieldsByTypeName ?? {}).flatMap((fields) => Object.values(fields));
  const hitFields = subfields(parseResolveInfo(info) as ResolveTree)
    .filter((f) => f.name === 'hits')
    .flatMap(subfields);
  const materialFields = new Set(hitFields.filter((f) => f.name === 'material').flatMap((f) => subfields(f).map((m) => m.name)));
  return {
    plain: [...materialFields].every((name) => PLAIN_FIELDS.has(name)) ? [...materialFields] : null,
    highlights: hitFields.some((f) => f.name === 'highlights'),
  };
}

/** The page's materials, in the given order, with our own highlighting; one the index still has but the database hides is skipped. */
export async function searchHits(
  em: EntityManager,
  viewer: Viewer | null,
  ids: string[],
  query: string,
  offset: number,
  synonyms: Record<string, string[]> = {},
  selection: HitSelection = WHOLE_HITS,
): Promise<SearchHit[]> {
  if (!ids.length) return [];
  const highlighted = selection.highlights && !!query;
  const [materials, files] = await Promise.all([
    selection.plain
      ? plainMaterials(em, viewer, ids, highlighted ? [...selection.plain, ...HIGHLIGHTED] : selection.plain)
      : em.find(Material, { $and: [{ id: { $in: ids } }, new MaterialService(em, viewer).visible()] }),
    highlighted ? fileTexts(em, ids) : Promise.resolve([]),
  ]);
  const byId = new Map(materials.map((m) => [m.id, m]));
  const found = highlighted ? highlights(materials, files, query, synonyms) : new Map<string, Highlight[]>();
  return ids.flatMap((id, i) => {
    const material = byId.get(id);
    return material ? [{ cursor: encodeOffset(offset + i), material, highlights: found.get(id) ?? [] }] : [];
  });
}

/**
 * Materials as plain objects of their kind's class (its getters and GraphQL type work) holding only
 * the given properties, from one statement; the visibility rule is the service's own `canSee`.
 */
async function plainMaterials(em: EntityManager, viewer: Viewer | null, ids: string[], properties: string[]): Promise<Material[]> {
  // Single-table kinds: a kind's own columns (expertLevel, year) are in the table too, described by its class.
  const metas = [Material, ...Object.values(KIND_CLASSES)].map((type) => em.getMetadata().get(type.name));
  const propertyOf = (name: string) => metas.map((meta) => meta.properties[name as keyof Material]).find(Boolean);
  const wanted = [...new Set(properties)].filter((p) => COLUMN_FIELDS.includes(p) || p === 'body');
  const columns = wanted.map((p) => `${propertyOf(p)!.fieldNames[0]} as "${p}"`);
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `select ${['id', 'kind', 'status', 'organization_id', 'created_by_id', 'reviewer_id', ...columns].join(', ')}
       from material where id in (${ids.map(() => '?').join(',')})`,
    ids,
  );
  const service = new MaterialService(em, viewer);
  const platform = em.getPlatform();
  // The driver hands over dates as text and arrays in PostgreSQL's notation: convert as the entity would.
  const value = (property: string, raw: unknown) => {
    const prop = propertyOf(property);
    if (raw === null || !prop) return raw;
    if (prop.runtimeType === 'Date') return new Date(raw as string);
    return prop.customType ? prop.customType.convertToJSValue(raw, platform) : raw;
  };
  return rows.flatMap(({ organization_id, created_by_id, reviewer_id, ...row }) => {
    const material = Object.create(KIND_CLASSES[row.kind as MaterialKind].prototype) as Material;
    for (const [property, raw] of Object.entries(row)) Object.assign(material, { [property]: value(property, raw) });
    Object.assign(material, {
      organization: organization_id ? em.getReference(Organization, organization_id as string, { wrapped: true }) : undefined,
      createdBy: created_by_id ? { id: created_by_id } : undefined,
      reviewer: reviewer_id ? { id: reviewer_id } : undefined,
    });
    return service.canSee(material) ? [material] : [];
  });
}

function fileTexts(em: EntityManager, materialIds: string[]) {
  return em.execute<FileText[]>(
    `select a.material_id, f.file_name, f.text from material_file a join media_file f on f.id = a.file_id
       where f.text is not null and a.material_id in (${materialIds.map(() => '?').join(',')}) order by a.position`,
    materialIds,
  );
}

function highlights(materials: Material[], files: FileText[], query: string, synonyms: Record<string, string[]>): Map<string, Highlight[]> {
  const result = new Map<string, Highlight[]>();
  const highlighter: Highlighter = createHighlighter(query, synonyms);
  for (const m of materials) {
    const list: Highlight[] = [];
    const title = highlighter.mark(m.title);
    if (title.includes('<mark>')) list.push({ field: HighlightField.TITLE, fragment: title });
    const summary = highlighter.fragment(m.summary, 40);
    if (summary) list.push({ field: HighlightField.SUMMARY, fragment: summary });
    const body = highlighter.fragment(m.body);
    if (body) list.push({ field: HighlightField.BODY, fragment: body });
    for (const file of files.filter((f) => f.material_id === m.id)) {
      const fragment = highlighter.fragment(file.text ?? '');
      if (fragment) list.push({ field: HighlightField.FILE, fragment, fileName: file.file_name });
    }
    result.set(m.id, list);
  }
  return result;
}
