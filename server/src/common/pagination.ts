import { QueryOrder, type EntityManager, type EntityName, type FilterQuery, type FindOptions } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import type { Page, PageArgs } from './connection.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size.ts';
import { badInput } from './errors.ts';
import { isIsoInstant } from './iso-dates.ts';
import { decodeOpaque, encodeOpaque, isCount, isSqlText, isUuid } from './opaque-token.ts';

export type SortDirection = 'ASC' | 'DESC';

/** What a keyset page is ordered by: one column, then the id to break ties. */
export interface SortKey {
  field: string;
  direction: SortDirection;
  /** `number`: a count in an `integer` column. */
  type: 'date' | 'text' | 'number';
}

interface CursorData {
  f: string;
  d: SortDirection;
  v: string | number | null;
  id: string;
}

export function pageSize(first: number | undefined | null): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw badInput('first', 'должно быть целым неотрицательным числом');
  if (first > MAX_PAGE_SIZE) throw badInput('first', `не больше ${MAX_PAGE_SIZE} (запрошено ${first})`);
  return first;
}

/** Whether a cursor's value is one the sort column could hold: a date as we write it, a count, or text. */
const VALUE_CHECKS: Record<SortKey['type'], (value: unknown) => boolean> = { date: isIsoInstant, number: isCount, text: isSqlText };

function decodeCursor(cursor: string, sort: SortKey): CursorData {
  const data = decodeOpaque(cursor);
  const valid =
    data !== undefined &&
    data.f === sort.field &&
    data.d === sort.direction &&
    isUuid(data.id) &&
    (data.v === null || VALUE_CHECKS[sort.type](data.v));
  if (!valid) throw badInput('after', 'курсор повреждён или относится к другому списку; начните с первой страницы');
  return { f: sort.field, d: sort.direction, v: data.v as CursorData['v'], id: data.id as string };
}

function cursorValue(entity: Record<string, unknown>, sort: SortKey): string | number | null {
  const value = entity[sort.field];
  if (value === undefined || value === null) return null;
  return value instanceof Date ? value.toISOString() : (value as string | number);
}

/**
 * Rows strictly after the cursor in the order `field dir NULLS LAST, id dir`. Keyset paging gives
 * no gaps or repeats while rows are added, and costs the same on page 1 and page 1000.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one keyset filter for every entity: the field is the sort key's name, known only at run time.
function afterCursor(data: CursorData, sort: SortKey): FilterQuery<any> {
  const cmp = sort.direction === 'DESC' ? '$lt' : '$gt';
  const idAfter = { id: { [cmp]: data.id } };
  if (data.v === null) return { [sort.field]: null, ...idAfter };
  const value = sort.type === 'date' ? new Date(data.v as string) : data.v;
  return {
    $or: [{ [sort.field]: { [cmp]: value } }, { [sort.field]: value, ...idAfter }, { [sort.field]: null }],
  };
}

export async function paginate<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  sort: SortKey,
  args: PageArgs,
  {
    read,
    ...options
  }: Pick<FindOptions<T>, 'populate'> & {
    /** Loads the page's rows by id (a read model): the query then selects only the ids and the sort column. */
    read?: (ids: string[]) => Promise<T[]>;
  } = {},
): Promise<Page<T>> {
  const first = pageSize(args.first);
  const after = args.after ? decodeCursor(args.after, sort) : undefined;
  const order = sort.direction === 'DESC' ? QueryOrder.DESC_NULLS_LAST : QueryOrder.ASC_NULLS_LAST;
  const condition = (after ? { $and: [where, afterCursor(after, sort)] } : where) as FilterQuery<T>;
  const orderBy = [{ [sort.field]: order }, { id: sort.direction === 'DESC' ? QueryOrder.DESC : QueryOrder.ASC }] as never;
  let rows: Array<{ id: string }>;
  if (first === 0) rows = [];
  else if (read) {
    // Only the ids, as plain rows: entities of them would cost more than the statement.
    rows = await (em as SqlEntityManager)
      .createQueryBuilder(entity)
      .select('id')
      .where(condition)
      .orderBy(orderBy)
      .limit(first + 1)
      .execute<Array<{ id: string }>>('all', false);
  } else rows = await em.find(entity, condition, { ...options, orderBy, limit: first + 1 } as FindOptions<T>);
  const nodes = read ? await read(rows.slice(0, first).map((row) => row.id)) : (rows.slice(0, first) as T[]);
  const edges = nodes.map((node) => ({
    node,
    cursor: encodeOpaque({ f: sort.field, d: sort.direction, v: cursorValue(node as Record<string, unknown>, sort), id: node.id }),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor,
      endCursor: edges.at(-1)?.cursor,
    },
    count: () => em.count(entity, where),
  };
}

/**
 * Offset pages for short curated lists whose order is a stored position (a collection's items):
 * keyset paging needs a unique sortable key, and these lists are small.
 */
export async function paginateByOffset<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  orderBy: FindOptions<T>['orderBy'],
  args: PageArgs,
  options: Pick<FindOptions<T>, 'populate'> = {},
): Promise<Page<T>> {
  const first = pageSize(args.first);
  let offset = 0;
  if (args.after) {
    const match = /^o:(\d{1,9})$/.exec(Buffer.from(args.after, 'base64url').toString('utf8'));
    if (!match) throw badInput('after', 'курсор повреждён или относится к другому списку; начните с первой страницы');
    offset = Number(match[1]) + 1;
  }
  const rows = first === 0 ? [] : await em.find(entity, where, { ...options, orderBy, offset, limit: first + 1 } as FindOptions<T>);
  const edges = rows.slice(0, first).map((node, i) => ({ node, cursor: Buffer.from(`o:${offset + i}`).toString('base64url') }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor,
      endCursor: edges.at(-1)?.cursor,
    },
    count: () => em.count(entity, where),
  };
}
