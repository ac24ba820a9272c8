import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { t } from '../app/i18n.ts';
import { Link, navigate, useLocation } from '../app/router.tsx';
import { fileSize } from '../features/files/format.ts';
import type { MediaKind, MediaLibraryPageQueryQuery, MediaLibraryPageQueryQueryVariables } from '../gql/graphql.ts';

const MEDIA_QUERY = gql`
  query MediaLibraryPageQuery($first: Int!, $after: String, $filter: MediaLibraryFilter) {
    mediaLibrary(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id fileName kind size url previewUrl materials { id title } }
    }
  }
`;

const KINDS: MediaKind[] = ['DOCUMENT', 'PRESENTATION', 'SPREADSHEET', 'IMAGE', 'VIDEO', 'AUDIO', 'ARCHIVE'];
const PAGE = 24;

/** Every published file, by type, with thumbnails; each card leads to its material. The type is in the URL. */
export default function MediaLibraryPage() {
  const url = useLocation();
  const type = KINDS.find((k) => k === url.searchParams.get('type'));
  const { data, loading, error, refetch, fetchMore } = useQuery<MediaLibraryPageQueryQuery, MediaLibraryPageQueryQueryVariables>(MEDIA_QUERY, {
    variables: { first: PAGE, filter: type ? { type } : null },
    notifyOnNetworkStatusChange: true,
  });
  const page = data?.mediaLibrary;
  return (
    <div className="material">
      <h1>{t.mediaLibrary}</h1>
      <nav className="tabs" aria-label={t.fileType}>
        <Link href="/media" aria-current={type ? undefined : 'page'}>{t.allFiles}</Link>
        {KINDS.map((kind) => <Link key={kind} href={`/media?type=${kind}`} aria-current={type === kind ? 'page' : undefined}>{t.mediaKinds[kind]}</Link>)}
      </nav>
      {error && <p role="alert">{t.error} <button type="button" onClick={() => refetch()}>{t.retry}</button></p>}
      {!page && loading && <p aria-busy="true">{t.loading}</p>}
      {page && (
        <>
          <p className="muted">{t.found(page.totalCount)}</p>
          {page.nodes.length === 0 && <p className="empty">{t.noFiles} <button type="button" className="link" onClick={() => navigate('/media')}>{t.allFiles}</button></p>}
          <ul className="media-grid">
            {page.nodes.map((file) => {
              const material = file.materials[0];
              return (
                <li key={file.id} className="media-card">
                  {file.previewUrl ? <img src={file.previewUrl} alt="" loading="lazy" width={320} height={240} /> : <span className="thumb-none big" aria-hidden="true">{file.fileName.split('.').pop()?.toUpperCase()}</span>}
                  <strong>{material ? <Link href={`/materials/${material.id}`}>{file.fileName}</Link> : file.fileName}</strong>
                  <span className="muted">{t.mediaKinds[file.kind]} · {fileSize(file.size)}</span>
                  {material && <span className="muted">{material.title}</span>}
                </li>
              );
            })}
          </ul>
          {page.pageInfo.hasNextPage && (
            <button type="button" className="more" disabled={loading} onClick={() => fetchMore({ variables: { after: page.pageInfo.endCursor }, updateQuery: (previous, { fetchMoreResult }) => ({ mediaLibrary: { ...fetchMoreResult.mediaLibrary, nodes: [...previous.mediaLibrary.nodes, ...fetchMoreResult.mediaLibrary.nodes] } }) })}>
              {t.showMore}
            </button>
          )}
        </>
      )}
    </div>
  );
}
