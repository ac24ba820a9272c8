import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { t } from '../app/i18n.ts';
import { Link, navigate, useLocation } from '../app/router.tsx';
import { HomeSections } from '../components/HomeSections.tsx';
import type { SearchPageQueryQuery, SearchPageQueryQueryVariables } from '../gql/graphql.ts';
import { Suggestions } from '../components/Suggestions.tsx';
import { parseSearchState, SORTS, toFilter, toggle, toSearchParams, type Facet, type SearchState } from '../features/search/search-state.ts';

export const SEARCH_QUERY = gql`
  query SearchPageQuery($query: String, $filter: SearchFilter, $sort: SearchSort, $after: String, $first: Int, $ignore: [String!]) {
    search(query: $query, filter: $filter, sort: $sort, first: $first, after: $after, ignore: $ignore) {
      totalCount
      engine
      partialMatch
      correctedQuery
      understood { kind key label text }
      pageInfo { hasNextPage endCursor }
      hits {
        cursor
        highlights { field fragment fileName }
        material { id title summary kind publishedAt authors { id fullName } organization { id shortName name } }
      }
      facets { name values { value label count } }
    }
  }
`;

type Hit = SearchPageQueryQuery['search']['hits'][number];
type Result = SearchPageQueryQuery['search'];
type Facets = SearchPageQueryQuery['search']['facets'];

const go = (state: SearchState) => navigate(`/?${toSearchParams(state)}`);

/** The fragment is HTML the server escaped; only its <mark> tags are markup. */
const Fragment = ({ html }: { html: string }) => <span dangerouslySetInnerHTML={{ __html: html }} />;

function Result({ hit }: { hit: Hit }) {
  const title = hit.highlights.find((h) => h.field === 'TITLE')?.fragment;
  const snippet = hit.highlights.find((h) => h.field !== 'TITLE');
  const m = hit.material;
  return (
    <li className="result">
      <h3><Link href={`/materials/${m.id}`}>{title ? <Fragment html={title} /> : m.title}</Link></h3>
      <p className="meta">{[m.authors.map((a) => a.fullName).join(', '), m.organization?.shortName ?? m.organization?.name].filter(Boolean).join(' · ')}</p>
      <p className="snippet">{snippet ? <><Fragment html={snippet.fragment} />{snippet.fileName ? <em> — {snippet.fileName}</em> : null}</> : m.summary}</p>
    </li>
  );
}

export function FacetPanel({ facets, state }: { facets: Facets; state: SearchState }) {
  const selectedCount = Object.values(state.selected).reduce((sum, values) => sum + (values?.length ?? 0), 0);
  // On a phone the panel folds away behind one button; on a wide screen it is always open.
  const [open, setOpen] = useState(false);
  return (
    <aside className={`facets${open ? ' open' : ''}`} aria-label={t.filters}>
      <button type="button" className="facets-toggle" aria-expanded={open} aria-controls="facet-groups" onClick={() => setOpen(!open)}>
        {t.filters}{selectedCount ? ` (${selectedCount})` : ''}
      </button>
      <div id="facet-groups" className="facet-groups">
        {selectedCount > 0 && <button type="button" className="link" onClick={() => go({ ...state, selected: {} })}>{t.clearAll}</button>}
        {facets.filter((f) => f.values.length > 0).map((facet) => (
          <fieldset key={facet.name}>
            <legend>{t.facets[facet.name] ?? facet.name}</legend>
            {facet.values.slice(0, 12).map((v) => {
              const checked = state.selected[facet.name as Facet]?.includes(v.value) ?? false;
              return (
                <label key={v.value}>
                  <input type="checkbox" checked={checked} onChange={() => go(toggle(state, facet.name as Facet, v.value))} />
                  {v.label} <span className="count">{v.count}</span>
                </label>
              );
            })}
          </fieldset>
        ))}
      </div>
    </aside>
  );
}

