import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import pg from 'pg';
import type { FileStorage } from '../files/storage.ts';
import { ArchiveWriter } from './archive.ts';
import { copyOutQuery, productTables, STABLE_TEXT_SETTINGS } from './catalog.ts';
import {
  BACKUP_FORMAT,
  type BackupHeader,
  type BackupManifest,
  type FileSummary,
  PRODUCT,
  PRODUCT_VERSION,
  type TableSummary,
} from './manifest.ts';
import { CopyDigest, copyOut, FilesDigest } from './digests.ts';
import { storedFiles } from './stored-files.ts';

export interface BackupProgress {
  phase: 'tables' | 'files';
  done: number;
  total: number;
}

export interface BackupOptions {
  orm: MikroORM;
  storage: FileStorage;
  /** The archive's final name; it appears only when the backup is complete. */
  target: string;
  onProgress?: (progress: BackupProgress) => void;
  /** Stops the backup (the server shutting down); nothing is left under the target's name. */
  signal?: AbortSignal;
  /**
   * Called inside the snapshot before anything is read, with an id that another session can
   * import (`SET TRANSACTION SNAPSHOT`) to see exactly what the backup sees.
   */
  onSnapshot?: (snapshotId: string) => Promise<void>;
}

export interface BackupResult {
  file: string;
  /** Size of the compressed archive. */
  bytes: number;
  manifest: BackupManifest;
}

/** A stream that stops at the next chunk once `signal` fires (a big table or file does not hold up a shutdown). */
async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  for await (const chunk of source) {
    signal?.throwIfAborted();
    yield chunk;
  }
}

/**
 * `kb backup`: every table of the product's schema read in one REPEATABLE READ snapshot (COPY,
 * streamed), every stored file that the snapshot's rows name, and a manifest, into one
 * compressed archive. The server keeps running and writing meanwhile; the archive is the
 * database as it was at one moment.
 */
export async function createBackup({
  orm,
  storage,
  target,
  onProgress = () => {},
  signal,
  onSnapshot,
}: BackupOptions): Promise<BackupResult> {
  const createdAt = new Date();
  const client = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  await client.connect();
  let archive: ArchiveWriter | undefined;
  try {
    await client.query(STABLE_TEXT_SETTINGS);
    await client.query('begin isolation level repeatable read read only');
    // The first statement fixes the snapshot: tables, rows and the list of files all come from it.
    const tables = await productTables(client);
    if (onSnapshot) await onSnapshot((await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id);
    const migrations = (await client.query<{ name: string }>('select name from mikro_orm_migrations order by id')).rows.map((r) => r.name);
    const fileCount = await storedFiles.count(client);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      product: PRODUCT,
      version: PRODUCT_VERSION,
      createdAt: createdAt.toISOString(),
      migration: migrations.at(-1) ?? '',
      migrations,
      tables: tables.map(({ name, columns }) => ({ name, columns })),
      files: fileCount,
      storage: storage.description,
    };
    archive = await ArchiveWriter.create(target, createdAt);
    await archive.add('backup.json', JSON.stringify(header, null, 2));

    const summaries: TableSummary[] = [];
    for (const [i, table] of tables.entries()) {
      signal?.throwIfAborted();
      const digest = new CopyDigest();
      await archive.addPieces(`tables/${table.name}`, abortable(copyOut(client, copyOutQuery(table), digest), signal));
      const summary = digest.summary(table.name);
      await archive.add(`tables/${table.name}.json`, JSON.stringify(summary));
      summaries.push(summary);
      onProgress({ phase: 'tables', done: i + 1, total: tables.length });
    }

    const files = new FilesDigest();
    const missing: string[] = [];
    let done = 0;
    for await (const { key, contentType } of storedFiles.list(client)) {
      signal?.throwIfAborted();
      onProgress({ phase: 'files', done: done++, total: fileCount });
      const size = await storage.size(key);
      // An object lost from storage is named in the manifest; the rest of the centre is still worth keeping.
      if (size === null) {
        missing.push(key);
        continue;
      }
      const hash = createHash('sha256');
      const source = await storage.read(key);
      await archive.addStream(
        `files/${key}`,
        size,
        (async function* () {
          for await (const chunk of abortable(source as AsyncIterable<Buffer>, signal)) {
            hash.update(chunk);
            yield chunk;
          }
        })(),
      );
      const summary: FileSummary = { key, size, sha256: hash.digest('hex'), contentType };
      await archive.add(`files/${key}.json`, JSON.stringify(summary));
      files.add(summary);
    }
    onProgress({ phase: 'files', done: fileCount, total: fileCount });
    await client.query('commit');

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      product: PRODUCT,
      version: PRODUCT_VERSION,
      createdAt: header.createdAt,
      migration: header.migration,
      tables: summaries,
      files: { count: files.count, bytes: files.bytes, sha256: files.digest(), missing },
      totalBytes: summaries.reduce((sum, t) => sum + t.bytes, 0) + files.bytes,
    };
    await archive.add('manifest.json', JSON.stringify(manifest, null, 2));
    const bytes = await archive.finish();
    return { file: target, bytes, manifest };
  } catch (error) {
    await archive?.abort();
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
