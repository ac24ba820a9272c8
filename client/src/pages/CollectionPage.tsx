import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { t } from '../app/i18n.ts';
import { curation } from '../app/texts/curation.ts';
import { Link } from '../app/router.tsx';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { BackToSearch } from '../components/BackToSearch.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { Subscribe } from '../components/Subscribe.tsx';
import { MaterialList } from '../components/MaterialList.tsx';
import type { CollectionPageQueryQuery, CollectionPageQueryQueryVariables, ViewerQueryQuery } from '../gql/graphql.ts';
import { QueryState } from '../components/QueryState.tsx';

const COLLECTION_QUERY = gql`
  query CollectionPageQuery($id: ID!, $after: String) {
    collection(id: $id) {
      id
      title
      description
      published
      materials(first: 50, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...MaterialList_item
        }
      }
    }
  }
`;

/** A curated collection (подборка, сборник): its description and materials in the curator's order. */
export default function CollectionPage({ id }: { id: string }) {
  const { data, loading, error, refetch, fetchMore } = useQuery<CollectionPageQueryQuery, CollectionPageQueryQueryVariables>(
    COLLECTION_QUERY,
    { variables: { id }, notifyOnNetworkStatusChange: true },
  );
  const c = data?.collection;
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  const curator = isMethodist(viewer.data?.viewer?.role);
  usePageTitle(c?.title ?? (loading || error ? null : t.notFoundCollection));
  if (loading || error || !c)
    return (
      <QueryState
        loading={!data && loading}
        error={error}
        onRetry={refetch}
        notFound={<NotFound title={t.notFoundCollection} hint={t.notFoundCollectionHint} />}
      />
    );
  return (
    <article className="material">
      <BackToSearch />
      <p className="meta">{t.collection}</p>
      <h1>{c.title}</h1>
      {!c.published && <p className="banner">{curation.statusDraft}</p>}
      {curator && (
        <p>
          <Link href={`/manage/collections/${encodeURIComponent(c.id)}`}>{curation.edit}</Link>
        </p>
      )}
      {c.description && <p className="summary">{c.description}</p>}
      <Subscribe feed={`/feed.xml?collection=${encodeURIComponent(c.id)}`} feedLabel={t.feedLinkCollection} />
      <h2>{t.materialsCount(c.materials.totalCount)}</h2>
      <MaterialList items={c.materials.nodes} />
      {c.materials.pageInfo.hasNextPage && (
        <button
          type="button"
          className="more"
          disabled={loading}
          onClick={() =>
            fetchMore({
              variables: { after: c.materials.pageInfo.endCursor },
              updateQuery: (prev, { fetchMoreResult }) => ({
                collection: {
                  ...fetchMoreResult.collection!,
                  materials: {
                    ...fetchMoreResult.collection!.materials,
                    nodes: [...prev.collection!.materials.nodes, ...fetchMoreResult.collection!.materials.nodes],
                  },
                },
              }),
            })
          }
        >
          {t.showMore}
        </button>
      )}
    </article>
  );
}
