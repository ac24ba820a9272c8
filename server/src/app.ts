import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
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
import { ownScope, requestScope } from './common/request-scope.ts';
import { safelistPlugin } from './common/safelist.ts';
import { productionGuardsPlugin, QUERY_LIMITS, queryCostLimitPlugin, queryLimitRules } from './common/query-limits.ts';
import type { Context } from './context.ts';
import { AccountService } from './modules/accounts/account.service.ts';
import { certificateRoutes } from './modules/certificates/certificate.routes.ts';
import type { FilesDeps } from './modules/files/files-config.ts';
import { fileRoutes } from './modules/files/files.routes.ts';
import { MediaFileService } from './modules/materials/media-file.service.ts';
import { reportRoutes } from './modules/statistics/report.routes.ts';
import { rateLimitPlugin } from './modules/tokens/rate-limit.plugin.ts';
import { feedRoutes } from './modules/interop/feed.routes.ts';
import { subscriptionRoutes } from './modules/subscriptions/subscription.routes.ts';
import { seoRoutes } from './modules/seo/seo.routes.ts';
import { isReaderNavigation } from './modules/seo/first-data.ts';
import { type OaiConfig, oaiRoutes } from './modules/interop/oai/oai.routes.ts';
import type { SearchDeps } from './modules/search/search.service.ts';
import { healthRoutes } from './health.routes.ts';
import { requestIdOf, requestLogPlugin } from './request-log.ts';
import { buildKbSchema } from './schema.ts';
import { callerOf, sessionHandle, sessionToken } from './session-cookies.ts';

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
  /** The clock of the rules that depend on the day (review due days); tests fix it. */
  now?: () => Date;
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

/** The HTTP application: GraphQL, health and readiness, and the client. No side effects beyond the returned handler. */
export async function buildApp({
  publicUrl,
  orm,
  search,
  files,
  logger,
  production,
  corsOrigins = [],
  ipLimits,
  trustProxy = false,
  oai = oaiConfig({}),
  safelist,
  executionTimeoutMs,
  surveyLinkAnswersPerHour = DEFAULT_SURVEY_LINK_ANSWERS_PER_HOUR,
  clientDir = clientDist,
  centre = DEFAULT_CENTRE,
  mailer,
  now = () => new Date(),
}: AppOptions): Promise<App> {
  const schema = await buildKbSchema();
  const browserSecret = await serverSecret(orm, 'browser-cookie');
  const metrics = new Metrics();
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    // The launcher owns shutdown: it stops HTTP, GraphQL, the pool and the services in order.
    stopOnTerminationSignals: false,
    // No cache hints are used (answers are `no-store`, above); the plugin would still wrap every field of every answer.
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      metrics.plugin(),
      queryCostLimitPlugin(),
      executionTimeoutPlugin(executionTimeoutMs),
      unavailablePlugin(),
      rateLimitPlugin(),
      ipRateLimitPlugin(orm, ipLimits),
      productionGuardsPlugin(production),
      ...(safelist ? [safelistPlugin(safelist)] : []),
      requestLogPlugin(logger),
    ],
    validationRules: queryLimitRules,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    // No "did you mean" field names for strangers in production.
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: !production,
    formatError(formatted, error) {
      if (isDatabaseUnavailable(error))
        return { message: UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
      // A refusal while building the context (a refused token) is told as such, not as a server fault in building it.
      if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR' && formatted.message.startsWith('Context creation failed: ')) {
        return { ...formatted, message: formatted.message.slice('Context creation failed: '.length) };
      }
      if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && production) {
        return {
          message: 'Внутренняя ошибка сервера; попробуйте позже (сообщите в поддержку requestId из ответа)',
          path: formatted.path,
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        };
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
  app.use(healthRoutes(orm, search, metrics));
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
  /** What a GraphQL operation runs with: the caller from the session or token, and the request's services. */
  const contextOf = async (req: express.Request, res: express.Response): Promise<Context> => {
    const em = orm.em.fork() as EntityManager;
    const session = sessionHandle(req, res, production);
    const requestId = requestIdOf(req);
    const clientIp = req.ip ?? req.socket.remoteAddress ?? '';
    const userAgent = req.headers['user-agent'];
    const usage = files.usage;
    const browser = browserHandle(req, res, browserSecret, production);
    return {
      em,
      ...(await callerOf(em, session.token)),
      search,
      session,
      requestId,
      clientIp,
      browser,
      surveyLinkAnswersPerHour,
      usage,
      userAgent,
      centre,
      mailer,
      logger,
      now,
    };
  };
  app.use(
    '/graphql',
    // Answers are per viewer and change with every edit: no cache keeps them (also GET queries).
    (_req: express.Request, res: express.Response, next: express.NextFunction) => (res.set('Cache-Control', 'no-store'), next()),
    express.json({ limit: '1mb' }),
    // After the body is read: stream callbacks would leave the request's async context.
    requestScope,
    expressMiddleware(apollo, { context: ({ req, res }) => contextOf(req, res) }),
  );
  // A body that is not JSON or is too large is still answered the GraphQL way, with a code.
  app.use(
    '/graphql',
    (error: { type?: string; status?: number }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (error.type === 'entity.too.large')
        return res.status(413).json({ errors: [{ message: 'Тело запроса больше 1 МБ', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      if (error.type === 'entity.parse.failed')
        return res.status(400).json({ errors: [{ message: 'Тело запроса — не JSON', extensions: { code: 'BAD_REQUEST' } }] });
      return next(error);
    },
  );
  // Hashed assets never change; the pages' HTML is revalidated, so a new build shows at once.
  app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  // In a request scope as /graphql is: the first answers' statements are counted and meet the deadline.
  app.use(
    requestScope,
    seoRoutes({
      orm,
      publicUrl,
      shellFile: path.join(clientDir, 'index.html'),
      viewerOf,
      async operationsFor(req, res) {
        const context = await contextOf(req, res);
        // Only a reader's own visit counts a view or a search, not an image or a prefetch naming the page.
        const usage = isReaderNavigation(req) ? context.usage : undefined;
        return async (query, variables) => {
          const contextValue = { ...context, em: orm.em.fork() as EntityManager, usage };
          // Each in a scope of its own: side by side, one operation's end must not end another's deadline.
          const response = await ownScope(() => apollo.executeOperation({ query, variables }, { contextValue }));
          return response.body.kind === 'single' ? response.body.singleResult : { errors: ['an incremental answer'] };
        };
      },
    }),
  );
  app.get('/', (_req, res) => res.type('html').send(PLACEHOLDER));
  app.use(unhandledErrors(logger));

  return { handler: app, stop: () => apollo.stop() };
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
