import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, badInput, notFound } from './errors.ts';
import { unhandledErrors } from './http-errors.ts';
import { createLogger } from './logger.ts';

// A route that lets a service's refusal through answers it with its status and message, not as a fault.
describe('HTTP answers to errors no route handled', () => {
  const logged: string[] = [];
  let url = '';
  let close: () => void;

  beforeAll(async () => {
    const app = express();
    const sink = new Writable({ write: (chunk, _encoding, done) => (logged.push(String(chunk)), done()) });
    const refusals = {
      missing: notFound('Материал', 'x'),
      bad: badInput('from', 'дата в виде ГГГГ-ММ-ДД'),
      forbidden: apiError('FORBIDDEN', 'Нет прав'),
      internal: apiError('INTERNAL_SERVER_ERROR', 'сбой'),
    };
    app.get('/:what', (req) => {
      throw refusals[req.params.what as keyof typeof refusals] ?? new Error('select * from secret');
    });
    app.use(unhandledErrors(createLogger('error', sink)));
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('maps a domain error to its status with its message, and logs nothing', async () => {
    const before = logged.length;
    for (const [what, status, message] of [
      ['missing', 404, 'Материал с id «x» не найден(а)'],
      ['bad', 400, 'Аргумент from: дата в виде ГГГГ-ММ-ДД'],
      ['forbidden', 403, 'Нет прав'],
    ] as const) {
      const res = await fetch(`${url}/${what}`);
      expect([what, res.status, await res.json()]).toEqual([what, status, { error: message }]);
    }
    expect(logged.slice(before)).toEqual([]);
  });

  it('answers anything else as a fault with a request id, without its text', async () => {
    const before = logged.length;
    for (const what of ['internal', 'other']) {
      const res = await fetch(`${url}/${what}`);
      const body = (await res.json()) as { error: string };
      expect(res.status).toBe(500);
      expect(body.error).toContain(res.headers.get('x-request-id'));
      expect(body.error).not.toMatch(/secret|сбой/);
    }
    expect(logged.length - before).toBe(2);
  });
});
