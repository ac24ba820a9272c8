import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { t, valueLabel } from '../app/i18n.ts';
import { Link, navigate, setLeaveGuard } from '../app/router.tsx';
import { usePageTitle } from '../app/title.ts';
import { AuthorsPicker, type Author } from '../features/editor/AuthorsPicker.tsx';
import { BodyEditor } from '../features/editor/BodyEditor.tsx';
import { FileUploader } from '../features/editor/FileUploader.tsx';
import { editorFields, validateDraft, type DraftFields, type Problems } from '../features/editor/validate.ts';
import type { OwnFieldSpec } from '../gql/kinds.ts';
import type {
  MaterialEditorQueryQuery,
  MaterialEditorQueryQueryVariables,
  SubmitFromEditorMutationMutation,
  SubmitFromEditorMutationMutationVariables,
  UpdateMaterialInput,
  UpdateMaterialMutationMutation,
  UpdateMaterialMutationMutationVariables,
} from '../gql/graphql.ts';

const EDITOR_QUERY = gql`
  query MaterialEditorQuery($id: ID!) {
    material(id: $id) {
      id kind status version title summary body grades keywords
      subjects { id } levels { id } authors { id fullName position }
      ...FileList_material
      ...KindFields_material
    }
    subjects { id name }
    educationLevels { id code name }
  }
`;
const UPDATE = gql`
  mutation UpdateMaterialMutation($id: ID!, $version: Int!, $input: UpdateMaterialInput!) {
    updateMaterial(id: $id, version: $version, input: $input) { id version updatedAt }
  }
`;
const SUBMIT = gql`
  mutation SubmitFromEditorMutation($id: ID!) {
    submitMaterialForReview(id: $id) { id status }
  }
`;

type Loaded = NonNullable<MaterialEditorQueryQuery['material']>;
const AUTOSAVE_MS = 1500;
function fieldsOf(m: Loaded): DraftFields {
  const own = m as Record<string, unknown>;
  return {
    kind: m.kind, title: m.title, summary: m.summary, body: m.body, grades: m.grades, keywords: m.keywords.join(', '),
    subjectIds: m.subjects.map((s) => s.id), levelIds: m.levels.map((l) => l.id), authorIds: m.authors.map((a) => a.id),
    ...Object.fromEntries(editorFields(m.kind).map(({ name }) => [name, own[name] === null || own[name] === undefined ? '' : String(own[name])])),
  };
}

/** What the server takes: the common fields and those of this kind only (an empty number, date or choice as null). */
function inputOf(d: DraftFields): UpdateMaterialInput {
  const input: Record<string, unknown> = {
    title: d.title.trim(), summary: d.summary, body: d.body, grades: d.grades, subjectIds: d.subjectIds, levelIds: d.levelIds, authorIds: d.authorIds,
    keywords: d.keywords.split(',').map((k) => k.trim()).filter(Boolean),
  };
  for (const { name, input: kind } of editorFields(d.kind)) {
    const value = String(d[name] ?? '');
    input[name] = kind === 'number' ? (value ? Number(value) : null) : kind === 'date' || kind === 'select' ? value || null : value;
  }
  return input as UpdateMaterialInput;
}

const HTML_INPUT: Partial<Record<OwnFieldSpec['input'], string>> = { number: 'number', date: 'date', url: 'url' };

function Field({ label, error, id, children }: { label: string; error?: string; id: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && <span id={`${id}-error`} className="error">{error}</span>}
    </div>
  );
}

function Checkboxes({ legend, options, chosen, onChange }: { legend: string; options: Array<{ id: string; label: string }>; chosen: string[]; onChange: (ids: string[]) => void }) {
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.id}>
          <input type="checkbox" checked={chosen.includes(o.id)} onChange={(e) => onChange(e.target.checked ? [...chosen, o.id] : chosen.filter((x) => x !== o.id))} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** The author's editor: every field of the kind, pickers, files, autosave, and a question before leaving unsaved work. */
export default function MaterialEditorPage({ id }: { id: string }) {
  const { data, loading, error, refetch } = useQuery<MaterialEditorQueryQuery, MaterialEditorQueryQueryVariables>(EDITOR_QUERY, { variables: { id }, fetchPolicy: 'network-only' });
  usePageTitle(data?.material ? t.editing(t.kinds[data.material.kind] ?? data.material.kind) : null);
  if (loading) return <p aria-busy="true">{t.loading}</p>;
  if (error) return <p role="alert">{t.error} <button type="button" onClick={() => refetch()}>{t.retry}</button></p>;
  const m = data?.material;
  if (!m) return <p>{t.notFound} <Link href="/my">{t.myMaterials}</Link></p>;
  return <Editor key={m.id} material={m} subjects={data.subjects} levels={data.educationLevels} />;
}

