import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';
import { locale, t } from '../app/i18n.ts';
import { life } from '../app/texts/life.ts';
import { Link } from '../app/router.tsx';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { SignInFirst } from '../components/SignInFirst.tsx';
import { fieldName, RevisionDiff } from '../features/lifecycle/RevisionDiff.tsx';
import type {
  MaterialHistoryQueryQuery,
  MaterialHistoryQueryQueryVariables,
  RestoreRevisionMutationMutation,
  RestoreRevisionMutationMutationVariables,
  ViewerQueryQuery,
} from '../gql/graphql.ts';

const HISTORY_QUERY = gql`
  query MaterialHistoryQuery($id: ID!) {
    material(id: $id) {
      id
      title
      status
      version
      revisions {
        id
        version
        action
        authorName
        createdAt
        changes
      }
    }
  }
`;

const RESTORE = gql`
  mutation RestoreRevisionMutation($id: ID!, $revisionId: ID!, $version: Int!) {
    restoreMaterialRevision(id: $id, revisionId: $revisionId, version: $version) {
      id
      version
      title
      status
      updatedAt
    }
  }
`;

type Material = NonNullable<MaterialHistoryQueryQuery['material']>;
type Revision = Material['revisions'][number];

/** The changes' keys that are the workflow's notes, not the material's fields. */
const NOTES = new Set(['comment', 'restoredFrom', 'reviewer', 'reviewDueOn', 'decision']);

const when = (iso: string) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));

/** «Изменён», «Снят с публикации (в архив)», «Восстановлена прежняя редакция (из редакции 3)». */
function actionLine(revision: Revision): string {
  const name = life.actions[revision.action] ?? revision.action;
  const from = (revision.changes as Record<string, [unknown, unknown]>).restoredFrom?.[1];
  return from ? `${name} (${life.version(Number(from)).toLowerCase()})` : name;
}

