import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** What is counted for one HTTP request while it runs: its SQL statements (for the debug log). */
interface RequestScope {
  sql: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Express middleware: everything the request does runs inside its scope. */
export function requestScope(_req: Request, _res: Response, next: NextFunction): void {
  storage.run({ sql: 0 }, next);
}

/** Called for every SQL statement; counts it for the request that issued it, if any. */
export function countSql(): void {
  const scope = storage.getStore();
  if (scope) scope.sql++;
}

export const sqlCount = (): number | undefined => storage.getStore()?.sql;
