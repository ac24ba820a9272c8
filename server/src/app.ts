import path from 'node:path';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isEngineHealthy } from '@metod-kb/search';
import { parse as parseCookies } from 'cookie';
import compression from 'compression';
import express from 'express';
import type { Logger } from './common/logger.ts';
import { type CentreSettings, DEFAULT_CENTRE, DEFAULT_SURVEY_LINK_ANSWERS_PER_HOUR, type IpLimits, oaiConfig } from './config.ts';
import type { Mailer } from './common/mail.ts';
import { browserHandle } from './common/browser-id.ts';
import { serverSecret } from './common/server-secret.ts';
import { corsAllowList, securityHeaders } from './common/http-security.ts';
import { unhandledErrors } from './common/http-errors.ts';
import { ipRateLimitPlugin } from './common/ip-rate-limit.ts';
import { executionTimeoutPlugin } from './common/execution-timeout.ts';
import { Metrics } from './common/metrics.ts';
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE, unavailablePlugin } from './common/unavailable.ts';
import { requestScope, sqlCount } from './common/request-scope.ts';
import { safelistPlugin } from './common/safelist.ts';
import { productionGuardsPlugin, QUERY_LIMITS, queryCostLimitPlugin, queryLimitRules } from './common/query-limits.ts';
import type { Context, SessionHandle } from './context.ts';
import { AccountService } from './modules/accounts/account.service.ts';
import { BackupRuns } from './modules/backup/backup-runs.ts';
import { certificateRoutes } from './modules/certificates/certificate.routes.ts';
import type { FilesDeps } from './modules/files/files-config.ts';
import { fileRoutes } from './modules/files/files.routes.ts';
import { MediaFileService } from './modules/materials/media-file.service.ts';
import { reportRoutes } from './modules/statistics/report.routes.ts';
import { rateLimitPlugin } from './modules/tokens/rate-limit.plugin.ts';
import { isApiToken, type TokenIdentity, TokenService } from './modules/tokens/token.service.ts';
import type { Viewer } from './modules/accounts/viewer.ts';
import { feedRoutes } from './modules/interop/feed.routes.ts';
import { subscriptionRoutes } from './modules/subscriptions/subscription.routes.ts';
import { seoRoutes } from './modules/seo/seo.routes.ts';
import { type OaiConfig, oaiRoutes } from './modules/interop/oai/oai.routes.ts';
import type { SearchDeps } from './modules/search/search.service.ts';
import { buildKbSchema } from './schema.ts';

export interface AppOptions {
  /** Origins allowed to call the API from other sites' pages. */
  corsOrigins?: readonly string[];
  /** Express's `trust proxy`: behind nginx, `loopback` or the proxy's address. */
  trustProxy?: string | number | false;
  /** Per-IP limits per minute for requests without a token (RATE_LIMIT_*; tests lower them). */
  ipLimits?: IpLimits;
  /** OAI-PMH repository name, admin e-mail and identifier namespace. */
  oai?: OaiConfig;
  /** Signatures of the operations that callers without a token may run (GRAPHQL_SAFELIST); all when absent. */
  safelist?: ReadonlySet<string>;
  /**
   * The origin absolute links are built from (PUBLIC_URL; without it, this server's own port on
   * localhost). Never the request's Host header, which any client sets.
   */
  publicUrl: () => string;
  /** Deadline of one GraphQL operation (tests shorten it). */
  executionTimeoutMs?: number;
  /** Answers by link accepted from one address to one survey per hour (SURVEY_LINK_ANSWERS_PER_HOUR). */
  surveyLinkAnswersPerHour?: number;
  /** The built web client (`client/dist`; tests give a shell of their own). */
  clientDir?: string;
  /** The centre's name and municipality for certificates and the sign-in page (CENTRE_*). */
  centre?: CentreSettings;
  /** Outgoing mail (SMTP_URL); links are handed out by the admin page without it. */
  mailer?: Mailer;
  orm: MikroORM;
  search: SearchDeps;
  files: FilesDeps;
  logger: Logger;
  production: boolean;
}