export function Editor({ material, subjects, levels }: { material: Loaded; subjects: MaterialEditorQueryQuery['subjects']; levels: MaterialEditorQueryQuery['educationLevels'] }) {
  const [fields, setFields] = useState(() => fieldsOf(material));
  const [authors, setAuthors] = useState<Author[]>(material.authors);
  const [dirty, setDirty] = useState(false);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [submitProblems, setSubmitProblems] = useState<Problems>({});
  const version = useRef(material.version);
  const [update, updating] = useMutation<UpdateMaterialMutationMutation, UpdateMaterialMutationMutationVariables>(UPDATE);
  const [submit, submitting] = useMutation<SubmitFromEditorMutationMutation, SubmitFromEditorMutationMutationVariables>(SUBMIT);
  const problems: Problems = { ...validateDraft(fields), ...submitProblems };
  const editable = material.status === 'DRAFT';

  const change = (patch: Partial<DraftFields>) => {
    setFields((f) => ({ ...f, ...patch }));
    setSubmitProblems({});
    setDirty(true);
  };

  const save = async (): Promise<boolean> => {
    if (Object.keys(validateDraft(fields)).length) return false;
    const snapshot = fields;
    try {
      const result = await update({ variables: { id: material.id, version: version.current, input: inputOf(snapshot) } });
      version.current = result.data!.updateMaterial.version;
      setSavedAt(new Date());
      setSaveError(null);
      // Changes typed while the save was in flight stay unsaved.
      setFields((current) => {
        if (current === snapshot) setDirty(false);
        return current;
      });
      return true;
    } catch (caught) {
      setSaveError((caught as Error).message);
      return false;
    }
  };

  useEffect(() => {
    if (!dirty || !editable || updating.loading) return;
    const timer = setTimeout(() => void save(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  });

  useEffect(() => {
    const unsaved = () => (dirty ? t.unsavedPrompt : null);
    setLeaveGuard(unsaved);
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (dirty) event.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      setLeaveGuard(null);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [dirty]);

  const sendToReview = async () => {
    const levelCodes = levels.filter((l) => fields.levelIds.includes(l.id)).map((l) => l.code);
    const found = validateDraft({ ...fields, authorIds: authors.map((a) => a.id) }, { forSubmit: true, levelCodes });
    setSubmitProblems(found);
    if (Object.keys(found).length) return;
    if (dirty && !(await save())) return;
    const result = await submit({ variables: { id: material.id } }).catch((caught: Error) => setSaveError(caught.message));
    if (result) {
      setDirty(false);
      setLeaveGuard(null);
      navigate('/my');
    }
  };

  const text = (field: string, label: string, props: { long?: boolean; type?: string } = {}) => {
    const id = `f-${field}`;
    const common = { id, value: fields[field] as string, disabled: !editable, 'aria-invalid': !!problems[field], 'aria-describedby': problems[field] ? `${id}-error` : undefined };
    return (
      <Field key={field} id={id} label={label} error={problems[field]}>
        {props.long ? <textarea rows={4} {...common} onChange={(e) => change({ [field]: e.target.value })} /> : <input type={props.type ?? 'text'} {...common} onChange={(e) => change({ [field]: e.target.value })} />}
      </Field>
    );
  };

  const status = saveError ? <span className="error">{saveError}</span> : updating.loading ? t.saving : dirty ? t.unsaved : savedAt ? t.savedAt(savedAt) : t.noChanges;
  return (
    <div className="material editor">
      <p><Link href="/my">← {t.myMaterials}</Link></p>
      <h1>{t.editing(t.kinds[material.kind] ?? material.kind)}</h1>
      {!editable && <p className="banner">{t.notEditable(t.statuses[material.status] ?? material.status)}</p>}
      <p role="status" aria-live="polite" className="save-status">{status}</p>
      <form className="form wide" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        {text('title', t.titleField)}
        {text('summary', t.summaryField, { long: true })}
        {editorFields(material.kind).map((field) =>
          field.input === 'select' ? (
            <Field key={field.name} id={`f-${field.name}`} label={t.kindFields[field.name] ?? field.name} error={problems[field.name]}>
              <select id={`f-${field.name}`} value={fields[field.name] as string} disabled={!editable} onChange={(e) => change({ [field.name]: e.target.value })}>
                <option value="">—</option>
                {field.options!.map((o) => <option key={o.value} value={o.value}>{valueLabel(field.name, o.value)}</option>)}
              </select>
            </Field>
          ) : (
            text(field.name, t.kindFields[field.name] ?? field.name, { long: field.input === 'long', type: HTML_INPUT[field.input] ?? 'text' })
          ),
        )}
        <BodyEditor value={fields.body} onChange={(body) => change({ body })} error={problems.body} />
        <Checkboxes legend={t.subjects} options={subjects.map((s) => ({ id: s.id, label: s.name }))} chosen={fields.subjectIds} onChange={(subjectIds) => change({ subjectIds })} />
        {problems.subjectIds && <span className="error">{problems.subjectIds}</span>}
        <Checkboxes legend={t.levels} options={levels.map((l) => ({ id: l.id, label: `${l.code} — ${l.name}` }))} chosen={fields.levelIds} onChange={(levelIds) => change({ levelIds })} />
        {problems.levelIds && <span className="error">{problems.levelIds}</span>}
        <Checkboxes
          legend={t.grades}
          options={Array.from({ length: 11 }, (_, i) => ({ id: String(i + 1), label: String(i + 1) }))}
          chosen={fields.grades.map(String)}
          onChange={(grades) => change({ grades: grades.map(Number).sort((a, b) => a - b) })}
        />
        {problems.grades && <span className="error">{problems.grades}</span>}
        {text('keywords', t.keywordsField)}
        <AuthorsPicker
          authors={authors}
          error={problems.authorIds}
          onChange={(next) => {
            setAuthors(next);
            change({ authorIds: next.map((a) => a.id) });
          }}
        />
        {editable && <FileUploader material={material} />}
        {editable && (
          <div className="actions">
            <button type="submit" disabled={updating.loading}>{t.saveDraft}</button>
            <button type="button" disabled={submitting.loading} onClick={() => void sendToReview()}>{t.submitForReview}</button>
          </div>
        )}
      </form>
    </div>
  );
}
