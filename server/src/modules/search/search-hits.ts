import type { EntityManager } from '@mikro-orm/postgresql';
import { createHighlighter, type Highlighter } from '@metod-kb/search';
import type { GraphQLResolveInfo } from 'graphql';
import { badInput } from '../../common/errors.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { Material } from '../materials/material.entity.ts';
import { listFields, selectionOf, subfields } from '../materials/material-read.ts';
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
  /** The material's properties read, when a list's read model answers them (see material-read.ts); null for entities. */
  plain: string[] | null;
  highlights: boolean;
}

/** Everything: entities with their relations and the highlights (callers without a GraphQL selection). */
export const WHOLE_HITS: HitSelection = { plain: null, highlights: true };

/** What highlighting reads. */
const HIGHLIGHTED = ['title', 'summary', 'body'];

/** The selection under `hits` of a search, whatever the aliases and fragments. */
export function hitSelection(info: GraphQLResolveInfo): HitSelection {
  const hitFields = subfields(selectionOf(info))
    .filter((f) => f.name === 'hits')
    .flatMap(subfields);
  return {
    plain: listFields(hitFields.filter((f) => f.name === 'material')),
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
      ? new MaterialService(em, viewer).read(ids, highlighted ? [...selection.plain, ...HIGHLIGHTED] : selection.plain)
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
