import type { MaterialEditorQueryQuery, UpdateMaterialInput } from '../../gql/graphql.ts';
import { editorFields, type DraftFields } from './validate.ts';

/** The material as the editor loads it. */
export type Loaded = NonNullable<MaterialEditorQueryQuery['material']>;

/** The editor's fields from a loaded material: every own field of its kind as text. */
export function fieldsOf(m: Loaded): DraftFields {
  const own = m as Record<string, unknown>;
  return {
    kind: m.kind,
    title: m.title,
    summary: m.summary,
    body: m.body,
    grades: m.grades,
    keywords: m.keywords.join(', '),
    subjectIds: m.subjects.map((s) => s.id),
    levelIds: m.levels.map((l) => l.id),
    authorIds: m.authors.map((a) => a.id),
    organizationId: m.organization?.id ?? '',
    ...Object.fromEntries(
      editorFields(m.kind).map(({ name }) => [name, own[name] === null || own[name] === undefined ? '' : String(own[name])]),
    ),
  };
}

/** What the server takes: the common fields and those of this kind only (an empty number, date or choice as null). */
export function inputOf(d: DraftFields): UpdateMaterialInput {
  const input: Record<string, unknown> = {
    title: d.title.trim(),
    summary: d.summary,
    body: d.body,
    grades: d.grades,
    subjectIds: d.subjectIds,
    levelIds: d.levelIds,
    authorIds: d.authorIds,
    // Absent leaves the organization as it is (the API has no way to clear it).
    ...(d.organizationId ? { organizationId: d.organizationId } : {}),
    keywords: d.keywords
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  };
  for (const { name, input: kind } of editorFields(d.kind)) {
    const value = String(d[name] ?? '');
    input[name] = kind === 'number' ? (value ? Number(value) : null) : kind === 'date' || kind === 'select' ? value || null : value;
  }
  return input as UpdateMaterialInput;
}
