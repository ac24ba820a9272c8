/** `npm run kb -- <command>`: the product's command line. Every command says what it did and exits non-zero on failure. */
import { createMeiliClient, indexNames } from '@metod-kb/search';
import { DomainError } from './common/errors.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { migrate, openOrm } from './db/orm.ts';
import { LauncherError } from './runtime/process.ts';
import { ensureClientBuilt } from './runtime/client-build.ts';
import { runningServices, startServices, type Services } from './runtime/services.ts';
import { checkIndex, reindexAll } from './modules/search/reindex.ts';
import { filesConfig } from './modules/files/files-config.ts';
import { collectGarbage } from './modules/files/garbage-collector.ts';
import { ImportOptionsError, ImportService } from './modules/interop/import.service.ts';
import type { DictionaryField, DictionaryMapping } from './modules/interop/matching.ts';
import { exportMaterials } from './modules/interop/export.service.ts';
import { readImportFile } from './modules/interop/rows.ts';
import path from 'node:path';
import crypto from 'node:crypto';
import { AccountService } from './modules/accounts/account.service.ts';
import { Role, User } from './modules/accounts/user.entity.ts';
import { TokenScope } from './modules/tokens/api-token.entity.ts';
import { tokenTerms, TokenService } from './modules/tokens/token.service.ts';
import { TOKEN_LIMITS } from './modules/accounts/policy.ts';
import { isDatabaseEmpty, seedDemo } from './seeders/demo.seeder.ts';
import { seedDemoFiles } from './seeders/demo-files.ts';
import { startSupervisor } from './supervisor.ts';
import { recordedBackup } from './modules/backup/backup-scheduler.ts';
import { DigestSender } from './modules/subscriptions/digest-sender.ts';
import { smtpMailer } from './common/mail.ts';
import { createLogger } from './common/logger.ts';
import { BackupError } from './modules/backup/manifest.ts';
import { restoreBackup } from './modules/backup/restore.service.ts';
import { backupFileName } from './modules/backup/retention.ts';

const say = (line: string) => console.log(line);

/** Runs `work` against the database: the services of a server running on this DATA_DIR, or ones started for the command. */
async function withDatabase<T>(
  config: Config,
  work: (orm: Awaited<ReturnType<typeof openOrm>>, services: Services) => Promise<T>,
): Promise<T> {
  const services = await startServices(config, { reuseRunning: true, record: false });
  if (services.shared) say('Используются сервисы запущенного сервера');
  const orm = await openOrm({ databaseUrl: services.databaseUrl, poolMax: 4 });
  try {
    return await work(orm, services);
  } finally {
    await orm.close();
    await services.stop();
  }
}

const searchDeps = (config: Config, services: Services) => ({
  client: createMeiliClient(services.meili),
  names: indexNames(config.meiliIndexPrefix),
});

/** `--name value` options of a command; an option without a value or an unknown one is an error. */
function options(allowed: string[]): Record<string, string> {
  const args = process.argv.slice(3);
  const result: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]!.replace(/^--/, '');
    if (!args[i]!.startsWith('--') || !allowed.includes(name))
      throw new UsageError(`неизвестный параметр «${args[i]}»; допустимы: ${allowed.map((a) => `--${a}`).join(' ')}`);
    if (args[i + 1] === undefined) throw new UsageError(`у параметра --${name} нет значения`);
    result[name] = args[i + 1]!;
  }
  return result;
}

class UsageError extends Error {}

/** `import`'s flags: `--dry-run`, `--create-missing`, and `--map field:from=to` as often as needed. */
function importFlags(flags: string[]): { dryRun: boolean; createMissing: boolean; mapping: DictionaryMapping[] } {
  const result = { dryRun: false, createMissing: false, mapping: [] as DictionaryMapping[] };
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    if (flag === '--dry-run') result.dryRun = true;
    else if (flag === '--create-missing') result.createMissing = true;
    else if (flag === '--map') {
      const match = /^(subjects|levels):(.+?)=(.+)$/.exec(flags[++i] ?? '');
      if (!match)
        throw new UsageError(
          '--map: столбец:значение банка=значение справочника, например --map "subjects:Логопедия=Коррекционная педагогика"',
        );
      result.mapping.push({ field: match[1] as DictionaryField, from: match[2]!.trim(), to: match[3]!.trim() });
    } else throw new UsageError(`неизвестный параметр «${flag}»; допустимы --dry-run, --create-missing, --map`);
  }
  return result;
}

