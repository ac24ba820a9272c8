import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { t } from '../app/i18n.ts';
import { imports } from '../app/texts/imports.ts';
import { navigate, useLocation } from '../app/router.tsx';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { uploadFile, type UploadedFile } from '../features/editor/upload.ts';
import type {
  ImportDictionariesQueryQuery,
  ImportJobQueryQuery,
  ImportJobQueryQueryVariables,
  ImportMappingInput,
  StartImportMutationMutation,
  StartImportMutationMutationVariables,
  ViewerQueryQuery,
} from '../gql/graphql.ts';

const JOB_QUERY = gql`
  query ImportJobQuery($id: ID!) {
    importJob(id: $id) {
      ...ImportJobView_job
    }
  }
`;
const START = gql`
  mutation StartImportMutation($fileId: ID!, $dryRun: Boolean!, $createMissing: Boolean!, $mapping: [ImportMappingInput!]!) {
    importMaterials(fileId: $fileId, dryRun: $dryRun, createMissing: $createMissing, mapping: $mapping) {
      ...ImportJobView_job
    }
  }
`;
/** What an unknown value of the bank can be read as. */
const DICTIONARIES = gql`
  query ImportDictionariesQuery {
    subjects {
      id
      name
    }
    educationLevels {
      id
      code
      name
    }
  }
`;

type Job = NonNullable<ImportJobQueryQuery['importJob']>;
type Unknown = Job['unknownValues'][number];

/** The formats the import reads (the server refuses others too, after the upload). */
const BANK_EXTENSIONS = ['.jsonl', '.ndjson', '.csv', '.xlsx'];
const POLL_MS = 1000;
const keyOf = (value: Pick<Unknown, 'field' | 'value'>) => `${value.field}\u0000${value.value}`;
const finished = (job: Job | null | undefined) => job?.status === 'DONE' || job?.status === 'FAILED';
const percent = (job: Job) => (job.status === 'DONE' ? 100 : job.total ? Math.min(99, Math.floor((job.processed / job.total) * 100)) : 0);

/** «authors[0].fullName» → «Авторы (authors[0].fullName)»: the column as the form names it, and as the file does. */
function fieldName(field: string | null | undefined): string {
  if (!field) return imports.wholeLine;
  const column = /^[A-Za-z]+/.exec(field)?.[0] ?? field;
  const label = imports.columns[column] ?? t.kindFields[column];
  return label ? `${label} (${field})` : field;
}

/** The job's progress while it runs, as a bar with its percentage in words. */
function Progress({ job }: { job: Job }) {
  const value = percent(job);
  return (
    <div className="import-progress">
      <progress id="import-progress" max={100} value={value} aria-label={imports.progressLabel} aria-valuetext={`${value} %`} />
      <span aria-hidden="true">{value} %</span>
      <span className="muted">{imports.linesDone(job.status === 'DONE' ? job.total : job.processed, job.total)}</span>
    </div>
  );
}

/** Created, updated, unchanged, failed: what the import did, or for a dry run what it would do (label first: no agreement with the number). */
function Totals({ job }: { job: Job }) {
  const words = job.dryRun ? imports.wouldBe : imports.were;
  return (
    <ul className="import-totals">
      <li>
        {words.created}: <strong>{job.created}</strong>
      </li>
      <li>
        {words.updated}: <strong>{job.updated}</strong>
      </li>
      <li>
        {words.unchanged}: <strong>{job.unchanged}</strong>
      </li>
      <li>
        {words.failed}: <strong>{job.failed}</strong>
      </li>
    </ul>
  );
}

