import fsp from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FileStorage } from './storage.ts';

export interface GarbageReport {
  files: number;
  /** Freed in storage: objects no upload uses any more. */
  bytes: number;
  strayObjects: number;
  staleUploads: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Removes files no material carries for longer than `graceMs` (rows first, then bytes, so a file
 * attached at that moment keeps both; bytes and thumbnails shared by uploads of the same content
 * go with the last row naming them), objects in storage no row names (a crash between storing and
 * recording), and uploads left half-received in the incoming directory.
 */
export async function collectGarbage(
  em: EntityManager,
  storage: FileStorage,
  incomingDir: string,
  graceMs = DAY_MS,
): Promise<GarbageReport> {
  const cutoff = new Date(Date.now() - graceMs);
  const report: GarbageReport = { files: 0, bytes: 0, strayObjects: 0, staleUploads: 0 };
  const connection = em.getConnection();
  const orphans = await connection.execute<Array<{ storage_key: string; preview_key: string | null; size: string }>>(
    `delete from media_file f
     where coalesce(f.detached_at, f.created_at) < ? and not exists (select 1 from material_file a where a.file_id = f.id)
     returning f.storage_key, f.preview_key, f.size`,
    [cutoff],
  );
  report.files = orphans.length;
  const sizes = new Map<string, number>(orphans.map((o) => [o.storage_key, Number(o.size)]));
  const keys = [...new Set(orphans.flatMap((o) => (o.preview_key ? [o.storage_key, o.preview_key] : [o.storage_key])))];
  // An upload sharing an object locks the row it shares from until its own row is in: after the delete above, it is visible here.
  const used = new Set(
    keys.length
      ? (
          await connection.execute<Array<{ key: string }>>(
            'select storage_key as key from media_file where storage_key in (?) union select preview_key from media_file where preview_key in (?)',
            [keys, keys],
          )
        ).map((r) => r.key)
      : [],
  );
  for (const key of keys.filter((k) => !used.has(k))) {
    await storage.delete(key);
    report.bytes += sizes.get(key) ?? 0;
  }

  const known = new Set(
    (
      await connection.execute<Array<{ key: string }>>(
        'select storage_key as key from media_file union all select preview_key from media_file where preview_key is not null',
      )
    ).map((r) => r.key),
  );
  for await (const object of storage.list()) {
    if (object.modifiedAt < cutoff && !known.has(object.key)) {
      await storage.delete(object.key);
      report.strayObjects++;
    }
  }

  for (const name of await fsp.readdir(incomingDir).catch(() => [] as string[])) {
    const file = path.join(incomingDir, name);
    const stat = await fsp.stat(file).catch(() => null);
    if (stat && stat.mtime < cutoff) {
      await fsp.rm(file, { force: true });
      report.staleUploads++;
    }
  }
  return report;
}
