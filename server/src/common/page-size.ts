/** Lists with `first`: what they return when not told, and the most they return. Free of decorators, so the query-cost analysis can read it. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
