import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from '../../common/logger.ts';

/**
 * Download counts, added up in memory and written in one statement a few times a minute, so a
 * download never waits on a counter and a failure to count never fails a download. Materials
 * whose count changed are queued for the index (the "most downloaded" order reads it there).
 */
export class DownloadCounter {
  private files = new Map<string, number>();
  private materials = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Logger,
    private readonly intervalMs = 5000,
  ) {}

  record(fileId: string, materialId: string | undefined): void {
    this.files.set(fileId, (this.files.get(fileId) ?? 0) + 1);
    if (materialId) this.materials.set(materialId, (this.materials.get(materialId) ?? 0) + 1);
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs).unref();
  }

  /** Writes what was counted; tests and shutdown call it directly. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const files = this.files;
    const materials = this.materials;
    this.files = new Map();
    this.materials = new Map();
    if (!files.size && !materials.size) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(files, materials)).catch((error) => this.logger.warn('download counts not written', { error: String(error), files: files.size }));
    return this.flushing;
  }

  private async write(files: Map<string, number>, materials: Map<string, number>) {
    const connection = this.orm.em.getConnection();
    const values = (counts: Map<string, number>) => JSON.stringify([...counts].map(([id, n]) => ({ id, n })));
    await connection.transactional(async (tx) => {
      const bump = (table: string, counts: Map<string, number>) =>
        connection.execute(
          `update ${table} t set download_count = t.download_count + v.n from json_to_recordset(?::json) as v(id uuid, n int) where t.id = v.id`,
          [values(counts)],
          'run',
          tx,
        );
      if (files.size) await bump('media_file', files);
      if (materials.size) {
        await bump('material', materials);
        await connection.execute(
          `insert into search_outbox (kind, entity_id) select 'Material', v.id from json_to_recordset(?::json) as v(id uuid, n int)`,
          [values(materials)],
          'run',
          tx,
        );
      }
    });
  }
}
