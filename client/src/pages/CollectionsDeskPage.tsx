import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { t } from '../app/i18n.ts';
import { curation } from '../app/texts/curation.ts';
import { Link, navigate, useLocation } from '../app/router.tsx';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { Pager, useCursorPages } from '../components/Pager.tsx';
import { CollectionFields } from '../features/collections/CollectionFields.tsx';
import type {
  CollectionsDeskQueryQuery,
  CollectionsDeskQueryQueryVariables,
  CreateCollectionMutationMutation,
  CreateCollectionMutationMutationVariables,
  ViewerQueryQuery,
} from '../gql/graphql.ts';
import { QueryState } from '../components/QueryState.tsx';

const PAGE_SIZE = 20;

const COLLECTIONS_DESK = gql`
  query CollectionsDeskQuery($first: Int!, $after: String) {
    collections(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        title
        description
        published
        materialCount
      }
    }
  }
`;

const CREATE_COLLECTION = gql`
  mutation CreateCollectionMutation($input: CollectionInput!) {
    createCollection(input: $input) {
      id
      title
      description
      published
    }
  }
`;

/** A new collection: title and description; it opens in the editor, where materials are added. */
function CreateForm() {
  const [values, setValues] = useState({ title: '', description: '' });
  const [create, { loading, error }] = useMutation<CreateCollectionMutationMutation, CreateCollectionMutationMutationVariables>(
    CREATE_COLLECTION,
    {
      update: (cache) => cache.evict({ id: 'ROOT_QUERY', fieldName: 'collections' }),
    },
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ variables: { input: { title: values.title, description: values.description } } }).catch(() => null);
    const id = result?.data?.createCollection.id;
    if (id) navigate(`/manage/collections/${encodeURIComponent(id)}`);
  };
  return (
    <form className="form" aria-label={curation.create} onSubmit={submit}>
      <h2>{curation.create}</h2>
      <CollectionFields values={values} onChange={setValues} />
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <button type="submit" disabled={loading}>
        {curation.createButton}
      </button>
    </form>
  );
}

function CollectionsList() {
  const pages = useCursorPages();
  const { data, error, refetch } = useQuery<CollectionsDeskQueryQuery, CollectionsDeskQueryQueryVariables>(COLLECTIONS_DESK, {
    variables: { first: PAGE_SIZE, after: pages.after },
    // The counts change in the editor, under other arguments: a cached page would show the old ones.
    fetchPolicy: 'network-only',
  });
  if (error || !data) return <QueryState loading={!error} error={error} onRetry={refetch} />;
  const { nodes, totalCount, pageInfo } = data.collections;
  if (totalCount === 0) return <p className="empty">{curation.empty}</p>;
  return (
    <>
      <ul className="results">
        {nodes.map((c) => (
          <li key={c.id} className="result">
            <h3>
              <Link href={`/manage/collections/${encodeURIComponent(c.id)}`}>{c.title}</Link>
            </h3>
            <p className="meta">
              <span className={`status${c.published ? ' status-done' : ''}`}>{c.published ? curation.published : curation.draft}</span>
              {' · '}
              {curation.materials(c.materialCount)}
            </p>
            {c.description && <p className="snippet">{c.description}</p>}
          </li>
        ))}
      </ul>
      <Pager
        label={curation.listLabel}
        pages={pages}
        pageSize={PAGE_SIZE}
        shown={nodes.length}
        totalCount={totalCount}
        endCursor={pageInfo.endCursor}
        hasNextPage={pageInfo.hasNextPage}
      />
    </>
  );
}

/** The methodist's collections, published or not: create one, open one to fill and order it. */
export default function CollectionsDeskPage() {
  usePageTitle(curation.title);
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  const deleted = useLocation().searchParams.get('deleted');
  if (viewer.loading) return <p aria-busy="true">{t.loading}</p>;
  return (
    <section className="curation">
      <h1>{curation.title}</h1>
      <p>{curation.intro}</p>
      {isMethodist(viewer.data?.viewer?.role) ? (
        <>
          <p className="banner success" role="status" hidden={!deleted}>
            {deleted && curation.deleted(deleted)}
          </p>
          <CreateForm />
          <h2>{curation.all}</h2>
          <CollectionsList />
        </>
      ) : (
        <p role="alert">{curation.forbidden}</p>
      )}
    </section>
  );
}
