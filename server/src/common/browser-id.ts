import crypto from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import { sign, unsign } from 'cookie-signature';
import type express from 'express';

export const BROWSER_COOKIE = 'kb_browser';
const ID = /^[A-Za-z0-9_-]{22}$/;
const YEAR_MS = 365 * 24 * 3_600_000;

/** A browser known without an account: a random id in a cookie signed with the servers' shared secret. */
export interface BrowserHandle {
  /** The id from the browser's cookie when its signature holds; else a new one, handed to the browser now. */
  id(): string;
}

export function browserHandle(req: express.Request, res: express.Response, secret: string, production: boolean): BrowserHandle {
  let known: string | undefined;
  return {
    id() {
      if (known) return known;
      const cookie = parseCookies(req.headers.cookie ?? '')[BROWSER_COOKIE];
      const verified = cookie ? unsign(cookie, secret) : false;
      if (verified && ID.test(verified)) return (known = verified);
      known = crypto.randomBytes(16).toString('base64url');
      res.cookie(BROWSER_COOKIE, sign(known, secret), { httpOnly: true, sameSite: 'lax', secure: production, path: '/', maxAge: YEAR_MS });
      return known;
    },
  };
}
