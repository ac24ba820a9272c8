import { gql } from '@apollo/client';
import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { t } from '../app/i18n.ts';
import { curation } from '../app/texts/curation.ts';
import { Link, navigate } from '../app/router.tsx';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { DirectorySearch } from '../features/editor/DirectorySearch.tsx';
import { CollectionFields } from '../features/collections/CollectionFields.tsx';
import type {
  AddCollectionMaterialMutationMutation,
  AddCollectionMaterialMutationMutationVariables,
  CollectionEditorQueryQuery,
  CollectionEditorQueryQueryVariables,
  CollectionMaterialSearchQueryQuery,
  CollectionMaterialSearchQueryQueryVariables,
  DeleteCollectionMutationMutation,
  DeleteCollectionMutationMutationVariables,
  RemoveCollectionMaterialMutationMutation,
  RemoveCollectionMaterialMutationMutationVariables,
  ReorderCollectionMaterialsMutationMutation,
  ReorderCollectionMaterialsMutationMutationVariables,
  UpdateCollectionMutationMutation,
  UpdateCollectionMutationMutationVariables,
  ViewerQueryQuery,
} from '../gql/graphql.ts';
import { QueryState } from '../components/QueryState.tsx';

/** The API's largest page: a collection longer than this loads in several. */
const PAGE_SIZE = 100;

const COLLECTION_EDITOR = gql`
  query CollectionEditorQuery($id: ID!, $first: Int!, $after: String) {
    collection(id: $id) {
      id
      title
      description
      published
      materials(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          title
          kind
          status
        }
      }
    }
  }
`;

const UPDATE_COLLECTION = gql`
  mutation UpdateCollectionMutation($id: ID!, $input: CollectionInput!) {
    updateCollection(id: $id, input: $input) {
      id
      title
      description
      published
    }
  }
`;

const DELETE_COLLECTION = gql`
  mutation DeleteCollectionMutation($id: ID!) {
    deleteCollection(id: $id)
  }
`;

const ADD_MATERIAL = gql`
  mutation AddCollectionMaterialMutation($collectionId: ID!, $materialId: ID!) {
    addCollectionMaterial(collectionId: $collectionId, materialId: $materialId) {
      id
    }
  }
`;

const REMOVE_MATERIAL = gql`
  mutation RemoveCollectionMaterialMutation($collectionId: ID!, $materialId: ID!) {
    removeCollectionMaterial(collectionId: $collectionId, materialId: $materialId) {
      id
    }
  }
`;

const REORDER_MATERIALS = gql`
  mutation ReorderCollectionMaterialsMutation($collectionId: ID!, $materialIds: [ID!]!) {
    reorderCollectionMaterials(collectionId: $collectionId, materialIds: $materialIds) {
      id
    }
  }
`;

const SEARCH_MATERIALS = gql`
  query CollectionMaterialSearchQuery($query: String!) {
    search(query: $query, first: 8) {
      hits {
        material {
          id
          title
          kind
        }
      }
    }
  }
`;

type Editable = NonNullable<CollectionEditorQueryQuery['collection']>;
type Item = Editable['materials']['nodes'][number];

/** Title and description, saved together; a refusal names its field and the text stays. */
function DetailsForm({ collection, notify }: { collection: Editable; notify: (text: string) => void }) {
  const [values, setValues] = useState({ title: collection.title, description: collection.description });
  const [update, { loading, error }] = useMutation<UpdateCollectionMutationMutation, UpdateCollectionMutationMutationVariables>(
    UPDATE_COLLECTION,
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await update({ variables: { id: collection.id, input: values } }).catch(() => null);
    if (ok) notify(curation.saved);
  };
  return (
    <form className="form" aria-label={curation.details} onSubmit={submit}>
      <h2>{curation.details}</h2>
      <CollectionFields values={values} onChange={setValues} />
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <button type="submit" disabled={loading}>
        {curation.save}
      </button>
    </form>
  );
}

/** Finds published materials by words and appends the one picked; those already in the collection are not offered. */
function MaterialPicker({ present, add }: { present: Set<string>; add: (material: { id: string; title: string }) => Promise<boolean> }) {
  const [query, setQuery] = useState('');
  const [search, found] = useLazyQuery<CollectionMaterialSearchQueryQuery, CollectionMaterialSearchQueryQueryVariables>(SEARCH_MATERIALS);
  const results = (found.data?.search.hits ?? []).map((hit) => hit.material).filter((m) => !present.has(m.id));
  return (
    <fieldset className="authors-picker">
      <legend>{curation.add}</legend>
      <DirectorySearch
        label={curation.find}
        listLabel={curation.found}
        query={query}
        onQuery={setQuery}
        onSearch={(text) => void search({ variables: { query: text } })}
        results={results}
        pick={async (m) => {
          if (await add(m)) setQuery('');
        }}
        name={(m) => m.title}
        detail={(m) => t.kinds[m.kind]}
      />
    </fieldset>
  );
}

