import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { t } from '../app/i18n.ts';
import { work } from '../app/texts/work.ts';
import { MySubscriptions } from '../components/MySubscriptions.tsx';
import { Link, navigate, useLocation } from '../app/router.tsx';
import { KINDS } from '../gql/kinds.ts';
import { usePageTitle } from '../app/title.ts';
import { SignInFirst } from '../components/SignInFirst.tsx';
import { dayOf, WorkflowNote } from '../features/workflow/WorkflowNote.tsx';
import { useWithdraw } from '../features/workflow/withdraw.ts';
import type {
  CreateDraftMutationMutation,
  CreateDraftMutationMutationVariables,
  MaterialKind,
  MyMaterialsPageQueryQuery,
} from '../gql/graphql.ts';
import { QueryState } from '../components/QueryState.tsx';

const MY_MATERIALS_QUERY = gql`
  query MyMaterialsPageQuery {
    viewer {
      id
      name
      email
      role
      materials(first: 100) {
        nodes {
          id
          title
          kind
          status
          version
          updatedAt
          ...WorkflowNote_material
        }
      }
    }
    subjects {
      id
      name
    }
  }
`;

const CREATE_DRAFT = gql`
  mutation CreateDraftMutation($input: CreateMaterialInput!) {
    createMaterial(input: $input) {
      id
      status
    }
  }
`;

const STATUSES = ['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'REJECTED', 'ARCHIVED'] as const;

/**
 * The author's desk: their materials with kind, dates and the status in words (why one came back),
 * a filter by status, a new draft, sending a draft to review (checked in the editor first) and
 * taking one back while no expert is assigned.
 */
export default function MyMaterialsPage() {
  // Drafts change in the editor: show the cached list at once, then the fresh one.
  const { data, loading, error, refetch } = useQuery<MyMaterialsPageQueryQuery>(MY_MATERIALS_QUERY, { fetchPolicy: 'cache-and-network' });
  const [create, creating] = useMutation<CreateDraftMutationMutation, CreateDraftMutationMutationVariables>(CREATE_DRAFT);
  const withdraw = useWithdraw();
  const location = useLocation();
  const [withdrawn, setWithdrawn] = useState<string | null>(null);
  const [draft, setDraft] = useState({ kind: KINDS[0]!.kind, title: '', summary: '', body: '', subjectId: '' });
  usePageTitle(t.myMaterials);
  if (loading || error || !data?.viewer)
    return <QueryState loading={loading} error={error} onRetry={refetch} notFound={<SignInFirst title={t.myMaterials} />} />;
  // A reader is not offered a form the server would refuse them.
  const writes = data.viewer.role !== 'READER' && data.viewer.role !== 'EXPERT';
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const { subjectId, ...fields } = draft;
    const result = await create({
      variables: { input: { ...fields, kind: fields.kind as MaterialKind, subjectIds: subjectId ? [subjectId] : [] } },
    }).catch(() => null);
    // The quick form starts a draft; the full editor takes it from there.
    if (result?.data) navigate(`/my/materials/${result.data.createMaterial.id}`);
  };
  const materials = data.viewer.materials.nodes;
  const status = STATUSES.find((s) => s === location.searchParams.get('status')) ?? '';
  const shown = status ? materials.filter((m) => m.status === status) : materials;
  const sent = materials.find((m) => m.id === location.searchParams.get('sent') && m.status === 'IN_REVIEW');
  const filter = (value: string) => navigate(value ? `/my?status=${value}` : '/my', { replace: true });
  return (
    <div className="material">
      <h1>{t.myMaterials}</h1>
      {sent && (
        <p role="status" className="banner success">
          {work.sent(sent.title)}
        </p>
      )}
      {withdrawn && (
        <p role="status" className="banner success">
          {work.withdrawn(withdrawn)}
        </p>
      )}
      {withdraw.error && (
        <p role="alert" className="error">
          {withdraw.error.message}
        </p>
      )}
      {materials.length === 0 && (
        <div className="empty-mine">
          <p>
            <strong>{work.emptyTitle}</strong>
          </p>
          {writes && (
            <p>
              {work.emptyHint} <a href="#new-title">{t.newMaterial}</a>
            </p>
          )}
        </div>
      )}
      {materials.length > 0 && (
        <div className="status-filter">
          <label htmlFor="status-filter">{work.filter}</label>
          <select id="status-filter" value={status} onChange={(e) => filter(e.target.value)}>
            <option value="">{work.all(materials.length)}</option>
            {STATUSES.map((s) => {
              const count = materials.filter((m) => m.status === s).length;
              return count > 0 || s === status ? (
                <option key={s} value={s}>
                  {work.filterOption(work.statusFilters[s]!, count)}
                </option>
              ) : null;
            })}
          </select>
        </div>
      )}
      {materials.length > 0 && shown.length === 0 && <p>{work.noneWithStatus(t.statuses[status] ?? status)}</p>}
      {shown.length > 0 && (
        <ul className="mine-list">
          {shown.map((m) => (
            <li key={m.id} className="mine-item">
              <h2>
                <Link href={`/materials/${m.id}`}>{m.title}</Link>
              </h2>
              <p className="meta">
                {t.kinds[m.kind] ?? m.kind} · {t.statuses[m.status]} · {work.changed(dayOf(m.updatedAt))}
                {m.publishedAt && <> · {work.publishedOn(dayOf(m.publishedAt))}</>}
              </p>
              <WorkflowNote material={m} />
              {(m.status === 'DRAFT' || (m.status === 'IN_REVIEW' && !m.assignedExpert)) && (
                <div className="row-actions">
                  {m.status === 'DRAFT' && (
                    <Link className="button" href={`/my/materials/${m.id}`}>
                      {t.edit}
                    </Link>
                  )}
                  {m.status === 'DRAFT' && (
                    <Link className="button-secondary" href={`/my/materials/${m.id}#submit`}>
                      {t.submitForReview}
                    </Link>
                  )}
                  {m.status === 'IN_REVIEW' && (
                    <button
                      type="button"
                      disabled={withdraw.loading}
                      onClick={async () => {
                        if (await withdraw.run(m.id)) setWithdrawn(m.title);
                      }}
                    >
                      {work.withdraw}
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <MySubscriptions email={data.viewer.email} />
      {!writes && <p className="banner">{t.readerCannotWrite}</p>}
      {writes && (
        <form className="form" onSubmit={save} aria-labelledby="new-title">
          <h2 id="new-title">{t.newMaterial}</h2>
          <label>
            {t.kindField}
            <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
              {KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {t.kinds[k.kind]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.titleField}
            <input
              required
              minLength={3}
              maxLength={500}
              value={draft.title}
              onChange={(e) => setDraft({ ...draft, title: e.target.value })}
            />
          </label>
          <label>
            {t.subjectField}
            <select value={draft.subjectId} onChange={(e) => setDraft({ ...draft, subjectId: e.target.value })}>
              <option value="">—</option>
              {data.subjects.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.summaryField}
            <textarea rows={3} value={draft.summary} onChange={(e) => setDraft({ ...draft, summary: e.target.value })} />
          </label>
          <label>
            {t.bodyField}
            <textarea rows={8} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
          </label>
          {creating.error && (
            <p role="alert" className="error">
              {creating.error.message}
            </p>
          )}
          <button type="submit" disabled={creating.loading}>
            {t.saveDraft}
          </button>
        </form>
      )}
    </div>
  );
}
