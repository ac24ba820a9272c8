import fsp from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FileStorage } from './storage.ts';

export interface GarbageReport {
  files: number;
  bytes: number;
  strayObjects: number;
  staleUploads: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Removes files no material carries for longer than `graceMs` (rows first, then bytes, so a file
 * attached at that moment keeps both), objects in storage no row names (a crash between storing
 * and recording), and uploads left half-received in the incoming directory.
 */
export async function collectGarbage(em: EntityManager, storage: FileStorage, incomingDir: string, graceMs = DAY_MS): Promise<GarbageReport> {
  const cutoff = new Date(Date.now() - graceMs);
  const report: GarbageReport = { files: 0, bytes: 0, strayObjects: 0, staleUploads: 0 };
  const orphans = await em.getConnection().execute<Array<{ storage_key: string; preview_key: string | null; size: string }>>(
    `delete from media_file f
     where coalesce(f.detached_at, f.created_at) < ? and not exists (select 1 from material_file a where a.file_id = f.id)
     returning f.storage_key, f.preview_key, f.size`,
    [cutoff],
  );
  for (const orphan of orphans) {
    await storage.delete(orphan.storage_key);
    if (orphan.preview_key) await storage.delete(orphan.preview_key);
    report.files++;
    report.bytes += Number(orphan.size);
  }

  const known = new Set(
    (await em.getConnection().execute<Array<{ key: string }>>('select storage_key as key from media_file union all select preview_key from media_file where preview_key is not null')).map((r) => r.key),
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
