import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { Cron } from 'croner';
import { isEmailAddress } from './common/email-address.ts';
import type { BackupSettings } from './modules/backup/backup-scheduler.ts';
import type { KeepPolicy } from './modules/backup/retention.ts';
import type { S3Options } from './modules/files/s3-storage.ts';
import type { OaiConfig } from './modules/interop/oai/oai.routes.ts';

/** The environment, parsed and validated once. A bad value stops the start with one clear line. */
export interface Config {
  port: number;
  databaseUrl?: string;
  meiliUrl?: string;
  meiliMasterKey?: string;
  /** Index uids start with it, so that several installations can share one Meilisearch. */
  meiliIndexPrefix: string;
  dataDir: string;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Uploads over it are cut off and refused. */
  maxUploadMb: number;
  /** The embedded Meilisearch's indexing memory budget (see runtime/meilisearch.ts). */
  meiliIndexingMemoryMb: number;
  /** Where file bytes live: `DATA_DIR/files` or an S3-compatible bucket. */
  storage: { kind: 'local' } | ({ kind: 's3' } & S3Options);
  /** Origins of other sites allowed to call the API from a browser. */
  corsOrigins: string[];
  /** Which proxies' X-Forwarded-For to believe (Express's `trust proxy`), so per-IP limits see clients, not the proxy. */
  trustProxy: string | number | false;
  /** Per minute from one address without an API token: operations, searches, sign-in attempts. */
  ipLimits: IpLimits;
  /** How the OAI-PMH endpoint names the repository and whom harvesters write to. */
  oai: OaiConfig;
  /** Run only the web client's registered operations for callers without an API token. */
  graphqlSafelist: boolean;
  /** The district's time zone: a day of statistics and report periods are its days. */
  timeZone: string;
  /** HTTP worker processes under the `npm start` supervisor. */
  webConcurrency: number;
  /** The address readers open (origin only): absolute links in the feed, OAI-PMH, certificates. Required in production. */
  publicUrl?: string;
  /** Answers by link accepted from one address to one survey per hour (a school behind one NAT answers from one address). */
  surveyLinkAnswersPerHour: number;
  /** Scheduled backups: when (cron, district time), where to, how many to keep. */
  backup: BackupSettings;
  /** Who the centre is: certificates, the verification page and the sign-in page name it. */
  centre: CentreSettings;
  /** Outgoing mail (SMTP_URL); without it, links are handed out by the admin page. */
  mail?: MailSettings;
}

/** The centre as its documents name it (CENTRE_*). */
export interface CentreSettings {
  name: string;
  municipality?: string;
  /** Who signs certificates: the position («Директор МКУ «ИМЦ»») and the name («И. П. Орлова»). */
  headTitle: string;
  headName?: string;
  /** Where people ask for an account. */
  email?: string;
}

export interface MailSettings {
  smtpUrl: string;
  from: string;
  /** The site's address for links in letters (PUBLIC_URL), never taken from a request's Host. */
  publicUrl: string;
  /** When the e-mail digests of new materials go (DIGEST_SCHEDULE: cron, district time). */
  digestSchedule: string;
}

export const DEFAULT_CENTRE: CentreSettings = { name: 'Информационно-методический центр', headTitle: 'Руководитель' };

export const DEFAULT_SURVEY_LINK_ANSWERS_PER_HOUR = 60;

/** Per minute from one address without a token: operations, searches among them, and sign-in attempts. */
export interface IpLimits {
  any: number;
  search: number;
  login: number;
  /** Requests that mail a letter to an address the caller typed (a password link, a digest to confirm). */
  mail: number;
}

/**
 * Defaults of RATE_LIMIT_OPERATIONS, RATE_LIMIT_SEARCHES and RATE_LIMIT_SIGN_INS, sized for a school
 * whose staff reach the server through one address (NAT): a computer class of 30 teachers at once.
 * Suggestions follow each pause in typing (about 10 for a typed query), so two queries a minute
 * each are 30 × 2 × 11 ≈ 660 searches; a page is 3–5 operations, so the class browsing is about
 * 2,000 operations; 30 signing in at the start of a lesson, some twice, stay under 60. Each default
 * is about twice that; letters requested are as rare as sign-ins, and each costs a letter to a stranger's mailbox. One abuser is still held to what a whole class does; a server that schools
 * reach from addresses of their own can set lower values.
 */
export const DEFAULT_IP_LIMITS: IpLimits = {
  any: 3000,
  search: 1200,
  login: 60,
  mail: 30,
};

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

