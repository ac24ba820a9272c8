import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { checkDeadline, requestScope, startDeadline } from './request-scope.ts';

/** Runs `work` inside a request's scope, as Express would for one request. */
const inRequest = <T>(work: () => Promise<T>) =>
  new Promise<T>((resolve, reject) => requestScope({} as Request, {} as Response, () => void work().then(resolve, reject)));

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const statement = () => {
  try {
    checkDeadline();
    return 'ran';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('an operation’s deadline', () => {
  it('stops its statements past the deadline, not the work it leaves behind once it ended, nor other requests', async () => {
    const seen = await inRequest(async () => {
      const end = startDeadline(0);
      await later(2);
      const during = statement();
      // Started during the operation, run after it: a counter's flush timer, a letter, a job it woke.
      const leftBehind = later(5).then(statement);
      end();
      return { during, after: await leftBehind };
    });
    expect(seen.during).toContain('дольше');
    expect(seen.after).toBe('ran');
    expect(await inRequest(async () => statement())).toBe('ran');
  });
});