/** One revision in the list: who, when, what happened and which fields changed; compare and restore. */
function RevisionItem({
  revision,
  latest,
  canRestore,
  onCompare,
  onRestore,
  restoring,
}: {
  revision: Revision;
  latest: number;
  canRestore: boolean;
  onCompare?: () => void;
  onRestore: () => Promise<void>;
  restoring: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const changes = revision.changes as Record<string, [unknown, unknown]>;
  const fields = Object.keys(changes).filter((key) => !NOTES.has(key));
  const reason = changes.comment?.[1];
  const headingId = useId();
  return (
    <li className="revision" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {life.version(revision.version)}
        {revision.version === latest ? ` (${life.current})` : ''}: {actionLine(revision)}
      </h3>
      <p className="meta">
        {when(revision.createdAt)} · {revision.authorName || '—'}
      </p>
      {fields.length > 0 && (
        <p>
          {life.changedFields}: {fields.map(fieldName).join(', ')}
        </p>
      )}
      {typeof reason === 'string' && reason && (
        <p>
          {life.reason}: «{reason}»
        </p>
      )}
      <div className="actions">
        {onCompare && (
          <button type="button" className="button-secondary" onClick={onCompare}>
            {life.compareWithPrevious(revision.version)}
          </button>
        )}
        {canRestore && revision.version !== latest && (
          <button type="button" className="button-secondary" onClick={() => setAsking(true)}>
            {life.restore(revision.version)}
          </button>
        )}
      </div>
      {asking && (
        <div className="confirm" role="group" aria-label={life.restore(revision.version)}>
          <p>{life.confirmRestore(revision.version, latest)}</p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={restoring}
              onClick={async () => {
                await onRestore();
                setAsking(false);
              }}
            >
              {life.yesRestore}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

/**
 * A material's history for those who keep it: every revision (who, when, what changed), a readable
 * comparison of any two, and putting an earlier one back as a new revision (nothing is ever dropped).
 */
export default function MaterialHistoryPage({ id }: { id: string }) {
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  const { data, loading, error, refetch } = useQuery<MaterialHistoryQueryQuery, MaterialHistoryQueryQueryVariables>(HISTORY_QUERY, {
    variables: { id },
    fetchPolicy: 'network-only',
    skip: !viewer.data?.viewer,
  });
  const [restore, restoring] = useMutation<RestoreRevisionMutationMutation, RestoreRevisionMutationMutationVariables>(RESTORE);
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const fromId = useId();
  const toId = useId();
  const m = data?.material;
  usePageTitle(m ? life.historyOf(m.title) : life.history);
  if (viewer.loading) return <p aria-busy="true">{t.loading}</p>;
  if (!viewer.data?.viewer) return <SignInFirst title={life.history} />;
  if (loading && !data) return <p aria-busy="true">{t.loading}</p>;
  if (error)
    return (
      <div className="material">
        <h1>{life.history}</h1>
        <p role="alert">{error.message}</p>
      </div>
    );
  if (!m)
    return (
      <div className="material">
        <h1>{life.history}</h1>
        <p>
          {t.notFound} <Link href="/my">{t.myMaterials}</Link>
        </p>
      </div>
    );

  // A step that changes no field of the material (an expert assigned, a review) leaves a revision with
  // the version unchanged: the versions are the distinct states.
  const versions = [...new Set(m.revisions.map((r) => r.version))];
  const latest = m.version;
  // By default the newest change: the last revision against the one before it.
  const shown = pair ?? (versions.length > 1 ? { from: versions[1]!, to: versions[0]! } : null);
  // The API's rule, said before a button the server would refuse: a methodist any material, an author their draft.
  const canRestore = isMethodist(viewer.data.viewer.role) || m.status === 'DRAFT';
  const putBack = async (revision: Revision) => {
    const result = await restore({ variables: { id: m.id, revisionId: revision.id, version: latest } }).catch(() => null);
    if (!result?.data) return;
    const now = result.data.restoreMaterialRevision.version;
    setNotice(life.restored(revision.version, now));
    setPair({ from: latest, to: now });
    await refetch();
  };
  return (
    <div className="material history">
      <p className="editor-links">
        <Link href={`/materials/${m.id}`}>{life.toMaterial}</Link>{' '}
        {(m.status === 'DRAFT' || (m.status === 'PUBLISHED' && isMethodist(viewer.data.viewer.role))) && (
          <Link href={`/my/materials/${m.id}`}>{t.edit}</Link>
        )}
      </p>
      <h1>{life.historyOf(m.title)}</h1>
      {notice && (
        <p role="status" className="banner success">
          {notice}
        </p>
      )}
      {restoring.error && (
        <p role="alert" className="error">
          {restoring.error.message}
        </p>
      )}
      {!canRestore && <p className="muted">{life.restoreClosed}</p>}
      {versions.length > 1 && (
        <section aria-labelledby="compare-title" className="compare">
          <h2 id="compare-title">{life.compare}</h2>
          <div className="actions">
            <label htmlFor={fromId}>{life.compareFrom}</label>
            <select id={fromId} value={shown!.from} onChange={(e) => setPair({ from: Number(e.target.value), to: shown!.to })}>
              {versions.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
            <label htmlFor={toId}>{life.compareTo}</label>
            <select id={toId} value={shown!.to} onChange={(e) => setPair({ from: shown!.from, to: Number(e.target.value) })}>
              {versions.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          {shown!.from === shown!.to ? (
            <p>{life.sameRevision}</p>
          ) : (
            <RevisionDiff materialId={m.id} from={Math.min(shown!.from, shown!.to)} to={Math.max(shown!.from, shown!.to)} />
          )}
        </section>
      )}
      <section aria-labelledby="revisions-title">
        <h2 id="revisions-title">{life.revisions}</h2>
        <ol className="revisions" reversed>
          {m.revisions.map((revision, i) => {
            const previous = m.revisions.slice(i + 1).find((r) => r.version < revision.version);
            // The state is offered once, at the newest revision that has it.
            const firstOfVersion = m.revisions.findIndex((r) => r.version === revision.version) === i;
            return (
              <RevisionItem
                key={revision.id}
                revision={revision}
                latest={latest}
                canRestore={canRestore && firstOfVersion}
                restoring={restoring.loading}
                onCompare={
                  previous && firstOfVersion
                    ? () => {
                        setPair({ from: previous.version, to: revision.version });
                        document.getElementById('compare-title')?.scrollIntoView();
                      }
                    : undefined
                }
                onRestore={() => putBack(revision)}
              />
            );
          })}
        </ol>
      </section>
    </div>
  );
}
