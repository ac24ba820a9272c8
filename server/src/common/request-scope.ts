import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import { apiError } from './errors.ts';

/** What is kept for one HTTP request while it runs: its SQL statements (for the debug log) and its deadline. */
interface RequestScope {
  sql: number;
  /** When the request's GraphQL operation must stop (performance.now()), and the limit it was given. */
  deadline?: { at: number; ms: number };
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

/**
 * From now on the operation's statements have `ms` milliseconds, until the returned function ends the
 * deadline: what the operation leaves behind in the same async context (a counter's flush timer, a
 * letter) runs later without it. Outside a request scope, nothing changes.
 */
export function startDeadline(ms: number): () => void {
  const scope = storage.getStore();
  if (!scope) return () => undefined;
  const deadline = { at: performance.now() + ms, ms };
  scope.deadline = deadline;
  return () => {
    if (scope.deadline === deadline) scope.deadline = undefined;
  };
}

/** Runs `work` in a scope of its own, for operations that run side by side within one HTTP request. */
export function ownScope<T>(work: () => T): T {
  return storage.run({ sql: 0 }, work);
}

/** Throws TIMEOUT when the request issuing a statement is past its deadline (see execution-timeout.ts). */
export function checkDeadline(): void {
  const deadline = storage.getStore()?.deadline;
  if (deadline && performance.now() > deadline.at)
    throw apiError(
      'TIMEOUT',
      `Запрос выполняется дольше ${deadline.ms / 1000} с и остановлен; запросите меньше данных (first) или разбейте запрос`,
      { timeoutMs: deadline.ms },
    );
}
