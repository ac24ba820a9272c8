import { useQuery } from '@apollo/client/react';
import { useEffect, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent } from 'react';
import { t } from '../app/i18n.ts';
import { Link, navigate, rememberSearch, useLocation } from '../app/router.tsx';
import { usePageTitle } from '../app/title.ts';
import { HomeSections } from '../components/HomeSections.tsx';
import { Subscribe } from '../components/Subscribe.tsx';
import type { SearchPageQueryQuery, SearchPageQueryQueryVariables } from '../gql/graphql.ts';
import { optionId, SuggestionList, SUGGESTIONS_ID, useSuggestions } from '../components/Suggestions.tsx';
import { isHomeState, SEARCH_QUERY, searchVariables } from '../features/search/search.query.ts';
import { parseSearchState, SORTS, toggle, toSearchParams, type Facet, type SearchState } from '../features/search/search-state.ts';

type Hit = SearchPageQueryQuery['search']['hits'][number];
type Facets = SearchPageQueryQuery['search']['facets'];
type SearchResult = SearchPageQueryQuery['search'];

const go = (state: SearchState) => navigate(`/?${toSearchParams(state)}`);

/** The fragment is HTML the server escaped; only its <mark> tags are markup. */
const Fragment = ({ html }: { html: string }) => <span dangerouslySetInnerHTML={{ __html: html }} />;

/** What a teacher sorts by at a glance: kind, type, classes, year, recommendation, files. */
function badges(m: Hit['material']): string[] {
  const year = ('year' in m && m.year) || (m.publishedAt ? new Date(m.publishedAt).getFullYear() : null);
  const extension = m.files[0]?.fileName.split('.').pop()?.toUpperCase() ?? '';
  return [
    t.kinds[m.kind] ?? m.kind,
    'materialType' in m && m.materialType ? t.materialTypes[m.materialType] : null,
    m.grades.length ? t.gradesShort(m.grades) : null,
    year ? t.yearShort(year) : null,
    'expertLevel' in m && m.expertLevel ? t.expertLevelBadges[m.expertLevel] : null,
    m.files.length ? t.filesBadge(m.files.length, extension) : null,
  ].filter((b): b is string => !!b);
}

