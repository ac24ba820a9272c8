import type { EntityManager } from '@mikro-orm/postgresql';
import { parse as parseCookies } from 'cookie';
import type express from 'express';
import type { SessionHandle } from './context.ts';
import { AccountService } from './modules/accounts/account.service.ts';
import type { Viewer } from './modules/accounts/viewer.ts';
import { isApiToken, type TokenIdentity, TokenService } from './modules/tokens/token.service.ts';

export const SESSION_COOKIE = 'kb_session';

/** Who calls with `token`: an API token (its identity and rules; refused with UNAUTHENTICATED naming why) or a session. */
export async function callerOf(em: EntityManager, token: string | undefined): Promise<{ viewer: Viewer | null; apiToken?: TokenIdentity }> {
  if (!isApiToken(token)) return { viewer: await new AccountService(em).viewerForToken(token) };
  const apiToken = await new TokenService(em).authenticate(token!);
  return { viewer: apiToken.viewer, apiToken };
}

/** The token from `Authorization: Bearer …` (programs) or the HttpOnly cookie (the browser). */
export function sessionToken(req: express.Request): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return bearer ?? parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
}

export function sessionHandle(req: express.Request, res: express.Response, production: boolean): SessionHandle {
  const options = { httpOnly: true, sameSite: 'lax' as const, secure: production, path: '/' };
  return {
    token: sessionToken(req),
    set: (token, expiresAt) => res.cookie(SESSION_COOKIE, token, { ...options, expires: expiresAt }),
    clear: () => res.clearCookie(SESSION_COOKIE, options),
  };
}
