import { FACETS as FACET_TABLE } from '../../gql/facets.ts';

/** The search page's state and its URL form: `?q=…&subject=<id>&subject=<id>&sort=NEWEST`; the facets are the server's table. */
export const FACETS = FACET_TABLE.map((f) => f.name);
export type Facet = (typeof FACET_TABLE)[number]['name'];
export const SORTS = ['RELEVANCE', 'NEWEST', 'MOST_DOWNLOADED', 'TITLE'] as const;
export type Sort = (typeof SORTS)[number];

export interface SearchState {
  query: string;
  selected: Partial<Record<Facet, string[]>>;
  sort: Sort;
  /** Parts of the query read as a class, level or subject that the teacher removed (their keys). */
  ignore: string[];
}

const SPEC = new Map(FACET_TABLE.map((f) => [f.name as Facet, f]));
const PARAM = (facet: Facet) => SPEC.get(facet)!.param;

export function parseSearchState(params: URLSearchParams): SearchState {
  const selected: SearchState['selected'] = {};
  for (const facet of FACETS) {
    const values = params.getAll(PARAM(facet)).filter(Boolean);
    if (values.length) selected[facet] = [...new Set(values)];
  }
  const sort = params.get('sort') as Sort | null;
  return {
    query: params.get('q') ?? '',
    selected,
    sort: sort && SORTS.includes(sort) ? sort : 'RELEVANCE',
    ignore: [...new Set(params.getAll('ignore').filter(Boolean))],
  };
}

export function toSearchParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.query.trim()) params.set('q', state.query.trim());
  for (const facet of FACETS) for (const value of state.selected[facet] ?? []) params.append(PARAM(facet), value);
  if (state.sort !== 'RELEVANCE') params.set('sort', state.sort);
  for (const key of state.ignore) params.append('ignore', key);
  return params;
}

export function toggle(state: SearchState, facet: Facet, value: string): SearchState {
  const current = state.selected[facet] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const selected = { ...state.selected, [facet]: next };
  if (!next.length) delete selected[facet];
  return { ...state, selected };
}

/** The GraphQL SearchFilter for the state; numbers where the API wants numbers. */
export function toFilter(state: SearchState): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(state.selected).map(([facet, values]) => {
      const spec = SPEC.get(facet as Facet)!;
      return [spec.argument, spec.numeric ? values!.map(Number) : values];
    }),
  );
}