export interface App {
  handler: express.Express;
  stop(): Promise<void>;
}

const clientDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../client/dist');

async function timed(check: () => Promise<unknown>): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const ok = await check().then(
    (result) => result !== false,
    () => false,
  );
  return { ok, ms: Math.round(performance.now() - started) };
}

/** The HTTP application: GraphQL, health and readiness, and the client. No side effects beyond the returned handler. */
export async function buildApp({ publicUrl, orm, search, files, logger, production, corsOrigins = [], ipLimits, trustProxy = false, oai = oaiConfig({}), safelist, executionTimeoutMs, surveyLinkAnswersPerHour = DEFAULT_SURVEY_LINK_ANSWERS_PER_HOUR, clientDir = clientDist, centre = DEFAULT_CENTRE, mailer }: AppOptions): Promise<App> {
  const schema = await buildKbSchema();
  const browserSecret = await serverSecret(orm, 'browser-cookie');
  const metrics = new Metrics();
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    // The launcher owns shutdown: it stops HTTP, GraphQL, the pool and the services in order.
    stopOnTerminationSignals: false,
    // No cache hints are used (answers are `no-store`, above); the plugin would still wrap every field of every answer.
    plugins: [ApolloServerPluginCacheControlDisabled(), metrics.plugin(), queryCostLimitPlugin(), executionTimeoutPlugin(executionTimeoutMs), unavailablePlugin(), rateLimitPlugin(), ipRateLimitPlugin(orm, ipLimits), productionGuardsPlugin(production), ...(safelist ? [safelistPlugin(safelist)] : []), requestLogPlugin(logger)],
    validationRules: queryLimitRules,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    // No "did you mean" field names for strangers in production.
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: !production,
    formatError(formatted, error) {
      if (isDatabaseUnavailable(error)) return { message: UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
      // A refusal while building the context (a refused token) is told as such, not as a server fault in building it.
      if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR' && formatted.message.startsWith('Context creation failed: ')) {
        return { ...formatted, message: formatted.message.slice('Context creation failed: '.length) };
      }
      if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && production) {
        return { message: 'Внутренняя ошибка сервера; попробуйте позже (сообщите в поддержку requestId из ответа)', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
      return formatted;
    },
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.use(securityHeaders());
  app.use(['/graphql', '/feed.xml', '/oai', '/api'], corsAllowList(corsOrigins));
  // Scripts, styles and JSON shrink several times over slow mobile links. Files are served as
  // stored: they are mostly compressed formats already, and byte ranges must mean stored bytes.
  app.use(compression({ filter: (req, res) => !req.path.startsWith('/files/') && compression.filter(req, res) }));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  /** Database, search engine, the queues behind them and the last backup, for /ready and /metrics. */
  const probe = async () => {
    const [database, engine, queues] = await Promise.all([
      timed(() => orm.em.getConnection().execute('select 1')),
      timed(() => isEngineHealthy(search.client)),
      orm.em
        .getConnection()
        .execute<Array<{ pending: string; lag: string | null; extraction: string; imports: string }>>(
          `select (select count(*) from search_outbox where processed_at is null) as pending,
                  (select extract(epoch from now() - min(created_at)) from search_outbox where processed_at is null) as lag,
                  (select count(*) from media_file where extraction_status in ('PENDING', 'RUNNING')) as extraction,
                  (select count(*) from import_job where status in ('PENDING', 'RUNNING')) as imports`,
        )
        .then(([row]) => row, () => undefined),
    ]);
    // Asked only of a database that answers: while it is away, probes must not queue up for the pool.
    const backup = database.ok ? await new BackupRuns(orm.em.fork() as EntityManager).status().catch(() => undefined) : undefined;
    return { database, engine, queues, backup };
  };

  app.get('/metrics', async (_req, res) => {
    const { database, engine, queues, backup } = await probe();
    const gauge = (name: string, help: string, value: number) => ({ name, help, value });
    res.type('text/plain; version=0.0.4; charset=utf-8').send(
      metrics.render([
        gauge('kb_database_up', 'PostgreSQL answers (1) or not (0).', database.ok ? 1 : 0),
        gauge('kb_search_up', 'Meilisearch answers (1) or not (0).', engine.ok ? 1 : 0),
        gauge('kb_search_outbox_pending', 'Changes waiting to reach the search index.', Number(queues?.pending ?? -1)),
        gauge('kb_search_outbox_lag_seconds', 'Age of the oldest change waiting for the index.', Number(queues?.lag ?? 0)),
        gauge('kb_files_processing_pending', 'Uploaded files waiting for text extraction and previews.', Number(queues?.extraction ?? -1)),
        gauge('kb_imports_pending', 'Imports waiting or running.', Number(queues?.imports ?? -1)),
        gauge('kb_backup_last_success_timestamp_seconds', 'When the last backup finished (Unix time; 0: none yet).', backup?.lastSuccess ? Math.floor(backup.lastSuccess.at.getTime() / 1000) : 0),
        gauge('kb_backup_last_size_bytes', 'Size of the last backup archive.', backup?.lastSuccess?.sizeBytes ?? 0),
        gauge('kb_backup_failing', 'The latest backup failed or was interrupted (1) or not (0).', backup?.lastFailure ? 1 : 0),
        gauge('kb_backup_running', 'A backup is being made (1) or not (0).', backup?.running ? 1 : 0),
      ]),
    );
  });
  app.get('/ready', async (_req, res) => {
    const { database, engine, queues, backup } = await probe();
    const backlog = queues ? Number(queues.pending) : null;
    // Without the engine the API still answers (search falls back to PostgreSQL): degraded, not down.
    const status = !database.ok ? 'down' : engine.ok ? 'ok' : 'degraded';
    res.status(database.ok ? 200 : 503).json({
      status,
      database,
      search: { ...engine, pendingUpdates: backlog },
      // The time and size only: the reason of a failure is for admins (the client's banner, the log).
      backup: {
        lastAt: backup?.lastSuccess?.at.toISOString() ?? null,
        lastSizeBytes: backup?.lastSuccess?.sizeBytes ?? null,
        failing: Boolean(backup?.lastFailure),
        running: Boolean(backup?.running),
      },
    });
  });
  app.use(certificateRoutes(orm, publicUrl, centre));
  app.use(feedRoutes(orm, search, publicUrl));
  app.use(subscriptionRoutes(orm, centre.name));
  app.use(oaiRoutes(orm, oai, publicUrl));
  const viewerOf = (req: express.Request) => new AccountService(orm.em.fork() as EntityManager).viewerForToken(sessionToken(req));
  app.use(reportRoutes(orm, files.usage.timeZone, (req) => callerOf(orm.em.fork() as EntityManager, sessionToken(req))));
  app.use(
    fileRoutes({
      orm,
      files: files.config,
      usage: files.usage,
      logger,
      viewerOf,
      accessFor: (viewer) => new MediaFileService(orm.em.fork() as EntityManager, viewer),
    }),
  );
  app.use(
    '/graphql',
    // Answers are per viewer and change with every edit: no cache keeps them (also GET queries).
    (_req: express.Request, res: express.Response, next: express.NextFunction) => (res.set('Cache-Control', 'no-store'), next()),
    express.json({ limit: '1mb' }),
    // After the body is read: stream callbacks would leave the request's async context.
    requestScope,
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const em = orm.em.fork() as EntityManager;
        const session = sessionHandle(req, res, production);
        const requestId = requestIdOf(req);
        const clientIp = req.ip ?? req.socket.remoteAddress ?? '';
        const userAgent = req.headers['user-agent'];
        const usage = files.usage;
        const browser = browserHandle(req, res, browserSecret, production);
        return { em, ...(await callerOf(em, session.token)), search, session, requestId, clientIp, browser, surveyLinkAnswersPerHour, usage, userAgent, centre, mailer, logger };
      },
    }),
  );
  // A body that is not JSON or is too large is still answered the GraphQL way, with a code.
  app.use('/graphql', (error: { type?: string; status?: number }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error.type === 'entity.too.large') return res.status(413).json({ errors: [{ message: 'Тело запроса больше 1 МБ', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    if (error.type === 'entity.parse.failed') return res.status(400).json({ errors: [{ message: 'Тело запроса — не JSON', extensions: { code: 'BAD_REQUEST' } }] });
    return next(error);
  });
  // Hashed assets never change; the pages' HTML is revalidated, so a new build shows at once.
  app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  app.use(seoRoutes({ orm, publicUrl, shellFile: path.join(clientDir, 'index.html'), viewerOf }));
  app.get('/', (_req, res) => res.type('html').send(PLACEHOLDER));
  app.use(unhandledErrors(logger));

  return { handler: app, stop: () => apollo.stop() };
}

export const SESSION_COOKIE = 'kb_session';

/** A caller's X-Request-Id when it looks like one (a proxy's), else a new one. */
function requestIdOf(req: express.Request): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._-]{8,100}$/.test(given) ? given : crypto.randomUUID();
}