function timeZone(value: string | undefined): string {
  if (!value) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('ru', { timeZone: value });
  } catch {
    throw new ConfigError(`DISTRICT_TIMEZONE=${value}: нужен часовой пояс IANA, например Europe/Moscow или Asia/Yekaterinburg`);
  }
  return value;
}

export class ConfigError extends Error {}

const NODE_ENVS = ['development', 'production', 'test'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name}=${value}: допустимые значения — ${allowed.join(', ')}`);
}

function url(name: string, value: string | undefined, protocols: string[]): string | undefined {
  if (value === undefined || value === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name}: «${value}» — не URL (пример: ${protocols[0]}//host:port)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name}: ожидается схема ${protocols.join(' или ')}, получено ${parsed.protocol}`);
  }
  return value;
}

export function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name}=${value}: порт — целое число от 0 до 65535`);
  }
  return port;
}

function positiveNumber(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || number > max) throw new ConfigError(`${name}=${value}: число больше 0 и не больше ${max}`);
  return number;
}

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new ConfigError(`${name}=${value}: целое число от ${min} до ${max}`);
  return number;
}

function perMinute(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 1_000_000)
    throw new ConfigError(`${name}=${value}: целое число от 1 до 1000000 (в минуту с одного адреса)`);
  return number;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** A network in Express's `trust proxy` notation: an address, address/prefix or IPv4 address/netmask. */
function isProxyAddress(item: string): boolean {
  const [address = '', range, ...rest] = item.split('/');
  const version = net.isIP(address);
  if (!version || rest.length) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (version === 4 ? 32 : 128);
  return version === 4 && net.isIPv4(range);
}

/**
 * TRUST_PROXY as Express reads it: a hop count, or proxies by name (loopback, linklocal,
 * uniquelocal), address or network, comma-separated. `true` is refused: it would believe the
 * X-Forwarded-For of any client, who could then pose as any address and escape the per-IP limits.
 */
function trustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value.trim() === '') return false;
  if (/^\d+$/.test(value.trim())) return Number(value);
  if (value.trim() === 'true')
    throw new ConfigError(
      `TRUST_PROXY=${value}: так сервер поверит X-Forwarded-For любого клиента, и тот назовётся любым адресом; укажите адрес прокси (за nginx на этой же машине — loopback) или число прокси`,
    );
  for (const item of value.split(',').map((i) => i.trim())) {
    if (!PROXY_NAMES.includes(item) && !isProxyAddress(item)) {
      throw new ConfigError(
        `TRUST_PROXY=${value}: «${item}» — не прокси; укажите ${PROXY_NAMES.join(', ')}, адрес или сеть (10.0.0.5, 10.0.0.0/8) через запятую или число прокси перед сервером`,
      );
    }
  }
  return value;
}

function storage(env: NodeJS.ProcessEnv): Config['storage'] {
  const kind = oneOf('FILE_STORAGE', env.FILE_STORAGE, ['local', 's3'] as const, 'local');
  if (kind === 'local') return { kind };
  if (!env.S3_BUCKET) throw new ConfigError('FILE_STORAGE=s3: задайте S3_BUCKET (и S3_ENDPOINT для хранилища не в AWS)');
  const endpoint = url('S3_ENDPOINT', env.S3_ENDPOINT, ['http:', 'https:']);
  return {
    kind,
    endpoint,
    bucket: env.S3_BUCKET,
    region: env.S3_REGION || 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    forcePathStyle:
      oneOf('S3_FORCE_PATH_STYLE', env.S3_FORCE_PATH_STYLE, ['true', 'false'] as const, endpoint ? 'true' : 'false') === 'true',
  };
}

function indexPrefix(value: string | undefined): string {
  if (value === undefined || value === '') return 'kb_';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(value))
    throw new ConfigError(`MEILI_INDEX_PREFIX=${value}: только латинские буквы, цифры, «_» и «-», до 40 символов`);
  return value;
}

/** At night in the district's time: the embedded database's default. An external one has its own backups. */
export const DEFAULT_BACKUP_SCHEDULE = '30 2 * * *';

/** A cron pattern of five fields (minutes hours day month weekday); `example` completes the error's sentence. */
function cronPattern(name: string, value: string, example: string): string {
  try {
    if (value.trim().split(/\s+/).length !== 5) throw new Error('five fields');
    new Cron(value, { paused: true });
  } catch {
    throw new ConfigError(
      `${name}=${value}: нужно расписание cron из пяти полей (минуты часы день месяц день-недели), например ${example}`,
    );
  }
  return value;
}

function backupSchedule(value: string | undefined, embedded: boolean): string | null {
  if (value === undefined || value === '') return embedded ? DEFAULT_BACKUP_SCHEDULE : null;
  if (value === 'off') return null;
  return cronPattern('BACKUP_SCHEDULE', value, '«30 2 * * *» — каждую ночь в 2:30, или off');
}

/** Monday morning in the district's time: the week's new materials before the week's lessons. */
export const DEFAULT_DIGEST_SCHEDULE = '0 7 * * 1';

/** `7d,4w`: the newest backup of each of the last 7 days and of the last 4 weeks (`m` for months). */
function backupKeep(value: string | undefined): KeepPolicy {
  const keep: KeepPolicy = { daily: 0, weekly: 0, monthly: 0 };
  const text = value === undefined || value === '' ? '7d,4w' : value;
  const parts = text.split(/[\s,+]+/).filter(Boolean);
  const fields = { d: 'daily', w: 'weekly', m: 'monthly' } as const;
  for (const part of parts) {
    const m = /^(\d{1,4})([dwm])$/.exec(part);
    if (!m || keep[fields[m[2] as 'd' | 'w' | 'm']])
      throw new ConfigError(
        `BACKUP_KEEP=${value}: сколько копий хранить — например «7d,4w» (7 ежедневных и 4 еженедельных; m — ежемесячные)`,
      );
    keep[fields[m[2] as 'd' | 'w' | 'm']] = Number(m[1]);
  }
  if (!keep.daily && !keep.weekly && !keep.monthly) throw new ConfigError(`BACKUP_KEEP=${value}: нужна хотя бы одна копия`);
  return keep;
}

export function oaiConfig(env: NodeJS.ProcessEnv): OaiConfig {
  const adminEmail = env.OAI_ADMIN_EMAIL || 'admin@example.org';
  if (!/^\S+@(\S+\.)+\S+$/.test(adminEmail))
    throw new ConfigError(`OAI_ADMIN_EMAIL=${adminEmail}: нужен адрес электронной почты с доменом`);
  const repositoryId = env.OAI_REPOSITORY_ID || 'metod-kb';
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(repositoryId))
    throw new ConfigError(`OAI_REPOSITORY_ID=${repositoryId}: латинские буквы, цифры, точки и дефисы`);
  return { repositoryName: env.OAI_REPOSITORY_NAME || 'Методическая база знаний', adminEmail, repositoryId };
}

/**
 * Absolute links must not be built from the request's Host header, which any client can set (a
 * certificate's QR code pointing to another site). In production the address is configured.
 */
function publicUrl(value: string | undefined, nodeEnv: Config['nodeEnv']): string | undefined {
  const given = url('PUBLIC_URL', value, ['https:', 'http:']);
  if (!given) {
    if (nodeEnv === 'production')
      throw new ConfigError(
        'PUBLIC_URL: задайте адрес, по которому читатели открывают базу (например https://metod.example.ru): из него строятся ссылки ленты, OAI-PMH и свидетельств',
      );
    return undefined;
  }
  const parsed = new URL(given);
  if (parsed.pathname !== '/' || parsed.search || parsed.hash)
    throw new ConfigError(`PUBLIC_URL=${given}: только схема, сервер и порт, без пути и параметров (например https://metod.example.ru)`);
  return parsed.origin;
}

