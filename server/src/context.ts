import type { EntityManager } from '@mikro-orm/postgresql';
import type { BrowserHandle } from './common/browser-id.ts';
import type { Logger } from './common/logger.ts';
import type { Mailer } from './common/mail.ts';
import type { CentreSettings } from './config.ts';
import { isBot } from './common/user-agent.ts';
import type { UsageRecorder } from './modules/usage/usage-recorder.ts';
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
  /** The browser without an account (a signed cookie): one answer by link per browser. */
  browser: BrowserHandle;
  /** Answers by link accepted from one address to one survey per hour. */
  surveyLinkAnswersPerHour: number;
  /** Names the request in logs and in the X-Request-Id header. */
  requestId: string;
  /** Set when the request came with an API token (not a session). */
  apiToken?: TokenIdentity;
  /** The token's budget after this operation was charged. */
  rateLimit?: RateLimitState;
  /** Where views and searches are counted (people only: see `countsAsPerson`). */
  usage?: UsageRecorder;
  userAgent?: string;
  /** Who the centre is (CENTRE_*). */
  centre: CentreSettings;
  /** Outgoing mail, when SMTP_URL is set. */
  mailer?: Mailer;
  logger: Logger;
  /** The server's clock: what "today" is for rules that depend on the day (tests fix it). */
  now: () => Date;
}

/** Views and searches count for people, not for crawlers or for systems with API tokens. */
export const countsAsPerson = (
  ctx: Pick<Context, 'usage' | 'userAgent' | 'apiToken'>,
): ctx is Pick<Context, 'apiToken' | 'userAgent'> & { usage: UsageRecorder } =>
  Boolean(ctx.usage) && !ctx.apiToken && !isBot(ctx.userAgent);

export interface SessionHandle {
  token?: string;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}