function Result({ hit }: { hit: Hit }) {
  const title = hit.highlights.find((h) => h.field === 'TITLE')?.fragment;
  const snippet = hit.highlights.find((h) => h.field !== 'TITLE');
  const m = hit.material;
  return (
    <li className="result">
      <h3>
        <Link href={`/materials/${m.id}`}>{title ? <Fragment html={title} /> : m.title}</Link>
      </h3>
      <ul className="badges" aria-label={t.materialFacts}>
        {badges(m).map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
      <p className="meta">
        {[m.authors.map((a) => a.fullName).join(', '), m.organization?.shortName ?? m.organization?.name].filter(Boolean).join(' · ')}
      </p>
      <p className="snippet">
        {snippet ? (
          <>
            <Fragment html={snippet.fragment} />
            {snippet.fileName ? <em> — {snippet.fileName}</em> : null}
          </>
        ) : (
          m.summary
        )}
      </p>
    </li>
  );
}

/** Values shown before «Показать все». */
const TOP_VALUES = 8;
const checkboxId = (facet: string, value: string) => `facet-${facet}-${value}`;
/** The checkbox just toggled: the page re-renders from the URL and puts the focus back on it. */
let refocus: string | null = null;

function FacetGroup({ facet, state }: { facet: Facets[number]; state: SearchState }) {
  const [expanded, setExpanded] = useState(false);
  const [filter, setFilter] = useState('');
  const name = t.facets[facet.name] ?? facet.name;
  const selected = state.selected[facet.name as Facet] ?? [];
  const words = filter.trim().toLowerCase();
  const shown = expanded
    ? facet.values.filter((v) => !words || v.label.toLowerCase().includes(words) || selected.includes(v.value))
    : facet.values.filter((v, i) => i < TOP_VALUES || selected.includes(v.value));
  const groupId = `facet-${facet.name}`;
  return (
    <fieldset>
      <legend>{name}</legend>
      {expanded && facet.values.length > TOP_VALUES && (
        <input
          type="search"
          className="facet-filter"
          aria-label={t.findInFacet(name)}
          placeholder={t.findInFacet(name)}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      )}
      <div id={groupId}>
        {shown.map((v) => {
          const id = checkboxId(facet.name, v.value);
          return (
            <label key={v.value} htmlFor={id}>
              <input
                id={id}
                type="checkbox"
                checked={selected.includes(v.value)}
                onChange={() => {
                  refocus = id;
                  go(toggle(state, facet.name as Facet, v.value));
                }}
              />
              {v.label} <span className="count">{v.count}</span>
            </label>
          );
        })}
      </div>
      {facet.values.length > TOP_VALUES && (
        <button
          type="button"
          className="link"
          aria-expanded={expanded}
          aria-controls={groupId}
          onClick={() => {
            setExpanded(!expanded);
            setFilter('');
          }}
        >
          {expanded ? t.showTop : t.showAll(facet.values.length)}
        </button>
      )}
    </fieldset>
  );
}

/** Where styles.css folds the filters behind their button (a phone). */
const FOLDED = '(max-width: 720px)';
const subscribeFolded = (notify: () => void) => {
  const query = matchMedia(FOLDED);
  query.addEventListener('change', notify);
  return () => query.removeEventListener('change', notify);
};
const useFolded = () =>
  useSyncExternalStore(
    subscribeFolded,
    () => matchMedia(FOLDED).matches,
    () => false,
  );

export function FacetPanel({ facets, state, total }: { facets: Facets; state: SearchState; total?: number }) {
  const selectedCount = Object.values(state.selected).reduce((sum, values) => sum + (values?.length ?? 0), 0);
  // On a phone the panel folds away behind one button; on a wide screen it is always open.
  const [open, setOpen] = useState(false);
  // Folded, the groups are not drawn at all: a phone builds the page's biggest block only when asked for it.
  const folded = useFolded();
  const shown = open || !folded;
  useEffect(() => {
    if (!refocus) return;
    const box = document.getElementById(refocus);
    if (box) {
      refocus = null;
      if (document.activeElement !== box) box.focus();
    }
  });
  const showResults = () => {
    setOpen(false);
    document.getElementById('results')?.focus();
  };
  return (
    <aside className={`facets${open ? ' open' : ''}`} aria-label={t.filters}>
      <button type="button" className="facets-toggle" aria-expanded={open} aria-controls="facet-groups" onClick={() => setOpen(!open)}>
        {t.filters}
        {selectedCount ? ` (${selectedCount})` : ''}
      </button>
      <div id="facet-groups" className="facet-groups">
        {shown && (
          <>
            {selectedCount > 0 && (
              <button type="button" className="link" onClick={() => go({ ...state, selected: {} })}>
                {t.clearAll}
              </button>
            )}
            {facets
              .filter((f) => f.values.length > 0)
              .map((facet) => (
                <FacetGroup key={facet.name} facet={facet} state={state} />
              ))}
            {total !== undefined && (
              <button type="button" className="show-results" onClick={showResults}>
                {t.showResults(total)}
              </button>
            )}
          </>
        )}
      </div>
    </aside>
  );
}

/** What search read from the query (a class, a level, a subject) as chips; removing one reads it as plain words again. */
function Understood({ result, state }: { result: SearchResult; state: SearchState }) {
  if (!result.understood.length) return null;
  return (
    <div className="understood" role="group" aria-label={t.understood}>
      <span>{t.understood}</span>
      {result.understood.map((part) => (
        <span key={part.key} className="chip" title={part.text}>
          {part.label}
          <button type="button" aria-label={t.removePart(part.label)} onClick={() => go({ ...state, ignore: [...state.ignore, part.key] })}>
            ×
          </button>
        </span>
      ))}
    </div>
  );
}

/** Said plainly when the answers are not for every word the teacher typed. */
function Notices({ result, state }: { result: SearchResult; state: SearchState }) {
  return (
    <>
      {result.correctedQuery && (
        <p className="banner" role="status">
          {t.corrected(state.query)}{' '}
          <Link href={`/?${toSearchParams({ ...state, query: result.correctedQuery, ignore: [] })}`}>«{result.correctedQuery}»</Link> —{' '}
          {t.correctedShown}
        </p>
      )}
      {result.partialMatch && (
        <p className="banner" role="status">
          {t.partialMatch}
        </p>
      )}
    </>
  );
}

/** The search box with its suggestions as a combobox: arrows choose, Enter opens the chosen one or searches. */
function SearchForm({ state }: { state: SearchState }) {
  const [draft, setDraft] = useState(state.query);
  // Back and forward change the words in the address: the box follows (and keeps its focus).
  useEffect(() => setDraft(state.query), [state.query]);
  const [typing, setTyping] = useState(false);
  const [active, setActive] = useState(-1);
  const items = useSuggestions(typing ? draft : '');
  const open = typing && items.length > 0;
  const close = () => {
    setTyping(false);
    setActive(-1);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = open ? items[active] : undefined;
    close();
    if (chosen) navigate(chosen.href);
    else go({ ...state, query: draft, ignore: [] });
  };
  const keys = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape' && open) {
      event.preventDefault();
      close();
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && items.length) {
      event.preventDefault();
      setTyping(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => ((current + 1 + step + items.length + 1) % (items.length + 1)) - 1);
    }
  };
  // -1 is the box itself: arrows go round the options and back to what was typed.
  const activeIndex = active >= items.length ? -1 : active;
  return (
    <form role="search" className="search-form" onSubmit={submit}>
      <label htmlFor="q" className="visually-hidden">
        {t.searchLabel}
      </label>
      <div className="search-input">
        <input
          id="q"
          type="search"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={SUGGESTIONS_ID}
          aria-activedescendant={open && activeIndex >= 0 ? optionId(activeIndex) : undefined}
          value={draft}
          placeholder={t.searchPlaceholder}
          onChange={(e) => {
            setDraft(e.target.value);
            setTyping(true);
            setActive(-1);
          }}
          onKeyDown={keys}
          onBlur={close}
          autoComplete="off"
        />
        {open && (
          <SuggestionList
            items={items}
            active={activeIndex}
            onPick={(item) => {
              close();
              navigate(item.href);
            }}
          />
        )}
      </div>
      <button type="submit">{t.searchButton}</button>
    </form>
  );
}