function LineErrors({ job }: { job: Job }) {
  if (job.errors.length === 0) return <p>{job.dryRun ? imports.noErrorsDry : imports.noErrors}</p>;
  return (
    <>
      {job.failed > job.errors.length && <p className="muted">{imports.firstErrors(job.errors.length, job.failed)}</p>}
      <table className="stack import-errors">
        <caption className="visually-hidden">{imports.errorsTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{imports.line}</th>
            <th scope="col">{imports.externalId}</th>
            <th scope="col">{imports.field}</th>
            <th scope="col">{imports.reason}</th>
          </tr>
        </thead>
        <tbody>
          {job.errors.map((e, i) => (
            <tr key={`${e.line}-${i}`}>
              <td data-label={imports.line}>{e.line}</td>
              <td data-label={imports.externalId} className="email">
                {e.externalId ?? '—'}
              </td>
              <td data-label={imports.field} className="email">
                {fieldName(e.field)}
              </td>
              <td data-label={imports.reason}>{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * The bank's subjects and levels no dictionary entry matches: each can be read as an existing entry;
 * the rest are added when «Создать недостающие значения» is ticked, else their lines fail.
 */
function UnknownValues({
  job,
  mapping,
  setMapping,
  editable,
}: {
  job: Job;
  mapping: Record<string, string>;
  setMapping: (next: Record<string, string>) => void;
  editable: boolean;
}) {
  // A mapped value is no longer unknown to the next check: it keeps its row, so the mapping stays in sight and can be undone.
  const mappedRows = editable
    ? Object.keys(mapping)
        .filter((key) => mapping[key] && !job.unknownValues.some((u) => keyOf(u) === key))
        .map((key) => {
          const [field, value] = key.split('\u0000') as [string, string];
          return { field, value, lines: null, firstLine: null, created: false };
        })
    : [];
  const rows = [...job.unknownValues, ...mappedRows];
  const { data } = useQuery<ImportDictionariesQueryQuery>(DICTIONARIES, { skip: !editable || rows.length === 0 });
  if (rows.length === 0) return <p>{imports.noUnknown}</p>;
  const choices = (field: string) =>
    field === 'levels'
      ? (data?.educationLevels ?? []).map((l) => ({ value: l.code, label: `${l.name} (${l.code})` }))
      : (data?.subjects ?? []).map((s) => ({ value: s.name, label: s.name }));
  return (
    <table className="stack import-unknown">
      <caption className="visually-hidden">{imports.unknownTitle}</caption>
      <thead>
        <tr>
          <th scope="col">{imports.dictionary}</th>
          <th scope="col">{imports.value}</th>
          <th scope="col">{imports.onLines}</th>
          <th scope="col">{editable ? imports.readAs : imports.outcome}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((u) => (
          <tr key={keyOf(u)}>
            <td data-label={imports.dictionary}>{imports.dictionaries[u.field] ?? u.field}</td>
            <td data-label={imports.value}>
              <strong>{u.value}</strong>
            </td>
            <td data-label={imports.onLines}>{u.lines === null ? imports.mappedNow : imports.linesCount(u.lines, u.firstLine!)}</td>
            <td data-label={editable ? imports.readAs : imports.outcome}>
              {editable ? (
                <select
                  aria-label={imports.readAsFor(u.value)}
                  value={mapping[keyOf(u)] ?? ''}
                  onChange={(e) => setMapping({ ...mapping, [keyOf(u)]: e.target.value })}
                >
                  <option value="">{imports.noMapping}</option>
                  {choices(u.field).map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              ) : u.created ? (
                imports.added
              ) : (
                imports.notAdded
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One job: its progress while it runs, then the totals, the unknown values, the failed lines and their report. */
function JobView({
  job,
  mapping,
  setMapping,
  canRun,
}: {
  job: Job;
  mapping: Record<string, string>;
  setMapping: (next: Record<string, string>) => void;
  canRun: boolean;
}) {
  const done = job.status === 'DONE';
  return (
    <section className="import-job" aria-labelledby="import-job-title">
      <h2 id="import-job-title">{job.dryRun ? imports.dryTitle(job.fileName) : imports.runTitle(job.fileName)}</h2>
      <p role="status">
        {imports.statuses[job.status]}
        {done && job.dryRun ? ` ${imports.nothingWritten}` : ''}
      </p>
      <Progress job={job} />
      {job.status === 'FAILED' && (
        <p role="alert" className="error">
          {imports.failedWhole(job.error ?? '')}
        </p>
      )}
      {done && (
        <>
          <Totals job={job} />
          <h3>{imports.unknownTitle}</h3>
          <UnknownValues job={job} mapping={mapping} setMapping={setMapping} editable={job.dryRun && canRun} />
          <h3>{imports.errorsTitle}</h3>
          <LineErrors job={job} />
          {job.failed > 0 && (
            <p>
              <a href={`/reports/import-${job.id}.csv`} download>
                {imports.downloadReport}
              </a>
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** Lets a methodist load a bank from a file: check it without writing, settle unknown values, then import it with a progress bar. */
function Importer() {
  const jobId = useLocation().searchParams.get('job');
  const [file, setFile] = useState<File | null>(null);
  const [uploaded, setUploaded] = useState<UploadedFile | null>(null);
  const [uploading, setUploading] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [createMissing, setCreateMissing] = useState(false);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [start, started] = useMutation<StartImportMutationMutation, StartImportMutationMutationVariables>(START);
  const {
    data,
    error: jobError,
    startPolling,
    stopPolling,
  } = useQuery<ImportJobQueryQuery, ImportJobQueryQueryVariables>(JOB_QUERY, { variables: { id: jobId ?? '' }, skip: !jobId });
  const job = jobId ? data?.importJob : undefined;
  // Poll while the job waits or runs; a finished job changes no more.
  const running = !!job && !finished(job);
  useEffect(() => {
    if (!running) return;
    startPolling(POLL_MS);
    return () => stopPolling();
  }, [running, startPolling, stopPolling]);

  // A corrected file or the same one again: the check and the choices (additions, mapping) stay for it.
  const choose = (chosen: File | null) => {
    setFile(chosen);
    setUploaded(null);
    setFileError(null);
    setConfirming(false);
    if (jobId) navigate('/import', { replace: true });
  };
  const mappingInput = (): ImportMappingInput[] =>
    Object.entries(mapping)
      .filter(([, to]) => to)
      .map(([key, to]) => {
        const [field, from] = key.split('\u0000') as [string, string];
        return { field, from, to };
      });
  const run = async (dryRun: boolean) => {
    setConfirming(false);
    if (!file) return setFileError(imports.chooseFirst);
    const extension = file.name.slice(file.name.lastIndexOf('.')).toLowerCase();
    if (!BANK_EXTENSIONS.includes(extension)) return setFileError(imports.wrongType(file.name));
    let bank = uploaded;
    if (!bank) {
      setUploading(true);
      try {
        bank = await uploadFile(file, () => {});
        setUploaded(bank);
      } catch (error) {
        return setFileError((error as Error).message);
      } finally {
        setUploading(false);
      }
    }
    const result = await start({ variables: { fileId: bank.id, dryRun, createMissing, mapping: mappingInput() } }).catch(() => null);
    const id = result?.data?.importMaterials.id;
    if (id) navigate(`/import?job=${encodeURIComponent(id)}`, { replace: true });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(true);
  };
  const busy = uploading || started.loading || running;
  // The import itself is offered once the same file has been checked.
  const checked = !!job && job.dryRun && job.status === 'DONE' && !!uploaded;
  const mapped = mappingInput();
  const toAdd = job && createMissing ? job.unknownValues.filter((u) => !mapping[keyOf(u)]).map((u) => u.value) : [];

  return (
    <>
      <form className="form" aria-label={imports.formLabel} onSubmit={submit}>
        <label>
          {imports.fileLabel}
          <input
            type="file"
            accept={BANK_EXTENSIONS.join(',')}
            aria-describedby="import-file-hint"
            aria-invalid={fileError ? true : undefined}
            aria-errormessage={fileError ? 'import-file-error' : undefined}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
          />
        </label>
        <p id="import-file-hint" className="muted">
          {imports.fileHint}
        </p>
        {fileError && (
          <p id="import-file-error" role="alert" className="error">
            {imports.fileError(fileError)}
          </p>
        )}
        <label className="inline">
          <input
            type="checkbox"
            checked={createMissing}
            onChange={(e) => setCreateMissing(e.target.checked)}
            aria-describedby="import-create-hint"
          />
          {imports.createMissing}
        </label>
        <p id="import-create-hint" className="muted">
          {imports.createMissingHint}
        </p>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {job?.dryRun && uploaded ? imports.checkAgain : imports.check}
          </button>
          {checked && (
            <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(true)}>
              {imports.run}
            </button>
          )}
        </div>
        {uploading && <p role="status">{imports.uploading(file?.name ?? '')}</p>}
        {started.error && (
          <p role="alert" className="error">
            {started.error.message}
          </p>
        )}
      </form>
      {confirming && job && (
        <div className="confirm" role="group" aria-label={imports.confirmLabel}>
          <p>{imports.confirm(job.fileName, job.created, job.updated, job.failed)}</p>
          {mapped.length > 0 && <p>{imports.confirmMapping(mapped.map((m) => `«${m.from}» → «${m.to}»`).join(', '))}</p>}
          {toAdd.length > 0 && <p>{imports.confirmAdd(toAdd.join(', '))}</p>}
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void run(false)}>
              {imports.confirmYes}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {jobError && (
        <p role="alert" className="error">
          {jobError.message}
        </p>
      )}
      {jobId && data && !data.importJob && <p role="alert">{imports.notFound}</p>}
      {job ? (
        <JobView job={job} mapping={mapping} setMapping={setMapping} canRun={!!uploaded} />
      ) : (
        !jobId && <p className="muted">{imports.empty}</p>
      )}
    </>
  );
}

/** The methodist's import page (`/import`, `?job=<id>` shows one import, also after a reload). */
export default function ImportPage() {
  usePageTitle(imports.title);
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  if (viewer.loading) return <p aria-busy="true">{t.loading}</p>;
  return (
    <section className="import">
      <h1>{imports.title}</h1>
      <p>{imports.intro}</p>
      <details className="import-columns">
        <summary>{imports.columnsTitle}</summary>
        <p>{imports.columnsIntro}</p>
        <ul>
          {Object.entries(imports.columns).map(([column, label]) => (
            <li key={column}>
              <code>{column}</code> — {label}
            </li>
          ))}
        </ul>
      </details>
      {isMethodist(viewer.data?.viewer?.role) ? <Importer /> : <p role="alert">{imports.forbidden}</p>}
    </section>
  );
}
