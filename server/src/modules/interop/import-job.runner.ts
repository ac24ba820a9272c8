import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../common/logger.ts';
import { PollingWorker } from '../../common/polling-worker.ts';
import type { FilesConfig } from '../files/upload.service.ts';
import { ImportJob, ImportJobStatus } from './import-job.entity.ts';
import { ImportService } from './import.service.ts';
import { readImportFile } from './rows.ts';

const MAX_REPORTED = 1000;

/**
 * Runs imports started from the API: `import_job` rows claimed with FOR UPDATE SKIP LOCKED,
 * progress written every few lines so a client can poll it, failures kept on the job.
 */
export class ImportJobRunner {
  readonly worker: PollingWorker;

  constructor(
    private readonly orm: MikroORM,
    private readonly files: FilesConfig,
    private readonly logger: Logger,
    idleMs = 5000,
  ) {
    this.worker = new PollingWorker('imports', async () => ((await this.runOne()) ? 1 : 0), logger, { idleMs });
  }

  start(): void {
    this.worker.start();
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  async drainAll(): Promise<number> {
    let count = 0;
    while (await this.runOne()) count++;
    return count;
  }

  private async claim(): Promise<string | undefined> {
    const [row] = await this.orm.em.getConnection().execute<Array<{ id: string }>>(
      `update import_job set status = 'RUNNING', started_at = now()
       where id = (select id from import_job where status = 'PENDING' order by created_at for update skip locked limit 1)
       returning id`,
    );
    return row?.id;
  }

  async runOne(): Promise<boolean> {
    const id = await this.claim();
    if (!id) return false;
    const em = this.orm.em.fork() as EntityManager;
    const job = await em.findOneOrFail(ImportJob, { id }, { populate: ['file'] });
    const save = async (change: Partial<ImportJob>) => {
      em.assign(job, change as never);
      await em.flush();
    };
    try {
      const file = job.file.getEntity();
      let total = 0;
      const summary = await this.files.storage.withLocalFile(file.storageKey, async (stored) => {
        // The reader picks the format by extension; the stored object has none.
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-import-'));
        try {
          const named = path.join(dir, `import${path.extname(job.fileName).toLowerCase()}`);
          await fs.copyFile(stored, named);
          const source = await readImportFile(named).catch((error: Error) => {
            throw new Error(`файл «${job.fileName}»: ${error.message}`);
          });
          total = source.total;
          await save({ total });
          // An uploaded bank has no folder beside it: its lines may name no files of the server.
          const service = new ImportService(this.orm, this.files, {
            dryRun: job.dryRun,
            baseDir: null,
            userId: job.createdBy.id,
            createMissing: job.createMissing,
            mapping: job.mapping,
          });
          let lastWrite = 0;
          return await service.run(source, (done) => {
            if (Date.now() - lastWrite > 500) {
              lastWrite = Date.now();
              void em.getConnection().execute('update import_job set processed = ? where id = ?', [done, id]);
            }
          });
        } finally {
          await fs.rm(dir, { recursive: true, force: true });
        }
      });
      const errors = summary.lines
        .slice(0, MAX_REPORTED)
        .map(({ line, externalId, field, reason }) => ({ line, externalId, field, reason: reason ?? '' }));
      await save({
        status: ImportJobStatus.DONE,
        processed: total,
        created: summary.created,
        updated: summary.updated,
        unchanged: summary.unchanged,
        failed: summary.failed,
        errors,
        unknownValues: summary.unknown,
        finishedAt: new Date(),
      });
      this.logger.info('import done', { jobId: id, ...summary, lines: undefined });
    } catch (error) {
      await save({ status: ImportJobStatus.FAILED, error: (error as Error).message, finishedAt: new Date() });
      this.logger.warn('import failed', { jobId: id, error: String(error) });
    }
    return true;
  }
}
