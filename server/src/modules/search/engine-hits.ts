import type { EntityManager } from '@mikro-orm/postgresql';
import type { ResolveTree } from 'graphql-parse-resolve-info';
import { plainObject } from '../../common/plain-rows.ts';
import { EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { MediaFile } from '../files/media-file.entity.ts';
import type { MaterialKind } from '../materials/kinds.ts';
import { withRelations, type KnownRelations } from '../materials/material-relations.ts';
import { COLUMN_FIELDS, subfields } from '../materials/material-read.ts';
import { KIND_CLASSES, type Material } from '../materials/material.entity.ts';
import { MaterialStatus } from '../materials/material.enums.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import type { SearchDictionary } from './search-dictionary.ts';

/**
 * Search hits answered from the engine's own documents. The document of a material already holds
 * most of what a result list shows (title, summary, kind, dates, counters, authors' names,
 * organization, subjects and levels by id). When the operation asks for nothing else, the hits are
 * built from the documents the engine returns with the ids, and the database is asked the rest in
 * one statement for the page: whether each hit is still published and unchanged since it was
 * indexed, and what the documents lack (a publication's year, the files' names, the body and the
 * files' texts when the highlights need them). A hit the index has not caught up with sends the
 * page to the database path, so that an answer is never older than the database.
 */

/**
 * Relations a document names: the fields of each it answers, and from which of its fields (a document
 * indexed before a field existed still answers the others).
 */
const RELATIONS: Record<string, Record<string, string[]>> = {
  authors: { id: ['authorIds'], fullName: ['authorIds', 'authors'] },
  // Names, codes and the order of subjects and levels come from the dictionary the search holds anyway.
  subjects: { id: ['subjectIds'], name: ['subjectIds'] },
  levels: { id: ['levelIds'], code: ['levelIds'], name: ['levelIds'] },
  organization: {
    id: ['organizationId'],
    name: ['organizationId', 'organizationName'],
    shortName: ['organizationId', 'organizationShortName'],
  },
};

/** What the page's one statement answers besides the status and the stamp (see `hitRows`): a field, or a relation's fields. */
const FROM_DATABASE: Record<string, string[] | null> = { status: null, year: null, files: ['id', 'fileName'] };

/** Material fields a document holds under the same name: a list's columns but those the statement answers. */
const COLUMNS = new Set(['id', ...COLUMN_FIELDS.filter((field) => !(field in FROM_DATABASE))]);

/** Read for every hit: its class, and the stamp compared with the database's. */
const ALWAYS = ['id', 'kind', 'updatedAt'];
/** What our highlighting reads of a document (the body and files come from the database). */
export const HIGHLIGHTED_ATTRIBUTES = ['title', 'summary'];

/** How the hits of a selection are answered: the document fields to retrieve, and what the database adds. */
export interface EngineSelection {
  attributes: string[];
  database: Set<string>;
}

const isTypename = (field: ResolveTree) => field.name === '__typename';
const within = (field: ResolveTree, names: string[]) => subfields(field).every((f) => isTypename(f) || names.includes(f.name));

/** How the selections of the hits' materials are answered from the documents, or null when one asks for more. */
export function engineSelection(materials: ResolveTree[]): EngineSelection | null {
  const attributes = new Set(ALWAYS);
  const database = new Set<string>();
  for (const field of materials.flatMap(subfields)) {
    if (isTypename(field)) continue;
    if (COLUMNS.has(field.name)) {
      attributes.add(field.name);
    } else if (field.name in RELATIONS && within(field, Object.keys(RELATIONS[field.name]!))) {
      const answers = RELATIONS[field.name]!;
      // `{ __typename }` alone still needs to know whether there is one.
      for (const name of ['id', ...subfields(field).map((f) => f.name)]) (answers[name] ?? []).forEach((a) => attributes.add(a));
    } else if (field.name in FROM_DATABASE && (!FROM_DATABASE[field.name] || within(field, FROM_DATABASE[field.name]!))) {
      database.add(field.name);
    } else {
      return null;
    }
  }
  return { attributes: [...attributes], database };
}

type Document = Record<string, unknown>;

/** What the database says of a hit: whether it may be shown, and what its document lacks. */
export interface HitRow {
  id: string;
  updated_at: string | Date;
  status: MaterialStatus;
  year?: number | null;
  files?: Array<{ id: string; file_name: string }>;
  body?: string;
  texts?: Array<{ file_name: string; text: string }>;
}

/** The page's one statement: status and stamp of every hit, the fields of `database`, and the texts the highlights read. */
export function hitRows(
  em: EntityManager,
  ids: string[],
  database: Set<string>,
  texts: { body: boolean; files: boolean },
): Promise<HitRow[]> {
  const files = (fields: string, where = '') =>
    `coalesce((select json_agg(json_build_object(${fields}) order by a.position)
       from material_file a join media_file f on f.id = a.file_id where a.material_id = m.id${where}), '[]'::json)`;
  const columns = [
    'm.id',
    'm.updated_at',
    'm.status',
    ...(database.has('year') ? ['m.year'] : []),
    ...(database.has('files') ? [`${files(`'id', f.id, 'file_name', f.file_name`)} as files`] : []),
    ...(texts.body ? ['m.body'] : []),
    ...(texts.files ? [`${files(`'file_name', f.file_name, 'text', f.text`, ' and f.text is not null')} as texts`] : []),
  ];
  return em
    .getConnection()
    .execute<HitRow[]>(`select ${columns.join(', ')} from material m where m.id in (select jsonb_array_elements_text(?::jsonb)::uuid)`, [
      JSON.stringify(ids),
    ]);
}

/** True when every document holds every field asked for (one indexed by an older version may lack some). */
export const documentsAnswer = (documents: Document[], selection: EngineSelection) =>
  documents.every((doc) => selection.attributes.every((a) => a in doc));

/**
 * The hits' materials from their documents (see `documentsAnswer`) and `rows`, in order; null when
 * one is behind the database: then the caller reads the database.
 */
export function engineMaterials(
  documents: Document[],
  selection: EngineSelection,
  rows: HitRow[],
  dictionary: Pick<SearchDictionary, 'subjects' | 'levels'>,
): Material[] | null {
  const current = new Map(rows.map((row) => [row.id, row]));
  const upToDate = (doc: Document) => {
    const row = current.get(doc.id as string);
    return row?.status === MaterialStatus.PUBLISHED && new Date(row.updated_at).getTime() === doc.updatedAt;
  };
  if (!documents.every(upToDate)) return null;
  const subjects = new Map(dictionary.subjects.map((s) => [s.id, s]));
  const levels = new Map(dictionary.levels.map((l) => [l.id, l]));
  // Only what was asked for: a re-ranked search brings back `authorIds` and the like for its boosts.
  const asked = (attribute: string) => selection.attributes.includes(attribute);
  return documents.map((doc) => {
    const row = current.get(doc.id as string)!;
    const values: Document = { status: row.status };
    for (const name of selection.attributes) if (COLUMNS.has(name)) values[name] = doc[name] ?? undefined;
    for (const date of ['publishedAt', 'updatedAt']) if (typeof values[date] === 'number') values[date] = new Date(values[date]);
    if (selection.database.has('year')) values.year = row.year ?? undefined;
    const material = plainObject(KIND_CLASSES[doc.kind as MaterialKind], values) as Material;
    const relations: Partial<KnownRelations> = {};
    if (asked('authorIds')) {
      const names = doc.authors as string[] | undefined;
      relations.authors = (doc.authorIds as string[]).map((id, i) => plainObject(Person, { id, fullName: names?.[i] }));
    }
    if (asked('subjectIds')) relations.subjects = known(doc.subjectIds, subjects).map((s) => plainObject(Subject, { ...s }));
    if (asked('levelIds')) relations.levels = known(doc.levelIds, levels).map((l) => plainObject(EducationLevel, { ...l }));
    if (asked('organizationId'))
      relations.organization = doc.organizationId
        ? plainObject(Organization, {
            id: doc.organizationId,
            name: doc.organizationName,
            shortName: doc.organizationShortName ?? undefined,
          })
        : null;
    if (row.files) relations.files = row.files.map((f) => plainObject(MediaFile, { id: f.id, fileName: f.file_name }));
    return withRelations(material, relations);
  });
}

/** The dictionary entries of the given ids; one deleted since indexing is left out. */
const known = <T>(ids: unknown, entries: Map<string, T>): T[] => (ids as string[]).flatMap((id) => entries.get(id) ?? []);