/**
 * Logs: every internal error with its stack (what production hides from the client), and at debug
 * level one line per operation with its request id, name, duration and SQL statement count; an
 * operation slower than a second is logged at info whatever the level.
 */
function requestLogPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (error.extensions?.code) continue;
            logger.error('graphql', { requestId: contextValue.requestId, operationName, error: String(error.originalError?.stack ?? error.stack ?? error), path: error.path });
          }
        },
        async willSendResponse({ contextValue, operationName, response, errors }) {
          const durationMs = Math.round(performance.now() - started);
          const slow = durationMs >= 1000;
          if (!slow && !logger.isEnabled('debug')) return;
          const codes = errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          logger[slow ? 'info' : 'debug'](slow ? 'slow graphql operation' : 'graphql', {
            requestId: contextValue.requestId,
            operationName: operationName ?? null,
            durationMs,
            sqlCount: sqlCount(),
            status: response.http.status ?? 200,
            ...(codes?.length ? { errors: codes } : {}),
          });
        },
      };
    },
  };
}

/** Who calls with `token`: an API token (its identity and rules; refused with UNAUTHENTICATED naming why) or a session. */
async function callerOf(em: EntityManager, token: string | undefined): Promise<{ viewer: Viewer | null; apiToken?: TokenIdentity }> {
  if (!isApiToken(token)) return { viewer: await new AccountService(em).viewerForToken(token) };
  const apiToken = await new TokenService(em).authenticate(token!);
  return { viewer: apiToken.viewer, apiToken };
}

/** The token from `Authorization: Bearer …` (programs) or the HttpOnly cookie (the browser). */
function sessionToken(req: express.Request): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return bearer ?? parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
}

function sessionHandle(req: express.Request, res: express.Response, production: boolean): SessionHandle {
  const options = { httpOnly: true, sameSite: 'lax' as const, secure: production, path: '/' };
  return {
    token: sessionToken(req),
    set: (token, expiresAt) => res.cookie(SESSION_COOKIE, token, { ...options, expires: expiresAt }),
    clear: () => res.clearCookie(SESSION_COOKIE, options),
  };
}

const PLACEHOLDER = `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Методическая база знаний</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}code{background:#f1f1f1;padding:.1em .3em}</style>
</head><body><main>
<h1>Методическая база знаний</h1>
<p>Сервер работает. Веб-интерфейс для учителей и методистов появится здесь; пока база доступна через GraphQL API.</p>
<ul><li>API: <a href="/graphql"><code>/graphql</code></a></li><li>Готовность: <a href="/ready"><code>/ready</code></a></li></ul>
</main></body></html>`;