/**
 * The collection's materials in order: «Выше» / «Ниже» move one by one place and keep the
 * keyboard focus on the moved material, so it can be moved again; «Убрать» takes it out.
 */
function Contents({
  collection,
  complete,
  refresh,
  notify,
}: {
  collection: Editable;
  complete: boolean;
  refresh: () => Promise<unknown>;
  notify: (text: string) => void;
}) {
  const items = collection.materials.nodes;
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const [focusAfter, setFocusAfter] = useState<{ id: string; direction: -1 | 1 } | null>(null);
  const [reorder, reordering] = useMutation<
    ReorderCollectionMaterialsMutationMutation,
    ReorderCollectionMaterialsMutationMutationVariables
  >(REORDER_MATERIALS);
  const [remove, removing] = useMutation<RemoveCollectionMaterialMutationMutation, RemoveCollectionMaterialMutationMutationVariables>(
    REMOVE_MATERIAL,
  );
  const [add, adding] = useMutation<AddCollectionMaterialMutationMutation, AddCollectionMaterialMutationMutationVariables>(ADD_MATERIAL);
  const busy = reordering.loading || removing.loading || adding.loading;
  const error = reordering.error ?? removing.error ?? adding.error;

  useEffect(() => {
    if (!focusAfter) return;
    const index = items.findIndex((item) => item.id === focusAfter.id);
    if (index < 0) return;
    // At the top «Выше» is disabled (at the bottom «Ниже»): the focus stays on the material's other button.
    const edge = focusAfter.direction === -1 ? index === 0 : index === items.length - 1;
    buttons.current.get(`${focusAfter.id}:${edge ? -focusAfter.direction : focusAfter.direction}`)?.focus();
    setFocusAfter(null);
  }, [items, focusAfter]);

  const move = async (item: Item, index: number, direction: -1 | 1) => {
    const ids = items.map((m) => m.id);
    [ids[index], ids[index + direction]] = [ids[index + direction]!, ids[index]!];
    const ok = await reorder({ variables: { collectionId: collection.id, materialIds: ids } }).catch(() => null);
    if (!ok) return;
    await refresh();
    setFocusAfter({ id: item.id, direction });
    notify(curation.moved(item.title, index + direction + 1, ids.length));
  };
  const drop = async (item: Item) => {
    const ok = await remove({ variables: { collectionId: collection.id, materialId: item.id } }).catch(() => null);
    if (!ok) return;
    await refresh();
    notify(curation.removed(item.title));
  };
  const append = async (material: { id: string; title: string }) => {
    const ok = await add({ variables: { collectionId: collection.id, materialId: material.id } }).catch(() => null);
    if (!ok) return false;
    await refresh();
    notify(curation.added(material.title));
    return true;
  };
  const keep = (key: string) => (button: HTMLButtonElement | null) => {
    if (button) buttons.current.set(key, button);
    else buttons.current.delete(key);
  };

  return (
    <section aria-labelledby="contents-heading">
      <h2 id="contents-heading">
        {curation.contents} ({collection.materials.totalCount})
      </h2>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {items.length === 0 ? (
        <p className="empty">{curation.contentsEmpty}</p>
      ) : (
        <ol className="collection-items">
          {items.map((item, index) => (
            <li key={item.id}>
              <span className="item-title">
                <Link href={`/materials/${encodeURIComponent(item.id)}`}>{item.title}</Link>
                <span className="muted"> · {t.kinds[item.kind]}</span>
                {item.status !== 'PUBLISHED' && (
                  <span className="status status-failed">{curation.notPublishedMaterial(t.statuses[item.status] ?? item.status)}</span>
                )}
              </span>
              <span className="row-actions">
                <button
                  type="button"
                  ref={keep(`${item.id}:-1`)}
                  aria-label={curation.moveUpLabel(item.title)}
                  disabled={busy || !complete || index === 0}
                  onClick={() => move(item, index, -1)}
                >
                  ↑ {curation.moveUp}
                </button>
                <button
                  type="button"
                  ref={keep(`${item.id}:1`)}
                  aria-label={curation.moveDownLabel(item.title)}
                  disabled={busy || !complete || index === items.length - 1}
                  onClick={() => move(item, index, 1)}
                >
                  ↓ {curation.moveDown}
                </button>
                <button type="button" aria-label={curation.removeLabel(item.title)} disabled={busy} onClick={() => drop(item)}>
                  {curation.remove}
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <MaterialPicker present={new Set(items.map((m) => m.id))} add={append} />
    </section>
  );
}

function Editor({ id }: { id: string }) {
  const { data, loading, error, refetch, fetchMore } = useQuery<CollectionEditorQueryQuery, CollectionEditorQueryQueryVariables>(
    COLLECTION_EDITOR,
    {
      variables: { id, first: PAGE_SIZE, after: null },
      notifyOnNetworkStatusChange: true,
    },
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [update, updating] = useMutation<UpdateCollectionMutationMutation, UpdateCollectionMutationMutationVariables>(UPDATE_COLLECTION);
  const [remove, removing] = useMutation<DeleteCollectionMutationMutation, DeleteCollectionMutationMutationVariables>(DELETE_COLLECTION, {
    update: (cache) => {
      cache.evict({ id: 'ROOT_QUERY', fieldName: 'collections' });
      cache.gc();
    },
  });
  const collection = data?.collection;
  usePageTitle(collection ? `${curation.edit}: ${collection.title}` : curation.edit);
  const page = collection?.materials.pageInfo;
  // A long collection arrives in pages; ordering needs all of it.
  useEffect(() => {
    if (!page?.hasNextPage || loading) return;
    void fetchMore({
      variables: { after: page.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => {
        const more = fetchMoreResult.collection;
        if (!previous.collection || !more) return previous as CollectionEditorQueryQuery;
        return {
          collection: {
            ...more,
            materials: { ...more.materials, nodes: [...previous.collection.materials.nodes, ...more.materials.nodes] },
          },
        };
      },
    });
  }, [page?.hasNextPage, page?.endCursor, loading, fetchMore]);

  if (error || !collection) {
    return (
      <QueryState
        loading={!error && !data}
        error={error}
        onRetry={refetch}
        notFound={
          <>
            <h1>{t.notFoundCollection}</h1>
            <p>{curation.notFound}</p>
            <p>
              <Link href="/manage/collections">{curation.back}</Link>
            </p>
          </>
        }
      />
    );
  }
  const publish = async (published: boolean) => {
    if (!published && !window.confirm(curation.confirmUnpublish(collection.title))) return;
    const ok = await update({ variables: { id: collection.id, input: { published } } }).catch(() => null);
    if (ok) setNotice(published ? curation.publishedNotice(collection.title) : curation.unpublishedNotice(collection.title));
  };
  const destroy = async () => {
    if (!window.confirm(curation.confirmDelete(collection.title))) return;
    const ok = await remove({ variables: { id: collection.id } }).catch(() => null);
    if (ok) navigate(`/manage/collections?deleted=${encodeURIComponent(collection.title)}`, { replace: true });
  };
  return (
    <>
      <p>
        <Link href="/manage/collections">{curation.back}</Link>
      </p>
      <p className="meta">{curation.edit}</p>
      <h1>{collection.title}</h1>
      <p className="banner success" role="status" hidden={!notice}>
        {notice}
      </p>
      <div className="collection-status">
        <p>
          <span className={`status${collection.published ? ' status-done' : ''}`}>
            {collection.published ? curation.published : curation.draft}
          </span>{' '}
          {collection.published ? curation.statusPublished : curation.statusDraft}
        </p>
        <p className="publish-actions">
          <button
            type="button"
            className={collection.published ? 'secondary' : 'primary'}
            disabled={updating.loading}
            onClick={() => publish(!collection.published)}
          >
            {collection.published ? curation.unpublish : curation.publish}
          </button>
          {collection.published && <Link href={`/collections/${encodeURIComponent(collection.id)}`}>{curation.readerView}</Link>}
        </p>
        {updating.error && (
          <p role="alert" className="error">
            {updating.error.message}
          </p>
        )}
      </div>
      <Contents
        collection={collection}
        complete={!page?.hasNextPage}
        refresh={() => refetch({ id, first: PAGE_SIZE, after: null })}
        notify={setNotice}
      />
      <DetailsForm key={`${collection.title}\n${collection.description}`} collection={collection} notify={setNotice} />
      <h2>{curation.delete}</h2>
      {removing.error && (
        <p role="alert" className="error">
          {removing.error.message}
        </p>
      )}
      <p>
        <button type="button" className="secondary danger" disabled={removing.loading} onClick={destroy}>
          {curation.delete}
        </button>
      </p>
    </>
  );
}

/** One collection in the methodist's hands: its materials in order, title and description, publication, deletion. */
export default function CollectionEditorPage({ id }: { id: string }) {
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  if (viewer.loading) return <p aria-busy="true">{t.loading}</p>;
  if (!isMethodist(viewer.data?.viewer?.role)) {
    return (
      <section>
        <h1>{curation.edit}</h1>
        <p role="alert">{curation.forbidden}</p>
      </section>
    );
  }
  return (
    <section className="curation">
      <Editor id={id} />
    </section>
  );
}
