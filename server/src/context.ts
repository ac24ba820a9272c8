import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from './modules/accounts/viewer.ts';
import type { SearchDeps } from './modules/search/search.service.ts';
import type { RateLimitState, TokenIdentity } from './modules/tokens/token.service.ts';

/** Built for every request: its own identity map (an em fork, so dataloaders batch per request) and the viewer. */
export interface Context {
  em: EntityManager;
  viewer: Viewer | null;
  search: SearchDeps;
  /** The request's session token and the way to hand a new one to the browser; resolvers never touch HTTP. */
  session: SessionHandle;
  /** The caller's address, for per-IP limits. */
  clientIp: string;
  /** Names the request in logs and in the X-Request-Id header. */
  requestId: string;
  /** Set when the request came with an API token (not a session). */
  apiToken?: TokenIdentity;
  /** The token's budget after this operation was charged. */
  rateLimit?: RateLimitState;
}

export interface SessionHandle {
  token?: string;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}
