import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrationsList } from '../../migrations/index.ts';
import type { FileStorage } from '../files/storage.ts';
import type { SearchDeps } from '../search/search.service.ts';
import { reindexAll } from '../search/reindex.ts';
import { ArchiveReader, type ArchiveEntry } from './archive.ts';
import {
  copyInQuery,
  copyOutQuery,
  dataCounts,
  productTables,
  quoteIdent,
  resetSequences,
  STABLE_TEXT_SETTINGS,
  type TableInfo,
} from './catalog.ts';
import { CopyDigest, copyOut, FilesDigest } from './digests.ts';
import { BackupError, type BackupHeader, type BackupManifest, checkSchema, type FileSummary, type TableSummary } from './manifest.ts';

export interface RestoreProgress {
  phase: 'tables' | 'files' | 'verify';
  done: number;
  total: number;
}

export interface RestoreOptions {
  orm: MikroORM;
  storage: FileStorage;
  /** A directory on the storage's side for files on their way in (DATA_DIR/files/incoming). */
  incomingDir: string;
  file: string;
  /** `--yes`: a database with data is emptied and replaced by the backup. */
  replace: boolean;
  /** The search engine whose indexes are rebuilt afterwards; without it, `kb reindex` is left to do. */
  search?: SearchDeps;
  say?: (line: string) => void;
  onProgress?: (progress: RestoreProgress) => void;
}

export interface RestoreResult {
  header: BackupHeader;
  manifest: BackupManifest;
  /** What the database held before, table by table, when it was not empty. */
  replaced: Array<{ table: string; rows: number }>;
  /** Migrations applied after loading, when the backup came from an older version. */
  migratedAfter: string[];
  /** False when the search engine could not be rebuilt (the data are restored all the same; `kb reindex` later). */
  reindexed: boolean;
}

const describeCounts = (counts: Array<{ table: string; rows: number }>) =>
  counts
    .slice(0, 8)
    .map((c) => `${c.table} — ${c.rows}`)
    .join(', ') + (counts.length > 8 ? `, и ещё таблиц: ${counts.length - 8}` : '');

async function text(stream: Readable, limit = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) throw new BackupError('запись в архиве больше, чем может быть');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function json<T>(entry: ArchiveEntry): Promise<T> {
  const body = await text(entry.stream);
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new BackupError(`запись «${entry.name}» в архиве — не JSON: архив изменён или повреждён`);
  }
}

/** Writes a chunk, waiting when the other side is full. */
async function write(target: Writable, chunk: Buffer): Promise<void> {
  if (!target.write(chunk)) await once(target, 'drain');
}

/** PostgreSQL refused a table's rows (a constraint, a type): the archive was altered or is not of this schema. */
const refusedRows = (table: TableInfo, error: unknown) =>
  error instanceof BackupError || !(error as { code?: string }).code || /^Z_/.test((error as { code: string }).code)
    ? error
    : new BackupError(`таблица ${table.name} не загружается (${(error as Error).message}): архив изменён или повреждён`);

const sameTable = (a: TableSummary, b: TableSummary) => a.rows === b.rows && a.bytes === b.bytes && a.sha256 === b.sha256;

/** Storage keys come from the archive: only the shapes this product makes, nothing that climbs out of the store. */
const KEY = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._/-]{1,300}$/;

/**
 * Brings the database's schema to the backup's migration: up when it is behind; down (it holds
 * no data) when a newer program already migrated it. Returns nothing: the caller loads next.
 */
async function migrateTo(orm: MikroORM, header: BackupHeader, hasData: boolean): Promise<void> {
  const migrator = orm.getMigrator();
  const executed = (await migrator.getExecutedMigrations()).map((m) => m.name);
  const ahead = executed.filter((name) => !header.migrations.includes(name));
  if (ahead.length) {
    if (hasData) {
      throw new BackupError(
        `схема базы новее копии (${executed.at(-1)} против ${header.migration}) и в базе есть данные: восстановите копию в пустую базу (новый DATA_DIR или новая база PostgreSQL)`,
      );
    }
    await migrator.down({ to: ahead[0]! });
    return;
  }
  if (header.migration && !executed.includes(header.migration)) await migrator.up({ to: header.migration });
}

/**
 * `kb restore`: loads a backup into this installation's database and storage. Everything the
 * archive holds is checked against its checksums while it is read, and the loaded tables once
 * more against the manifest before the transaction commits; a refusal or failure leaves the
 * database as it was and removes the files it had put.
 */
