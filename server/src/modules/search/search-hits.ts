import type { EntityManager } from '@mikro-orm/postgresql';
import { createHighlighter, type Highlighter } from '@metod-kb/search';
import type { GraphQLResolveInfo } from 'graphql';
import { badInput } from '../../common/errors.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { Material } from '../materials/material.entity.ts';
import { listFields, selectionOf, subfields } from '../materials/material-read.ts';
import { MaterialService } from '../materials/material.service.ts';
import { documentsAnswer, engineMaterials, engineSelection, HIGHLIGHTED_ATTRIBUTES, hitRows, type EngineSelection } from './engine-hits.ts';
import type { SearchDictionary } from './search-dictionary.ts';
import { HighlightField, type Highlight, type SearchHit } from './search.types.ts';

type FileText = { material_id: string; file_name: string; text: string | null };
/** What highlighting reads of a material. */
type Texts = Pick<Material, 'id' | 'title' | 'summary' | 'body'>;

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

/** What an operation reads of its search hits: the materials' plain columns only, or more; which highlights. */
export interface HitSelection {
  /** The material's properties read, when a list's read model answers them (see material-read.ts); null for entities. */
  plain: string[] | null;
  /** How the engine's documents answer the hits, when they answer all of them (see engine-hits.ts); else null. */
  engine: EngineSelection | null;
  /** The fields whose highlights are asked for (none when `highlights` is not selected). */
  highlights: ReadonlySet<HighlightField>;
}

const EVERY_HIGHLIGHT: ReadonlySet<HighlightField> = new Set(Object.values(HighlightField));

/** Everything: entities with their relations and the highlights (callers without a GraphQL selection). */
export const WHOLE_HITS: HitSelection = { plain: null, engine: null, highlights: EVERY_HIGHLIGHT };

/** What highlighting reads of the material's own columns (the body only when BODY is asked for). */
const HIGHLIGHTED = ['title', 'summary'];

/** The selection under `hits` of a search, whatever the aliases and fragments. */
export function hitSelection(info: GraphQLResolveInfo): HitSelection {
  const hitFields = subfields(selectionOf(info))
    .filter((f) => f.name === 'hits')
    .flatMap(subfields);
  const materials = hitFields.filter((f) => f.name === 'material');
  // `highlights(fields: [...])`, under every alias; without the argument, every field.
  const highlights = new Set(
    hitFields
      .filter((f) => f.name === 'highlights')
      .flatMap((f) => (f.args.fields as HighlightField[] | null | undefined) ?? [...EVERY_HIGHLIGHT]),
  );
  const engine = engineSelection(materials);
  if (engine && highlights.size) engine.attributes = [...new Set([...engine.attributes, ...HIGHLIGHTED_ATTRIBUTES])];
  return { plain: listFields(materials), engine, highlights };
}

/** The engine's answer a page of hits is built from: its documents (with `selection.engine`'s fields) and what named their subjects. */
export interface EngineHits {
  documents: Array<Record<string, unknown>>;
  dictionary: SearchDictionary;
}

/**
 * The page's materials, in the given order, with our own highlighting; one the index still has but
 * the database hides is skipped. From the engine's documents when they answer the selection and are
 * up to date (`engine`), else from the database.
 */
export async function searchHits(
  em: EntityManager,
  viewer: Viewer | null,
  ids: string[],
  query: string,
  offset: number,
  synonyms: Record<string, string[]> = {},
  selection: HitSelection = WHOLE_HITS,
  engine?: EngineHits,
): Promise<SearchHit[]> {
  if (!ids.length) return [];
  const wanted = query ? selection.highlights : new Set<HighlightField>();
  const highlighted = wanted.size > 0;
  // The texts are read only for the fields asked for: a title's highlight needs no file.
  const reads = { body: wanted.has(HighlightField.BODY), files: wanted.has(HighlightField.FILE) };
  const page = (materials: Material[], texts: Texts[], files: FileText[]) => {
    const byId = new Map(materials.map((m) => [m.id, m]));
    const found = highlighted ? highlights(texts, files, query, synonyms, wanted) : new Map<string, Highlight[]>();
    // A hidden material keeps its place in the offsets: the next page's cursor counts the engine's hits.
    return ids.flatMap((id, i) => {
      const material = byId.get(id);
      return material ? [{ cursor: encodeOffset(offset + i), material, highlights: found.get(id) ?? [] }] : [];
    });
  };
  if (selection.engine && engine && documentsAnswer(engine.documents, selection.engine)) {
    const rows = await hitRows(em, ids, selection.engine.database, reads);
    const materials = engineMaterials(engine.documents, selection.engine, rows, engine.dictionary);
    if (materials) {
      const bodies = new Map(rows.map((row) => [row.id, row.body ?? '']));
      const texts = engine.documents.map((doc) => ({
        id: doc.id as string,
        title: doc.title as string,
        summary: doc.summary as string,
        body: bodies.get(doc.id as string)!,
      }));
      const files = rows.flatMap((row) => (row.texts ?? []).map((f) => ({ material_id: row.id, ...f })));
      return page(materials, texts, files);
    }
  }
  const [materials, files] = await Promise.all([
    selection.plain
      ? new MaterialService(em, viewer).read(
          ids,
          highlighted ? [...selection.plain, ...HIGHLIGHTED, ...(reads.body ? ['body'] : [])] : selection.plain,
        )
      : em.find(Material, { $and: [{ id: { $in: ids } }, new MaterialService(em, viewer).visible()] }),
    reads.files ? fileTexts(em, ids) : Promise.resolve([]),
  ]);
  return page(materials, materials, files);
}

function fileTexts(em: EntityManager, materialIds: string[]) {
  return em.execute<FileText[]>(
    `select a.material_id, f.file_name, f.text from material_file a join media_file f on f.id = a.file_id
       where f.text is not null and a.material_id in (${materialIds.map(() => '?').join(',')}) order by a.position`,
    materialIds,
  );
}

function highlights(
  materials: Texts[],
  files: FileText[],
  query: string,
  synonyms: Record<string, string[]>,
  fields: ReadonlySet<HighlightField>,
): Map<string, Highlight[]> {
  const result = new Map<string, Highlight[]>();
  const highlighter: Highlighter = createHighlighter(query, synonyms);
  for (const m of materials) {
    const list: Highlight[] = [];
    const title = fields.has(HighlightField.TITLE) ? highlighter.mark(m.title) : '';
    if (title.includes('<mark>')) list.push({ field: HighlightField.TITLE, fragment: title });
    const summary = fields.has(HighlightField.SUMMARY) && highlighter.fragment(m.summary, 40);
    if (summary) list.push({ field: HighlightField.SUMMARY, fragment: summary });
    const body = fields.has(HighlightField.BODY) && highlighter.fragment(m.body);
    if (body) list.push({ field: HighlightField.BODY, fragment: body });
    // Files' texts are read only when FILE is asked for (see `reads` in searchHits).
    for (const file of files.filter((f) => f.material_id === m.id)) {
      const fragment = highlighter.fragment(file.text ?? '');
      if (fragment) list.push({ field: HighlightField.FILE, fragment, fileName: file.file_name });
    }
    result.set(m.id, list);
  }
  return result;
}
