import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { t } from '../app/i18n.ts';
import { Link, navigate } from '../app/router.tsx';
import { KINDS } from '../gql/kinds.ts';
import { usePageTitle } from '../app/title.ts';
import { SignInFirst } from '../components/SignInFirst.tsx';
import type {
  CreateDraftMutationMutation,
  CreateDraftMutationMutationVariables,
  MaterialKind,
  MyMaterialsPageQueryQuery,
  SubmitForReviewMutationMutation,
  SubmitForReviewMutationMutationVariables,
} from '../gql/graphql.ts';

const MY_MATERIALS_QUERY = gql`
  query MyMaterialsPageQuery {
    viewer { id name role materials(first: 100) { nodes { id title kind status version updatedAt } } }
    subjects { id name }
  }
`;

const CREATE_DRAFT = gql`
  mutation CreateDraftMutation($input: CreateMaterialInput!) {
    createMaterial(input: $input) { id status }
  }
`;

const SUBMIT = gql`
  mutation SubmitForReviewMutation($id: ID!) {
    submitMaterialForReview(id: $id) { id status }
  }
`;


/** The author's desk: their materials with statuses, a new draft, sending a draft to review. */
export default function MyMaterialsPage() {
  // Drafts change in the editor: show the cached list at once, then the fresh one.
  const { data, loading, error, refetch } = useQuery<MyMaterialsPageQueryQuery>(MY_MATERIALS_QUERY, { fetchPolicy: 'cache-and-network' });
  const [create, creating] = useMutation<CreateDraftMutationMutation, CreateDraftMutationMutationVariables>(CREATE_DRAFT);
  const [submit, submitting] = useMutation<SubmitForReviewMutationMutation, SubmitForReviewMutationMutationVariables>(SUBMIT);
  const [draft, setDraft] = useState({ kind: KINDS[0]!.kind, title: '', summary: '', body: '', subjectId: '' });
  usePageTitle(t.myMaterials);
  if (loading) return <p aria-busy="true">{t.loading}</p>;
  if (error) return <p role="alert">{t.error} <button type="button" onClick={() => refetch()}>{t.retry}</button></p>;
  if (!data?.viewer) return <SignInFirst title={t.myMaterials} />;
  // A reader is not offered a form the server would refuse them.
  const writes = data.viewer.role !== 'READER' && data.viewer.role !== 'EXPERT';
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const { subjectId, ...fields } = draft;
    const result = await create({ variables: { input: { ...fields, kind: fields.kind as MaterialKind, subjectIds: subjectId ? [subjectId] : [] } } }).catch(() => null);
    // The quick form starts a draft; the full editor takes it from there.
    if (result?.data) navigate(`/my/materials/${result.data.createMaterial.id}`);
  };
  return (
    <div className="material">
      <h1>{t.myMaterials}</h1>
      {data.viewer.materials.nodes.length === 0 && <p>{t.noMaterialsYet}</p>}
      {data.viewer.materials.nodes.length > 0 && <div className="table-wrap"><table className="mine">
        <thead><tr><th>{t.titleField}</th><th>{t.status}</th><th /></tr></thead>
        <tbody>
          {data.viewer.materials.nodes.map((m) => (
            <tr key={m.id}>
              <td><Link href={`/materials/${m.id}`}>{m.title}</Link></td>
              <td>{t.statuses[m.status]}</td>
              <td className="row-actions">
                {m.status === 'DRAFT' && <Link className="button" href={`/my/materials/${m.id}`}>{t.edit}</Link>}
                {m.status === 'DRAFT' && <button type="button" onClick={async () => { await submit({ variables: { id: m.id } }).catch(() => null); await refetch(); }}>{t.submitForReview}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table></div>}
      {submitting.error && <p role="alert" className="error">{submitting.error.message}</p>}
      {!writes && <p className="banner">{t.readerCannotWrite}</p>}
      {writes && <form className="form" onSubmit={save} aria-labelledby="new-title">
        <h2 id="new-title">{t.newMaterial}</h2>
        <label>{t.kindField}
          <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
            {KINDS.map((k) => <option key={k.kind} value={k.kind}>{t.kinds[k.kind]}</option>)}
          </select>
        </label>
        <label>{t.titleField}<input required minLength={3} maxLength={500} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} /></label>
        <label>{t.subjectField}
          <select value={draft.subjectId} onChange={(e) => setDraft({ ...draft, subjectId: e.target.value })}>
            <option value="">—</option>
            {data.subjects.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        <label>{t.summaryField}<textarea rows={3} value={draft.summary} onChange={(e) => setDraft({ ...draft, summary: e.target.value })} /></label>
        <label>{t.bodyField}<textarea rows={8} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} /></label>
        {creating.error && <p role="alert" className="error">{creating.error.message}</p>}
        <button type="submit" disabled={creating.loading}>{t.saveDraft}</button>
      </form>}
    </div>
  );
}