export async function restoreBackup({
  orm,
  storage,
  incomingDir,
  file,
  replace,
  search,
  say = () => {},
  onProgress = () => {},
}: RestoreOptions): Promise<RestoreResult> {
  const reader = new ArchiveReader(file);
  const entries = reader.entries()[Symbol.asyncIterator]();
  const next = async () => {
    try {
      return await entries.next();
    } catch (error) {
      throw reader.explain(error);
    }
  };
  const client = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  const putKeys: string[] = [];
  const staged: string[] = [];
  let transaction = false;
  try {
    const first = await next();
    if (first.done || first.value.name !== 'backup.json')
      throw new BackupError(`${path.basename(file)} — не резервная копия базы знаний: в начале нет backup.json`);
    const header = await json<BackupHeader>(first.value);
    checkSchema(
      header,
      migrationsList.map((m) => m.name),
    );

    await client.connect();
    await client.query(STABLE_TEXT_SETTINGS);
    const replaced = await dataCounts(client);
    if (replaced.length && !replace) {
      throw new BackupError(
        `в базе уже есть данные (${describeCounts(replaced)}); восстановление заменит их все — повторите с --yes, если это и нужно`,
      );
    }
    if (replaced.length) say(`Будут заменены данные базы: ${describeCounts(replaced)}`);
    await migrateTo(orm, header, replaced.length > 0);

    const tables = await productTables(client);
    const expected = new Map(header.tables.map((t) => [t.name, t]));
    for (const table of tables) {
      const backedUp = expected.get(table.name);
      if (!backedUp || backedUp.columns.join() !== table.columns.join()) {
        throw new BackupError(
          `таблица ${table.name} в копии ${backedUp ? 'с другими столбцами' : 'отсутствует'}, чем в схеме ${header.migration}: архив изменён`,
        );
      }
    }
    if (header.tables.length !== tables.length)
      throw new BackupError(`в копии таблиц ${header.tables.length}, в схеме ${header.migration} — ${tables.length}: архив изменён`);

    await client.query('begin');
    transaction = true;
    // Everything goes, also the rows the migrations put there (the review criteria come from the backup).
    await client.query(`truncate ${tables.map((t) => quoteIdent(t.name)).join(', ')}`);

    const loaded: TableSummary[] = [];
    const files = new FilesDigest();
    await fsp.mkdir(incomingDir, { recursive: true });
    let manifest: BackupManifest | undefined;
    let copying: { table: TableInfo; stream: Writable; digest: CopyDigest; finished: Promise<unknown> } | undefined;
    let received: { key: string; staged: string; size: number; sha256: string } | undefined;
    const tableOf = (name: string) => {
      const table = expected.get(name);
      if (!table) throw new BackupError(`в архиве данные таблицы ${name}, которой нет в его описании: архив изменён`);
      return table;
    };

    for (let item = await next(); !item.done; item = await next()) {
      const entry = item.value;
      if (manifest) throw new BackupError(`после manifest.json в архиве есть «${entry.name}»: архив изменён`);
      const piece = /^tables\/([a-z0-9_]+)\/\d{6}$/.exec(entry.name);
      const tableEnd = /^tables\/([a-z0-9_]+)\.json$/.exec(entry.name);
      const fileEnd = /^files\/(.+)\.json$/.exec(entry.name);
      const fileBytes = !fileEnd && /^files\/(.+)$/.exec(entry.name);
      if (piece) {
        const table = tableOf(piece[1]!);
        if (copying?.table !== table) {
          if (copying) throw new BackupError(`данные таблицы ${copying.table.name} оборваны без итога: архив изменён`);
          const stream = client.query(copyFrom(copyInQuery(table)));
          const finished = new Promise<void>((resolve, reject) => {
            stream.once('finish', resolve);
            stream.on('error', reject);
          });
          finished.catch(() => {});
          copying = { table, stream, digest: new CopyDigest(), finished };
        }
        try {
          for await (const chunk of entry.stream as AsyncIterable<Buffer>) {
            copying.digest.update(chunk);
            await Promise.race([write(copying.stream, chunk), copying.finished]);
          }
        } catch (error) {
          throw refusedRows(table, error);
        }
      } else if (tableEnd) {
        const table = tableOf(tableEnd[1]!);
        const summary = await json<TableSummary>(entry);
        let actual: TableSummary;
        if (copying) {
          if (copying.table !== table)
            throw new BackupError(`итог таблицы ${table.name} стоит после данных таблицы ${copying.table.name}: архив изменён`);
          copying.stream.end();
          await copying.finished.catch((error) => {
            throw refusedRows(table, error);
          });
          actual = copying.digest.summary(table.name);
          copying = undefined;
        } else actual = new CopyDigest().summary(table.name);
        if (!sameTable(summary, actual)) {
          throw new BackupError(
            `таблица ${table.name}: данные в архиве не совпадают с контрольной суммой (строк ${actual.rows}, по итогу ${summary.rows}): архив изменён или повреждён`,
          );
        }
        loaded.push(actual);
        onProgress({ phase: 'tables', done: loaded.length, total: header.tables.length });
      } else if (fileBytes) {
        const key = fileBytes[1]!;
        if (!KEY.test(key)) throw new BackupError(`недопустимое имя файла в архиве: «${entry.name}»`);
        if (received) throw new BackupError(`у файла ${received.key} нет итога: архив изменён`);
        const file = path.join(incomingDir, `restore-${randomUUID()}`);
        staged.push(file);
        const hash = createHash('sha256');
        const out = fs.createWriteStream(file);
        let size = 0;
        for await (const chunk of entry.stream as AsyncIterable<Buffer>) {
          hash.update(chunk);
          size += chunk.length;
          await write(out, chunk);
        }
        out.end();
        await once(out, 'close');
        received = { key, staged: file, size, sha256: hash.digest('hex') };
      } else if (fileEnd) {
        const summary = await json<FileSummary>(entry);
        if (!received || received.key !== fileEnd[1]) throw new BackupError(`итог файла ${fileEnd[1]} без его содержимого: архив изменён`);
        if (summary.key !== received.key || summary.size !== received.size || summary.sha256 !== received.sha256) {
          throw new BackupError(`файл ${received.key}: содержимое в архиве не совпадает с контрольной суммой: архив изменён или повреждён`);
        }
        await storage.put(received.key, received.staged, summary.contentType);
        putKeys.push(received.key);
        files.add(summary);
        received = undefined;
        onProgress({ phase: 'files', done: files.count, total: header.files });
      } else if (entry.name === 'manifest.json') {
        manifest = await json<BackupManifest>(entry);
        if (!Array.isArray(manifest.tables) || typeof manifest.files?.sha256 !== 'string')
          throw new BackupError('manifest.json без итогов таблиц и файлов: архив изменён');
      } else {
        throw new BackupError(`неизвестная запись «${entry.name}» в архиве`);
      }
    }
    if (!manifest) throw new BackupError(`в архиве ${path.basename(file)} нет manifest.json: архив обрезан`);
    if (copying || received) throw new BackupError('архив кончается посреди данных: архив обрезан');

    // The manifest against what was read: every table and file there, with the same checksums.
    for (const table of header.tables) {
      const listed = manifest.tables.find((t) => t.name === table.name);
      const read = loaded.find((t) => t.name === table.name);
      if (!read) throw new BackupError(`в архиве нет данных таблицы ${table.name}: архив обрезан или изменён`);
      if (!listed || !sameTable(listed, read))
        throw new BackupError(`таблица ${table.name}: итог в манифесте не совпадает с данными: архив изменён`);
    }
    if (manifest.files.count !== files.count || manifest.files.bytes !== files.bytes || manifest.files.sha256 !== files.digest()) {
      throw new BackupError(`файлы: в манифесте ${manifest.files.count}, в архиве ${files.count} — архив обрезан или изменён`);
    }

    // The database itself, read back the way the backup read it: the same bytes, the same checksums.
    for (const [i, table] of tables.entries()) {
      const digest = new CopyDigest();
      for await (const _ of copyOut(client, copyOutQuery(table), digest));
      const actual = digest.summary(table.name);
      const listed = manifest.tables.find((t) => t.name === table.name)!;
      if (!sameTable(listed, actual)) {
        throw new BackupError(`после загрузки таблица ${table.name} не совпадает с копией (строк ${actual.rows}, в копии ${listed.rows})`);
      }
      onProgress({ phase: 'verify', done: i + 1, total: tables.length });
    }
    await resetSequences(client);
    await client.query('commit');
    transaction = false;

    const migratedAfter = (await orm.getMigrator().up()).map((m) => m.name);
    // The data are in; an unreachable search engine only leaves the indexes for later.
    const reindexed = search
      ? await reindexAll(orm, search).then(
          () => true,
          (error: unknown) => (
            say(
              `Поисковые индексы не перестроены (${error instanceof Error ? error.message : String(error)}): выполните npm run kb -- reindex`,
            ),
            false
          ),
        )
      : false;
    return { header, manifest, replaced, migratedAfter, reindexed };
  } catch (error) {
    if (transaction) await client.query('rollback').catch(() => {});
    await removePutFiles(client, storage, putKeys);
    throw reader.explain(error);
  } finally {
    await Promise.all(staged.map((file) => fsp.rm(file, { force: true })));
    await entries.return?.(undefined).catch(() => {});
    await client.end().catch(() => {});
  }
}

/** After a failed restore: the files it put that the database (as it was) does not name. */
async function removePutFiles(client: pg.Client, storage: FileStorage, keys: string[]): Promise<void> {
  for (const key of keys) {
    const named = await client.query('select 1 from media_file where storage_key = $1 or preview_key = $1', [key]).then(
      (r) => r.rowCount! > 0,
      () => false,
    );
    if (!named) await storage.delete(key).catch(() => {});
  }
}