/** What search read from the query (a class, a level, a subject) as chips; removing one reads it as plain words again. */
function Understood({ result, state }: { result: Result; state: SearchState }) {
  if (!result.understood.length) return null;
  return (
    <div className="understood" role="group" aria-label={t.understood}>
      <span>{t.understood}</span>
      {result.understood.map((part) => (
        <span key={part.key} className="chip" title={part.text}>
          {part.label}
          <button type="button" aria-label={t.removePart(part.label)} onClick={() => go({ ...state, ignore: [...state.ignore, part.key] })}>×</button>
        </span>
      ))}
    </div>
  );
}

/** Said plainly when the answers are not for every word the teacher typed. */
function Notices({ result, state }: { result: Result; state: SearchState }) {
  return (
    <>
      {result.correctedQuery && (
        <p className="banner" role="status">
          {t.corrected(state.query)} <Link href={`/?${toSearchParams({ ...state, query: result.correctedQuery, ignore: [] })}`}>«{result.correctedQuery}»</Link> — {t.correctedShown}
        </p>
      )}
      {result.partialMatch && <p className="banner" role="status">{t.partialMatch}</p>}
    </>
  );
}

export default function SearchPage() {
  const state = parseSearchState(useLocation().searchParams);
  const [draft, setDraft] = useState(state.query);
  const [typing, setTyping] = useState(false);
  const isHome = !state.query && Object.keys(state.selected).length === 0;
  // The home page lists the newest and the most used itself: from search it takes only the facet counts to start from.
  const variables = { query: state.query, filter: toFilter(state), sort: state.sort, first: isHome ? 0 : 20, ignore: state.ignore };
  const { data, loading, error, refetch, fetchMore } = useQuery<SearchPageQueryQuery, SearchPageQueryQueryVariables>(SEARCH_QUERY, { variables });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTyping(false);
    go({ ...state, query: draft, ignore: [] });
  };
  const result = data?.search;
  return (
    <>
      <form role="search" className="search-form" onSubmit={submit}>
        <label htmlFor="q" className="visually-hidden">{t.searchLabel}</label>
        <div className="search-input">
          <input id="q" type="search" value={draft} placeholder={t.searchPlaceholder} onChange={(e) => { setDraft(e.target.value); setTyping(true); }} autoComplete="off" />
          {typing && <Suggestions text={draft} onPick={() => setTyping(false)} />}
        </div>
        <button type="submit">{t.searchButton}</button>
      </form>
      {isHome && <HomeSections />}
      {result?.engine === 'POSTGRES' && <p className="banner" role="status">{t.fallbackBanner}</p>}
      <div className="search-layout">
        <FacetPanel facets={result?.facets ?? []} state={state} />
        <section aria-live="polite" aria-busy={loading}>
          <div className="toolbar">
            <span>{result ? t.found(result.totalCount) : t.loading}</span>
            <label>
              {t.sort}{' '}
              <select value={state.sort} onChange={(e) => go({ ...state, sort: e.target.value as SearchState['sort'] })}>
                {SORTS.map((s) => <option key={s} value={s}>{t.sorts[s]}</option>)}
              </select>
            </label>
          </div>
          {result && !isHome && <Understood result={result} state={state} />}
          {result && !isHome && <Notices result={result} state={state} />}
          {error && <p role="alert">{t.error} <button type="button" onClick={() => refetch()}>{t.retry}</button></p>}
          {loading && !result && <ul className="results skeleton">{Array.from({ length: 5 }, (_, i) => <li key={i} className="result" />)}</ul>}
          {result && result.hits.length === 0 && !isHome && (
            <div className="empty"><h2>{t.nothingFound}</h2><p>{t.nothingFoundHint}</p></div>
          )}
          {result && <ol className="results">{result.hits.map((hit) => <Result key={hit.cursor} hit={hit} />)}</ol>}
          {result?.pageInfo.hasNextPage && !isHome && (
            <button type="button" className="more" onClick={() => fetchMore({
              variables: { ...variables, after: result.pageInfo.endCursor ?? undefined },
              updateQuery: (previous, { fetchMoreResult }) => ({ search: { ...fetchMoreResult.search, hits: [...previous.search.hits, ...fetchMoreResult.search.hits] } }),
            })}>{t.showMore}</button>
          )}
        </section>
      </div>
    </>
  );
}