export default function SearchPage() {
  const url = useLocation();
  const state = parseSearchState(url.searchParams);
  const isHome = isHomeState(state);
  usePageTitle(isHome ? null : t.searchTitle(state.query));
  const address = toSearchParams(state).toString();
  useEffect(() => rememberSearch(address), [address]);
  // The home page lists the newest and the most used itself: from search it takes only the facet counts to start from.
  const variables = searchVariables(state);
  const { data, previousData, loading, error, refetch, fetchMore } = useQuery<SearchPageQueryQuery, SearchPageQueryQueryVariables>(
    SEARCH_QUERY,
    { variables },
  );
  // While the next answer loads, the last one stays: the filters keep their place and their focus.
  const result = (data ?? previousData)?.search;
  return (
    <>
      <h1 className="visually-hidden">{isHome ? t.homeTitle : t.searchTitle(state.query)}</h1>
      <SearchForm state={state} />
      {isHome && <HomeSections />}
      {result?.engine === 'POSTGRES' && (
        <p className="banner" role="status">
          {t.fallbackBanner}
        </p>
      )}
      <div className="search-layout">
        <FacetPanel facets={result?.facets ?? []} state={state} total={isHome ? undefined : result?.totalCount} />
        <section id="results" tabIndex={-1} aria-labelledby="results-title" aria-busy={loading}>
          <h2 id="results-title" className="visually-hidden">
            {t.results}
          </h2>
          <div className="toolbar">
            {/* Only the count is announced when it changes, not the whole list. */}
            <span role="status">{result ? t.found(result.totalCount) : t.loading}</span>
            <label>
              {t.sort}{' '}
              <select value={state.sort} onChange={(e) => go({ ...state, sort: e.target.value as SearchState['sort'] })}>
                {SORTS.map((s) => (
                  <option key={s} value={s}>
                    {t.sorts[s]}
                  </option>
                ))}
              </select>
            </label>
            {!isHome && <Subscribe feed={`/feed.xml?${toSearchParams({ ...state, sort: 'RELEVANCE' })}`} feedLabel={t.feedLink} />}
          </div>
          {result && !isHome && <Understood result={result} state={state} />}
          {result && !isHome && <Notices result={result} state={state} />}
          {error && (
            <p role="alert">
              {t.error}{' '}
              <button type="button" onClick={() => refetch()}>
                {t.retry}
              </button>
            </p>
          )}
          {loading && !result && (
            <ul className="results skeleton">
              {Array.from({ length: 5 }, (_, i) => (
                <li key={i} className="result" />
              ))}
            </ul>
          )}
          {result && result.hits.length === 0 && !isHome && (
            <div className="empty">
              <h3>{t.nothingFound}</h3>
              <p>{t.nothingFoundHint}</p>
            </div>
          )}
          {result && result.hits.length > 0 && (
            <ol className="results">
              {result.hits.map((hit) => (
                <Result key={hit.cursor} hit={hit} />
              ))}
            </ol>
          )}
          {result?.pageInfo.hasNextPage && !isHome && (
            <button
              type="button"
              className="more"
              onClick={() =>
                fetchMore({
                  variables: { ...variables, after: result.pageInfo.endCursor ?? undefined },
                  updateQuery: (previous, { fetchMoreResult }) => ({
                    search: { ...fetchMoreResult.search, hits: [...previous.search.hits, ...fetchMoreResult.search.hits] },
                  }),
                })
              }
            >
              {t.showMore}
            </button>
          )}
        </section>
      </div>
    </>
  );
}
