import rootPackage from '../../../../package.json' with { type: 'json' };
import type { TableInfo } from './catalog.ts';

/** The layout of the archive; a reader refuses formats it does not know. */
export const BACKUP_FORMAT = 1;
export const PRODUCT = 'metod-kb';
export const PRODUCT_VERSION: string = rootPackage.version;

/** A refusal or failure told to the person running backup or restore, in one line. */
export class BackupError extends Error {}

/** `backup.json`, the first entry: enough to refuse an archive before anything is written. */
export interface BackupHeader {
  format: number;
  product: string;
  version: string;
  createdAt: string;
  /** The last migration of the schema the data were read from, and all before it. */
  migration: string;
  migrations: string[];
  /** In load order (parents before children). */
  tables: TableInfo[];
  /** How many stored files the snapshot names (progress of a restore). */
  files: number;
  /** Where the files were read from. */
  storage: string;
}

/** What a table's rows came to: `tables/<name>.json` after its data, and a line of the manifest. */
export interface TableSummary {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/** What a stored file came to: `files/<key>.json` after its bytes. */
export interface FileSummary {
  key: string;
  size: number;
  sha256: string;
  contentType: string;
}

/** `manifest.json`, the last entry. */
export interface BackupManifest {
  format: number;
  product: string;
  version: string;
  createdAt: string;
  migration: string;
  tables: TableSummary[];
  /** `sha256` is the digest of the files' summaries in archive order (`<sha256> <size> <key>` lines). */
  files: { count: number; bytes: number; sha256: string; missing: string[] };
  /** Table data and file bytes together, before compression. */
  totalBytes: number;
}

/**
 * The schema of a backup against this program's migrations: the backup's must be this program's
 * first ones. A later or unknown migration means a newer (or foreign) version made it.
 */
export function checkSchema(header: BackupHeader, known: string[]): void {
  if (header.format !== BACKUP_FORMAT || header.product !== PRODUCT) {
    throw new BackupError(`это не резервная копия базы знаний этого формата (продукт «${header.product}», формат ${header.format})`);
  }
  const newer = header.migrations.find((name) => !known.includes(name));
  if (newer) {
    throw new BackupError(
      `копия сделана более новой версией программы (${header.version}, схема ${header.migration}); обновите программу до версии ${header.version} или новее и повторите`,
    );
  }
  if (header.migrations.some((name, i) => known[i] !== name)) {
    throw new BackupError(
      `история схемы в копии (${header.migration}) расходится с историей этой программы: восстановите копию той версией, которая её сделала`,
    );
  }
}