function centre(env: NodeJS.ProcessEnv): CentreSettings {
  const email = env.CENTRE_EMAIL?.trim() || undefined;
  if (email && !isEmailAddress(email)) throw new ConfigError(`CENTRE_EMAIL=${email}: нужен адрес электронной почты`);
  return {
    name: env.CENTRE_NAME?.trim() || DEFAULT_CENTRE.name,
    municipality: env.CENTRE_MUNICIPALITY?.trim() || undefined,
    headTitle: env.CENTRE_HEAD_TITLE?.trim() || 'Руководитель',
    headName: env.CENTRE_HEAD_NAME?.trim() || undefined,
    email,
  };
}

/** SMTP_URL turns mail on; letters carry links, so PUBLIC_URL must say where the site is. */
function mail(env: NodeJS.ProcessEnv, centreName: string, publicUrl: string | undefined): MailSettings | undefined {
  const smtpUrl = url('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:']);
  if (!smtpUrl) return undefined;
  if (!publicUrl)
    throw new ConfigError('SMTP_URL задан без PUBLIC_URL: ссылкам в письмах нужен адрес сайта, например https://metod.example.ru');
  const from = env.SMTP_FROM?.trim() || `"${centreName.replaceAll('"', '')}" <noreply@${new URL(publicUrl).hostname}>`;
  if (!/@/.test(from)) throw new ConfigError(`SMTP_FROM=${from}: нужен адрес отправителя, например «ИМЦ <noreply@metod.example.ru>»`);
  const digestSchedule = env.DIGEST_SCHEDULE?.trim()
    ? cronPattern('DIGEST_SCHEDULE', env.DIGEST_SCHEDULE.trim(), '«0 7 * * 1» — по понедельникам в 7:00')
    : DEFAULT_DIGEST_SCHEDULE;
  return { smtpUrl, from, publicUrl, digestSchedule };
}

