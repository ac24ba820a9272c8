import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { t } from '../app/i18n.ts';
import { Link, navigate, useLocation } from '../app/router.tsx';
import { usePageTitle } from '../app/title.ts';
import { fileSize } from '../features/files/format.ts';
import type { MediaKind, MediaLibraryPageQueryQuery, MediaLibraryPageQueryQueryVariables } from '../gql/graphql.ts';

const MEDIA_QUERY = gql`
  query MediaLibraryPageQuery($first: Int!, $after: String, $filter: MediaLibraryFilter) {
    mediaLibrary(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        fileName
        kind
        size
        pageCount
        url
        previewUrl
        materials {
          id
          title
        }
      }
    }
    subjects {
      id
      name
    }
    educationLevels {
      id
      name
    }
  }
`;

const KINDS: MediaKind[] = ['DOCUMENT', 'PRESENTATION', 'SPREADSHEET', 'IMAGE', 'VIDEO', 'AUDIO', 'ARCHIVE'];
const PAGE = 24;

/** «urok_2-klass-final.pdf» → «urok 2 klass final»: a file name a person can read when nothing better is known. */
const readable = (fileName: string) =>
  fileName
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .trim();

/** Every published file, by type, subject and level, with words; each card leads to its material. The state is in the URL. */
export default function MediaLibraryPage() {
  usePageTitle(t.mediaLibrary);
  const url = useLocation();
  const params = url.searchParams;
  const type = KINDS.find((k) => k === params.get('type'));
  const subject = params.get('subject') || undefined;
  const level = params.get('level') || undefined;
  const query = params.get('q') ?? '';
  const [draft, setDraft] = useState(query);
  const { data, previousData, loading, error, refetch, fetchMore } = useQuery<
    MediaLibraryPageQueryQuery,
    MediaLibraryPageQueryQueryVariables
  >(MEDIA_QUERY, {
    variables: { first: PAGE, filter: { type, subject, level, query: query || undefined } },
    notifyOnNetworkStatusChange: true,
  });
  const shown = data ?? previousData;
  const page = shown?.mediaLibrary;
  /** The address with one part changed; the other parts stay. */
  const href = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const search = next.toString();
    return search ? `/media?${search}` : '/media';
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    navigate(href({ q: draft.trim() || undefined }), { replace: true });
  };
  return (
    <div className="material">
      <h1>{t.mediaLibrary}</h1>
      <form role="search" className="media-filters" onSubmit={search}>
        <label>
          {t.mediaSearch}
          <input type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <label>
          {t.subjectField}
          <select value={subject ?? ''} onChange={(e) => navigate(href({ subject: e.target.value }), { replace: true })}>
            <option value="">{t.anySubject}</option>
            {shown?.subjects.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.facets.LEVEL}
          <select value={level ?? ''} onChange={(e) => navigate(href({ level: e.target.value }), { replace: true })}>
            <option value="">{t.anyLevel}</option>
            {shown?.educationLevels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary">
          {t.searchButton}
        </button>
      </form>
      <nav className="tabs" aria-label={t.fileType}>
        <Link href={href({ type: undefined })} aria-current={type ? undefined : 'page'}>
          {t.allFiles}
        </Link>
        {KINDS.map((kind) => (
          <Link key={kind} href={href({ type: kind })} aria-current={type === kind ? 'page' : undefined}>
            {t.mediaKinds[kind]}
          </Link>
        ))}
      </nav>
      {error && (
        <p role="alert">
          {t.error}{' '}
          <button type="button" onClick={() => refetch()}>
            {t.retry}
          </button>
        </p>
      )}
      {!page && loading && <p aria-busy="true">{t.loading}</p>}
      {page && (
        <>
          <p className="muted" role="status">
            {t.found(page.totalCount)}
          </p>
          {page.nodes.length === 0 && (
            <p className="empty">
              {t.noFiles} <Link href="/media">{t.allFiles}</Link>
            </p>
          )}
          <ul className="media-grid">
            {page.nodes.map((file) => {
              const material = file.materials[0];
              const extension = file.fileName.split('.').pop()?.toUpperCase() ?? '';
              const title = material?.title ?? readable(file.fileName);
              const facts = [
                `${t.mediaKind[file.kind] ?? file.kind} ${extension}`,
                fileSize(file.size),
                file.pageCount ? t.pagesCount(file.pageCount) : null,
              ]
                .filter(Boolean)
                .join(' · ');
              return (
                <li key={file.id} className="media-card">
                  {file.previewUrl ? (
                    <img src={file.previewUrl} alt="" loading="lazy" width={320} height={240} />
                  ) : (
                    <span className="thumb-none big" aria-hidden="true">
                      {extension}
                    </span>
                  )}
                  <h2 className="card-title">{material ? <Link href={`/materials/${material.id}`}>{title}</Link> : title}</h2>
                  <span className="muted">{facts}</span>
                  <span className="muted file-name">{file.fileName}</span>
                </li>
              );
            })}
          </ul>
          {page.pageInfo.hasNextPage && (
            <button
              type="button"
              className="more"
              disabled={loading}
              onClick={() =>
                fetchMore({
                  variables: { after: page.pageInfo.endCursor },
                  updateQuery: (previous, { fetchMoreResult }) => ({
                    ...fetchMoreResult,
                    mediaLibrary: {
                      ...fetchMoreResult.mediaLibrary,
                      nodes: [...previous.mediaLibrary.nodes, ...fetchMoreResult.mediaLibrary.nodes],
                    },
                  }),
                })
              }
            >
              {t.showMore}
            </button>
          )}
        </>
      )}
    </div>
  );
}
