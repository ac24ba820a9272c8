import { CombinedGraphQLErrors, gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { t, valueLabel } from '../../app/i18n.ts';
import { work } from '../../app/texts/work.ts';
import { life } from '../../app/texts/life.ts';
import { Link, navigate, setLeaveGuard } from '../../app/router.tsx';
import { isMethodist, VIEWER_QUERY } from '../../app/session.ts';
import type { OwnFieldSpec } from '../../gql/kinds.ts';
import type {
  MaterialEditorQueryQuery,
  SubmitFromEditorMutationMutation,
  SubmitFromEditorMutationMutationVariables,
  UpdateMaterialMutationMutation,
  UpdateMaterialMutationMutationVariables,
  ViewerQueryQuery,
} from '../../gql/graphql.ts';
import { WorkflowNote } from '../workflow/WorkflowNote.tsx';
import { useWithdraw } from '../workflow/withdraw.ts';
import { AuthorsPicker, type Author } from './AuthorsPicker.tsx';
import { BodyEditor } from './BodyEditor.tsx';
import { fieldsOf, inputOf, type Loaded } from './draft-input.ts';
import { Checkboxes, Field, fieldLabel, focusField } from './EditorFields.tsx';
import { FileUploader } from './FileUploader.tsx';
import { type ChosenOrganization, OrganizationPicker } from './OrganizationPicker.tsx';
import { editorFields, problemsOfMissing, requiredFields, validateDraft, type DraftFields, type Problems } from './validate.ts';

const UPDATE = gql`
  mutation UpdateMaterialMutation($id: ID!, $version: Int!, $input: UpdateMaterialInput!) {
    updateMaterial(id: $id, version: $version, input: $input) {
      id
      version
      updatedAt
    }
  }
`;
const SUBMIT = gql`
  mutation SubmitFromEditorMutation($id: ID!) {
    submitMaterialForReview(id: $id) {
      id
      status
    }
  }
`;

const AUTOSAVE_MS = 1500;

const HTML_INPUT: Partial<Record<OwnFieldSpec['input'], string>> = { number: 'number', date: 'date', url: 'url' };

/** The author's editor: every field of the kind, pickers, files, autosave, and a question before leaving unsaved work. */
export function Editor({
  material,
  subjects,
  levels,
  onChanged,
}: {
  material: Loaded;
  subjects: MaterialEditorQueryQuery['subjects'];
  levels: MaterialEditorQueryQuery['educationLevels'];
  onChanged?: () => void;
}) {
  const [fields, setFields] = useState(() => fieldsOf(material));
  const [authors, setAuthors] = useState<Author[]>(material.authors);
  const [organization, setOrganization] = useState<ChosenOrganization | null>(material.organization ?? null);
  const [dirty, setDirty] = useState(false);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [submitProblems, setSubmitProblems] = useState<Problems>({});
  /** After «Отправить на экспертизу»: the list of what is missing, or the question before sending. */
  const [submitStep, setSubmitStep] = useState<'missing' | 'confirm' | null>(null);
  const withdraw = useWithdraw();
  const required = new Set(requiredFields(material.kind));
  // The list of what is missing, or the question's «Да, отправить», takes the focus when it appears.
  const stepFocus = useRef<HTMLElement | null>(null);
  useEffect(() => stepFocus.current?.focus(), [submitStep]);
  const version = useRef(material.version);
  const [update, updating] = useMutation<UpdateMaterialMutationMutation, UpdateMaterialMutationMutationVariables>(UPDATE);
  const [submit, submitting] = useMutation<SubmitFromEditorMutationMutation, SubmitFromEditorMutationMutationVariables>(SUBMIT);
  const problems: Problems = { ...validateDraft(fields), ...submitProblems };
  // Only a published material's editor depends on who is asking.
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY, { skip: material.status !== 'PUBLISHED' });
  // The policy: an author edits their drafts; a methodist also a published material, which stays
  // published (no second review), each save a revision. Those saves are deliberate, never automatic.
  const livePublished = material.status === 'PUBLISHED' && isMethodist(viewer.data?.viewer?.role);
  const draft = material.status === 'DRAFT';
  const editable = draft || livePublished;

  const change = (patch: Partial<DraftFields>) => {
    setFields((f) => ({ ...f, ...patch }));
    // A field filled in leaves the list of what is missing; the question is asked again after a change.
    setSubmitProblems((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !(field in patch))));
    setSubmitStep((step) => (step === 'confirm' ? null : step));
    setDirty(true);
  };

  // Saves take turns: «Отправить» or «Сохранить» while an autosave is on its way would send the same
  // version twice, and the second would be refused as stale.
  const inFlight = useRef<Promise<boolean> | null>(null);
  const save = (): Promise<boolean> => {
    const next = inFlight.current ? inFlight.current.then(() => saveNow()) : saveNow();
    inFlight.current = next;
    void next.finally(() => {
      if (inFlight.current === next) inFlight.current = null;
    });
    return next;
  };

  const saveNow = async (): Promise<boolean> => {
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
    if (!dirty || !draft || updating.loading) return;
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

  /** The check before sending: what the kind needs for review, at the fields and in a list; then the question. */
  const checkForReview = () => {
    const levelCodes = levels.filter((l) => fields.levelIds.includes(l.id)).map((l) => l.code);
    const found = validateDraft({ ...fields, authorIds: authors.map((a) => a.id) }, { forSubmit: true, levelCodes });
    setSubmitProblems(found);
    setSubmitStep(Object.keys(found).length ? 'missing' : 'confirm');
  };

  const sendToReview = async () => {
    if (dirty && !(await save())) return;
    try {
      await submit({ variables: { id: material.id } });
    } catch (caught) {
      // The server has the last word: what it finds missing goes to the fields like the client's own check.
      const missing = CombinedGraphQLErrors.is(caught) ? caught.errors[0]?.extensions?.missing : undefined;
      if (Array.isArray(missing) && missing.length) {
        setSubmitProblems(problemsOfMissing(missing.map(String)));
        setSubmitStep('missing');
      } else {
        setSaveError((caught as Error).message);
        setSubmitStep(null);
      }
      return;
    }
    setDirty(false);
    setLeaveGuard(null);
    navigate(`/my?sent=${encodeURIComponent(material.id)}`);
  };

  // «Отправить на экспертизу» in «Мои материалы» opens the editor at #submit: the check runs at once.
  useEffect(() => {
    if (draft && location.hash === '#submit') {
      history.replaceState(null, '', location.pathname + location.search);
      checkForReview();
    }
    // Once, when the editor opens: `draft` cannot change under it (a new status remounts the editor).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- checkForReview is new on every render.
  }, []);

  const text = (field: string, label: string, props: { long?: boolean; type?: string } = {}) => {
    const id = `f-${field}`;
    const common = {
      id,
      value: fields[field] as string,
      disabled: !editable,
      'aria-required': required.has(field) || undefined,
      'aria-invalid': !!problems[field],
      'aria-describedby': problems[field] ? `${id}-error` : undefined,
    };
    return (
      <Field key={field} id={id} label={label} error={problems[field]} required={required.has(field)}>
        {props.long ? (
          <textarea rows={4} {...common} onChange={(e) => change({ [field]: e.target.value })} />
        ) : (
          <input type={props.type ?? 'text'} {...common} onChange={(e) => change({ [field]: e.target.value })} />
        )}
      </Field>
    );
  };

  const saved = savedAt ? (draft ? t.savedAt(savedAt) : life.savedPublished(savedAt)) : draft ? t.noChanges : '';
  const status = saveError ? <span className="error">{saveError}</span> : updating.loading ? t.saving : dirty ? t.unsaved : saved;
  return (
    <div className="material editor">
      <p className="editor-links">
        <Link href="/my">← {t.myMaterials}</Link> <Link href={`/my/materials/${material.id}/history`}>{life.history}</Link>
      </p>
      <h1>{t.editing(t.kinds[material.kind] ?? material.kind)}</h1>
      <WorkflowNote material={material} />
      {livePublished && <p className="banner">{life.publishedEditNote}</p>}
      {!editable && (
        <p className="banner">
          {t.notEditable(t.statuses[material.status] ?? material.status)}
          {material.status === 'IN_REVIEW' && !material.assignedExpert && (
            <>
              {' '}
              <button
                type="button"
                className="button-secondary"
                disabled={withdraw.loading}
                onClick={async () => {
                  if (await withdraw.run(material.id)) onChanged?.();
                }}
              >
                {work.withdraw}
              </button>
            </>
          )}
        </p>
      )}
      {withdraw.error && (
        <p role="alert" className="error">
          {withdraw.error.message}
        </p>
      )}
      {draft && required.size > 0 && <p className="muted">{work.requiredNote}</p>}
      <p role="status" aria-live="polite" className="save-status">
        {status}
      </p>
      <form
        className="form wide"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        noValidate
      >
        {text('title', t.titleField)}
        {text('summary', t.summaryField, { long: true })}
        {editorFields(material.kind).map((field) =>
          field.input === 'select' ? (
            <Field
              key={field.name}
              id={`f-${field.name}`}
              label={t.kindFields[field.name] ?? field.name}
              error={problems[field.name]}
              required={required.has(field.name)}
            >
              <select
                id={`f-${field.name}`}
                aria-required={required.has(field.name) || undefined}
                value={fields[field.name] as string}
                disabled={!editable}
                onChange={(e) => change({ [field.name]: e.target.value })}
              >
                <option value="">—</option>
                {field.options!.map((o) => (
                  <option key={o.value} value={o.value}>
                    {valueLabel(field.name, o.value)}
                  </option>
                ))}
              </select>
            </Field>
          ) : (
            text(field.name, t.kindFields[field.name] ?? field.name, {
              long: field.input === 'long',
              type: HTML_INPUT[field.input] ?? 'text',
            })
          ),
        )}
        <BodyEditor value={fields.body} onChange={(body) => change({ body })} error={problems.body} />
        <Checkboxes
          id="f-subjectIds"
          legend={t.subjects}
          required={required.has('subjectIds')}
          error={problems.subjectIds}
          options={subjects.map((s) => ({ id: s.id, label: s.name }))}
          chosen={fields.subjectIds}
          onChange={(subjectIds) => change({ subjectIds })}
        />
        <Checkboxes
          id="f-levelIds"
          legend={t.levels}
          required={required.has('levelIds')}
          error={problems.levelIds}
          options={levels.map((l) => ({ id: l.id, label: `${l.code} — ${l.name}` }))}
          chosen={fields.levelIds}
          onChange={(levelIds) => change({ levelIds })}
        />
        <Checkboxes
          id="f-grades"
          legend={t.grades}
          required={required.has('grades')}
          error={problems.grades}
          options={Array.from({ length: 11 }, (_, i) => ({ id: String(i + 1), label: String(i + 1) }))}
          chosen={fields.grades.map(String)}
          onChange={(grades) => change({ grades: grades.map(Number).sort((a, b) => a - b) })}
        />
        {text('keywords', t.keywordsField)}
        <AuthorsPicker
          id="f-authorIds"
          required={required.has('authorIds')}
          authors={authors}
          error={problems.authorIds}
          onChange={(next) => {
            setAuthors(next);
            change({ authorIds: next.map((a) => a.id) });
          }}
        />
        <OrganizationPicker
          value={organization}
          disabled={!editable}
          onChange={(next) => {
            setOrganization(next);
            change({ organizationId: next.id });
          }}
        />
        {editable && <FileUploader material={material} />}
        {livePublished && (
          <div className="actions">
            <button type="submit" disabled={updating.loading || !dirty}>
              {life.saveChanges}
            </button>
          </div>
        )}
        {draft && (
          <div className="actions">
            <button type="submit" disabled={updating.loading}>
              {t.saveDraft}
            </button>
            <button type="button" disabled={submitting.loading} onClick={checkForReview}>
              {t.submitForReview}
            </button>
          </div>
        )}
        {submitStep === 'missing' && Object.keys(submitProblems).length > 0 && (
          <div className="missing-summary" role="alert" tabIndex={-1} ref={(el) => void (stepFocus.current = el)}>
            <p>
              <strong>{work.missingTitle}</strong>
            </p>
            <ul>
              {Object.entries(submitProblems).map(([field, problem]) => (
                <li key={field}>
                  <a
                    href={`#f-${field}`}
                    onClick={(e) => {
                      e.preventDefault();
                      focusField(`f-${field}`);
                    }}
                  >
                    {fieldLabel(field)}
                  </a>{' '}
                  — {problem}
                </li>
              ))}
            </ul>
          </div>
        )}
        {submitStep === 'confirm' && (
          <section className="confirm" aria-labelledby="confirm-title">
            <h2 id="confirm-title">{work.confirmTitle}</h2>
            <p>{work.confirmText(fields.title.trim())}</p>
            <div className="actions">
              <button
                type="button"
                className="primary"
                disabled={submitting.loading}
                ref={(el) => void (stepFocus.current = el)}
                onClick={() => void sendToReview()}
              >
                {work.confirmYes}
              </button>
              <button type="button" onClick={() => setSubmitStep(null)}>
                {t.cancel}
              </button>
            </div>
          </section>
        )}
      </form>
    </div>
  );
}