/** `[#########-----------]  45/100` for a terminal. */
function progressBar(done: number, total: number): string {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`;
}

/** A progress bar per phase on a terminal (`tables [####----] 12/34`), a new line when the phase changes. */
function phasedProgress(labels: Record<string, string>) {
  let shown = '';
  return ({ phase, done, total }: { phase: string; done: number; total: number }) => {
    if (!process.stdout.isTTY) return;
    if (shown && shown !== phase) process.stdout.write('\n');
    shown = phase;
    process.stdout.write(`\r${(labels[phase] ?? phase).padEnd(10)} ${progressBar(done, total)}`);
  };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const commands: Record<string, { help: string; run: (config: Config) => Promise<void> }> = {
  start: {
    help: 'запустить сервер (API, клиент, база и поиск)',
    async run(config) {
      const started = Date.now();
      // Signals are taken from the first moment: one during the start stops the product once it is up.
      let signalled: string | undefined;
      // eslint-disable-next-line prefer-const -- a signal during the start reads `stop` before it is set, where a const would throw.
      let stop: (() => Promise<void>) | undefined;
      const shutdown = async (signal: string) => {
        if (signalled) return;
        signalled = signal;
        if (!stop) return;
        say(`Получен ${signal}: останавливаюсь…`);
        // A part that does not let go must not keep the process (and the port) forever.
        setTimeout(() => {
          console.error('Остановка заняла больше 40 с: завершаюсь принудительно');
          process.exit(1);
        }, 40_000).unref();
        await stop();
        say('Остановлено');
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      await ensureClientBuilt(say);
      const server = await startSupervisor(config, say);
      stop = server.stop;
      say(
        `Готово за ${((Date.now() - started) / 1000).toFixed(1)} с: ${server.url}/ (API: ${server.url}/graphql), HTTP-процессов: ${config.webConcurrency}`,
      );
      if (signalled) {
        const signal = signalled;
        signalled = undefined;
        await shutdown(signal);
      }
    },
  },
  migrate: {
    help: 'применить миграции базы данных',
    async run(config) {
      const applied = await withDatabase(config, migrate);
      say(applied.length ? `Применены миграции: ${applied.join(', ')}` : 'Схема базы данных актуальна, миграций нет');
    },
  },
  seed: {
    help: 'загрузить демонстрационный корпус в пустую базу',
    async run(config) {
      await withDatabase(config, async (orm) => {
        await migrate(orm);
        if (!(await isDatabaseEmpty(orm.em.fork()))) {
          say('В базе уже есть материалы: демонстрационный корпус не загружается поверх них');
          return;
        }
        const seeded = await seedDemo(orm.em.fork());
        const attached = await seedDemoFiles(orm, filesConfig(config));
        say(
          `Загружено: ${seeded.organizations} организаций, ${seeded.people} педагогов, ${seeded.materials} материалов, ${seeded.collections} подборок, ${attached} файлов (текст и миниатюры появятся, когда сервер их обработает)`,
        );
      });
    },
  },
  'user:create': {
    help: 'создать пользователя: --email адрес --role READER|AUTHOR|EXPERT|METHODIST|ADMIN [--name ФИО] [--password пароль]',
    async run(config) {
      const opts = options(['email', 'role', 'name', 'password']);
      if (!opts.email || !opts.role) throw new UsageError('нужны --email и --role');
      const generated = !opts.password;
      const password = opts.password ?? crypto.randomBytes(12).toString('base64url');
      await withDatabase(config, async (orm) => {
        await migrate(orm);
        const user = await new AccountService(orm.em.fork() as never).createUser({
          email: opts.email!,
          name: opts.name ?? opts.email!,
          role: opts.role as Role,
          password,
        });
        say(`Создан пользователь ${user.email} (${user.role})`);
        if (generated) say(`Одноразовый пароль: ${password} — передайте его пользователю и попросите сменить после входа`);
      });
    },
  },
  reindex: {
    help: 'перестроить поисковые индексы из базы (без перерыва в поиске)',
    async run(config) {
      await withDatabase(config, async (orm, services) => {
        const started = Date.now();
        let shown = 0;
        const summary = await reindexAll(orm, searchDeps(config, services), (index, done) => {
          if (process.stdout.isTTY) process.stdout.write(`\r${index}: ${done}   `);
          else if (done - shown >= 10_000) say(`${index}: ${(shown = done)}`);
        });
        if (process.stdout.isTTY) process.stdout.write('\n');
        say(
          `Индексы перестроены за ${((Date.now() - started) / 1000).toFixed(1)} с: материалов ${summary.materials}, педагогов ${summary.people}, организаций ${summary.organizations}`,
        );
      });
    },
  },
  import: {
    help: 'загрузить банк материалов: import <файл.jsonl|.csv|.xlsx> [--dry-run] [--create-missing] [--map subjects:«из банка»=«в справочнике»]… (формат — в README)',
    async run(config) {
      const [file, ...flags] = process.argv.slice(3);
      if (!file || file.startsWith('--'))
        throw new UsageError('укажите файл: npm run kb -- import bank.jsonl [--dry-run] [--create-missing]');
      const { dryRun, createMissing, mapping } = importFlags(flags);
      const rows = await readImportFile(path.resolve(file)).catch((error: Error) => {
        throw new UsageError(`${file}: ${error.message}`);
      });
      await withDatabase(config, async (orm) => {
        await migrate(orm);
        const service = new ImportService(orm, filesConfig(config), {
          dryRun,
          baseDir: path.dirname(path.resolve(file)),
          createMissing,
          mapping,
        });
        const summary = await service
          .run(rows, (done, total) => {
            if (process.stdout.isTTY) process.stdout.write(`\r${progressBar(done, total)}`);
          })
          .catch((error: unknown) => {
            throw error instanceof ImportOptionsError ? new UsageError(error.message) : error;
          });
        if (process.stdout.isTTY) process.stdout.write('\n');
        say(
          `${dryRun ? 'Проверка без записи' : 'Импорт'}: строк ${summary.created + summary.updated + summary.unchanged + summary.failed}; создано ${summary.created}, обновлено ${summary.updated}, без изменений ${summary.unchanged}, с ошибками ${summary.failed}`,
        );
        if (summary.unknown.length) {
          const verdict = createMissing
            ? dryRun
              ? 'будут добавлены в справочники'
              : 'добавлены в справочники'
            : 'нет в справочниках: их строки не загружаются (--create-missing добавит их, --map сопоставит с имеющимися)';
          say(`Значения, которых не было в справочниках, — ${verdict}:`);
          for (const value of summary.unknown)
            say(`  ${value.field}: «${value.value}» — строк ${value.lines}, впервые в строке ${value.firstLine}`);
        }
        for (const line of summary.lines.filter((l) => l.outcome === 'failed')) {
          say(
            `  строка ${line.line}${line.externalId ? ` (${line.externalId})` : ''}: ${line.field ? `${line.field} — ` : ''}${line.reason}`,
          );
        }
        if (summary.failed) process.exitCode = 1;
      });
    },
  },
  export: {
    help: 'выгрузить все материалы в формате импорта: --format jsonl|csv|xlsx --out файл (файлы — в files/ рядом)',
    async run(config) {
      const opts = options(['format', 'out']);
      const format = opts.format ?? 'jsonl';
      if (format !== 'jsonl' && format !== 'csv' && format !== 'xlsx') throw new UsageError('--format: jsonl, csv или xlsx');
      const out = path.resolve(opts.out ?? `export.${format}`);
      await withDatabase(config, async (orm) => {
        const result = await exportMaterials(orm, filesConfig(config).storage, out, format, (done) => {
          if (process.stdout.isTTY) process.stdout.write(`\r${done}`);
        });
        if (process.stdout.isTTY) process.stdout.write('\n');
        say(`Выгружено материалов: ${result.materials}, файлов: ${result.files} → ${out}`);
      });
    },
  },
  digest: {
    help: 'разослать письма о новых материалах по подпискам сейчас, не дожидаясь DIGEST_SCHEDULE (нужна почта: SMTP_URL)',
    async run(config) {
      if (!config.mail) throw new UsageError('почта не настроена: задайте SMTP_URL и PUBLIC_URL');
      const mail = config.mail;
      await withDatabase(config, async (orm, services) => {
        const mailer = smtpMailer(mail);
        try {
          const sender = new DigestSender(
            orm,
            searchDeps(config, services),
            mailer,
            { schedule: mail.digestSchedule, timeZone: config.timeZone, centreName: config.centre.name },
            createLogger(config.logLevel),
          );
          // Now as the schedule's time: every subscription not sent since is due.
          const { sent, nothingNew, failed } = await sender.sendDue(new Date());
          say(
            `Писем с новыми материалами отправлено: ${sent}; подписок без новых материалов: ${nothingNew}${failed ? `; не отправлено из-за ошибки почты: ${failed} (повтор через час на работающем сервере)` : ''}`,
          );
        } finally {
          mailer.close();
        }
      });
    },
  },
  backup: {
    help: 'резервная копия базы и файлов одним архивом: [--out файл] (по умолчанию — в BACKUP_DIR); сервер может работать',
    async run(config) {
      const opts = options(['out']);
      const target = path.resolve(opts.out ?? path.join(config.backup.dir, backupFileName(new Date())));
      await withDatabase(config, async (orm) => {
        const { storage } = filesConfig(config);
        const { file, bytes, manifest } = await recordedBackup(orm, storage, target, 'command', {
          onProgress: phasedProgress({ tables: 'Таблицы', files: 'Файлы' }),
        });
        if (process.stdout.isTTY) process.stdout.write('\n');
        const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
        say(
          `Резервная копия: ${file} — ${mb(bytes)} МБ (до сжатия ${mb(manifest.totalBytes)} МБ): таблиц ${manifest.tables.length}, строк ${rows}, файлов ${manifest.files.count}, схема ${manifest.migration}`,
        );
        if (manifest.files.missing.length) {
          say(
            `Внимание: в хранилище нет ${manifest.files.missing.length} файлов, названных в базе (${manifest.files.missing.slice(0, 5).join(', ')}${manifest.files.missing.length > 5 ? ', …' : ''}); копия сделана без них`,
          );
        }
      });
    },
  },
  restore: {
    help: 'восстановить базу и файлы из резервной копии: restore <файл> [--yes] (в пустую базу; --yes заменяет данные)',
    async run(config) {
      const [file, ...flags] = process.argv.slice(3);
      if (!file || file.startsWith('--')) throw new UsageError('укажите файл: npm run kb -- restore kb-backup-….tar.gz [--yes]');
      const unknown = flags.filter((flag) => flag !== '--yes');
      if (unknown.length) throw new UsageError(`неизвестный параметр «${unknown[0]}»; допустим --yes`);
      const running = runningServices(config.dataDir);
      if (running)
        throw new UsageError(`на DATA_DIR ${config.dataDir} работает сервер (pid ${running.pid}): остановите его перед восстановлением`);
      await withDatabase(config, async (orm, services) => {
        const files = filesConfig(config);
        const { header, manifest, migratedAfter, reindexed } = await restoreBackup({
          orm,
          storage: files.storage,
          incomingDir: files.incomingDir,
          file: path.resolve(file),
          replace: flags.includes('--yes'),
          search: searchDeps(config, services),
          say,
          onProgress: phasedProgress({ tables: 'Таблицы', files: 'Файлы', verify: 'Проверка' }),
        });
        if (process.stdout.isTTY) process.stdout.write('\n');
        const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
        say(
          `Восстановлено из ${path.basename(file)} (версия ${header.version}, копия от ${header.createdAt}): таблиц ${manifest.tables.length}, строк ${rows}, файлов ${manifest.files.count}; счётчики и контрольные суммы сверены${reindexed ? ', поисковые индексы перестроены' : ''}`,
        );
        if (migratedAfter.length) say(`Применены миграции новее копии: ${migratedAfter.join(', ')}`);
      });
    },
  },
  'token:create': {
    help: `выпустить токен для внешней системы: --user email-методиста --name название [--scope read|write] [--days ${TOKEN_LIMITS.days.default}, не больше ${TOKEN_LIMITS.days.max}] [--budget ${TOKEN_LIMITS.budgetPerHour.default}, не больше ${TOKEN_LIMITS.budgetPerHour.max}]`,
    async run(config) {
      const opts = options(['user', 'name', 'scope', 'days', 'budget']);
      if (!opts.user || !opts.name) throw new UsageError('нужны --user (email методиста или администратора) и --name');
      const scope = { read: TokenScope.READ, write: TokenScope.READ_WRITE }[opts.scope ?? 'read'];
      if (!scope) throw new UsageError('--scope: read или write');
      // The same limits the service applies, checked before any database is opened and named as options.
      const option = { days: '--days', budgetPerHour: '--budget' } as const;
      const terms = tokenTerms(
        { days: opts.days ? Number(opts.days) : undefined, budgetPerHour: opts.budget ? Number(opts.budget) : undefined },
        (field, reason) => new UsageError(`${option[field]}: ${reason}`),
      );
      await withDatabase(config, async (orm) => {
        await migrate(orm);
        const em = orm.em.fork();
        const user = await em.findOne(User, { email: opts.user!.toLowerCase() });
        if (!user) throw new UsageError(`пользователя ${opts.user} нет`);
        const { token, apiToken } = await new TokenService(em as never).create(
          { userId: user.id, role: user.role },
          { name: opts.name!, scope, ...terms },
        );
        say(
          `Токен «${apiToken.name}» (${apiToken.scope}), действует до ${apiToken.expiresAt.toISOString().slice(0, 10)}, бюджет ${apiToken.budgetPerHour} в час:`,
        );
        say(token);
        say('Он показан один раз: сохраните его в настройках внешней системы (заголовок Authorization: Bearer …)');
      });
    },
  },
  'files:gc': {
    help: 'удалить файлы, которые ни к чему не прикреплены больше суток, и брошенные загрузки',
    async run(config) {
      await withDatabase(config, async (orm) => {
        const files = filesConfig(config);
        const report = await collectGarbage(orm.em.fork() as never, files.storage, files.incomingDir);
        say(`Хранилище: ${files.storage.description}`);
        say(
          `Удалено файлов: ${report.files} (${(report.bytes / 1024 / 1024).toFixed(1)} МБ), объектов без записи: ${report.strayObjects}, брошенных загрузок: ${report.staleUploads}`,
        );
      });
    },
  },
  'search:check': {
    help: 'сверить поисковый индекс с базой (расхождения — с id)',
    async run(config) {
      await withDatabase(config, async (orm, services) => {
        const check = await checkIndex(orm, searchDeps(config, services));
        const show = (label: string, ids: string[]) =>
          say(`${label}: ${ids.length}${ids.length ? ` (${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''})` : ''}`);
        show('Нет в индексе', check.missing);
        show('Лишние в индексе', check.extra);
        show('Устарели в индексе', check.stale);
        say(`Ожидают индексации: ${check.pendingUpdates}`);
        const differences = check.missing.length + check.extra.length + check.stale.length;
        if (differences > 0) {
          say(check.pendingUpdates ? 'Расхождения могут уйти, когда индексатор обработает очередь' : 'Исправить: npm run kb -- reindex');
          process.exitCode = 1;
        } else say('Индекс совпадает с базой');
      });
    },
  },
};

function usage(): string {
  return ['Использование: npm run kb -- <команда>', ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(13)} ${c.help}`)].join(
    '\n',
  );
}

async function main() {
  const [name] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name ? `Неизвестная команда «${name}»\n${usage()}` : usage());
    process.exit(2);
  }
  await command.run(loadConfig());
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Ошибка конфигурации: ${error.message}`);
  else if (error instanceof UsageError || error instanceof BackupError) console.error(`Ошибка: ${error.message}`);
  else if (error instanceof DomainError) console.error(`Ошибка: ${error.message}`);
  else if (error instanceof LauncherError) console.error(`Ошибка запуска: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