/** The embedded Meilisearch's indexing memory budget unless MEILI_INDEXING_MEMORY_MB says otherwise. */
export const DEFAULT_MEILI_INDEXING_MEMORY_MB = 1024;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const centreSettings = centre(env);
  const meiliUrl = url('MEILI_URL', env.MEILI_URL, ['http:', 'https:']);
  if (env.MEILI_MASTER_KEY && !meiliUrl) {
    throw new ConfigError('MEILI_MASTER_KEY задан без MEILI_URL: встроенный Meilisearch создаёт ключ сам');
  }
  const nodeEnv = oneOf('NODE_ENV', env.NODE_ENV, NODE_ENVS, 'development');
  const publicUrlSetting = publicUrl(env.PUBLIC_URL, nodeEnv);
  return {
    port: parsePort('PORT', env.PORT, 4000),
    databaseUrl: url('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:']),
    meiliUrl,
    meiliMasterKey: env.MEILI_MASTER_KEY || undefined,
    meiliIndexPrefix: indexPrefix(env.MEILI_INDEX_PREFIX),
    // Whole megabytes from 64: the engine refuses to start on a budget it cannot index in.
    meiliIndexingMemoryMb: wholeNumber(
      'MEILI_INDEXING_MEMORY_MB',
      env.MEILI_INDEXING_MEMORY_MB,
      DEFAULT_MEILI_INDEXING_MEMORY_MB,
      64,
      1_000_000,
    ),
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    nodeEnv,
    publicUrl: publicUrlSetting,
    logLevel: oneOf('LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS, 'info'),
    maxUploadMb: positiveNumber('MAX_UPLOAD_MB', env.MAX_UPLOAD_MB, 200, 10_000),
    storage: storage(env),
    trustProxy: trustProxy(env.TRUST_PROXY),
    ipLimits: {
      any: perMinute('RATE_LIMIT_OPERATIONS', env.RATE_LIMIT_OPERATIONS, DEFAULT_IP_LIMITS.any),
      search: perMinute('RATE_LIMIT_SEARCHES', env.RATE_LIMIT_SEARCHES, DEFAULT_IP_LIMITS.search),
      login: perMinute('RATE_LIMIT_SIGN_INS', env.RATE_LIMIT_SIGN_INS, DEFAULT_IP_LIMITS.login),
      mail: perMinute('RATE_LIMIT_LETTERS', env.RATE_LIMIT_LETTERS, DEFAULT_IP_LIMITS.mail),
    },
    oai: oaiConfig(env),
    timeZone: timeZone(env.DISTRICT_TIMEZONE),
    // One HTTP worker per core by default: each is one Node event loop.
    webConcurrency: wholeNumber('WEB_CONCURRENCY', env.WEB_CONCURRENCY, os.availableParallelism(), 1, 64),
    surveyLinkAnswersPerHour: wholeNumber(
      'SURVEY_LINK_ANSWERS_PER_HOUR',
      env.SURVEY_LINK_ANSWERS_PER_HOUR,
      DEFAULT_SURVEY_LINK_ANSWERS_PER_HOUR,
      1,
      100_000,
    ),
    backup: {
      schedule: backupSchedule(env.BACKUP_SCHEDULE, !env.DATABASE_URL),
      dir: path.resolve(env.BACKUP_DIR || path.join(env.DATA_DIR || '.data', 'backups')),
      keep: backupKeep(env.BACKUP_KEEP),
    },
    centre: centreSettings,
    mail: mail(env, centreSettings.name, publicUrlSetting),
    graphqlSafelist: oneOf('GRAPHQL_SAFELIST', env.GRAPHQL_SAFELIST, ['0', '1'] as const, '0') === '1',
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean)
      .map((o) => new URL(url('CORS_ORIGINS', o, ['http:', 'https:'])!).origin),
  };
}
