/** Lookups in the directory start at this many letters: fewer would match most of it. */
export const MIN_LOOKUP = 2;

/**
 * A directory lookup inside a picker: a search box that asks the server once two letters are typed,
 * and each match as a button that picks it. The pickers keep their own query and what they show.
 */
export function DirectorySearch<T extends { id: string }>({
  label,
  listLabel = label,
  query,
  onQuery,
  onSearch,
  results,
  pick,
  name,
  detail,
  hidden,
}: {
  label: string;
  listLabel?: string;
  query: string;
  onQuery: (text: string) => void;
  onSearch: (text: string) => void;
  results: T[];
  pick: (item: T) => void;
  name: (item: T) => string;
  detail: (item: T) => string | null | undefined;
  hidden?: boolean;
}) {
  return (
    <>
      {!hidden && (
        <label>
          {label}
          <input
            type="search"
            value={query}
            onChange={(e) => {
              onQuery(e.target.value);
              if (e.target.value.trim().length >= MIN_LOOKUP) onSearch(e.target.value.trim());
            }}
          />
        </label>
      )}
      {query.trim().length >= MIN_LOOKUP && results.length > 0 && (
        <ul className="picker-results" aria-label={listLabel}>
          {results.map((item) => (
            <li key={item.id}>
              <button type="button" className="link" onClick={() => pick(item)}>
                {name(item)}
              </button>
              <span className="muted"> {detail(item)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
