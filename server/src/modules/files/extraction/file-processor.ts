import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../../common/logger.ts';
import { PollingWorker } from '../../../common/polling-worker.ts';
import { ExtractionStatus, MediaFile } from '../media-file.entity.ts';
import type { FileStorage } from '../storage.ts';
import { DEFAULT_INFLATE_LIMITS, type InflateLimits } from '../zip.ts';
import { detectLanguage } from './extract-content.ts';
import { ExtractionError, ExtractionWorker } from './extraction-worker.ts';

export interface ProcessorOptions {
  timeoutMs?: number;
  maxHeapMb?: number;
  idleMs?: number;
  limits?: InflateLimits;
}

/** A claim older than this is taken over: the server holding it has died (the time limit is far shorter). */
const LEASE = '10 minutes';
const MAX_ATTEMPTS = 3;
const MAX_TEXT_CHARS = 1_500_000;
const EXCERPT_CHARS = 300;

interface Claimed {
  id: string;
  sha256: string;
  storage_key: string;
  mime_type: string;
  extraction_attempts: number;
}

/** What processing finds out about the bytes: the same for every upload of the same content. */
const OUTCOME_FIELDS = [
  'extractionStatus',
  'extractionError',
  'text',
  'textExcerpt',
  'language',
  'pageCount',
  'durationSeconds',
  'previewKey',
] as const;
type Outcome = Partial<Pick<MediaFile, (typeof OUTCOME_FIELDS)[number]>>;
const FINISHED = [ExtractionStatus.DONE, ExtractionStatus.NOT_APPLICABLE, ExtractionStatus.FAILED];

export const previewKeyOf = (fileId: string) => `previews/${fileId}.webp`;

/**
 * The background job behind every upload: text for search, page count and language, a
 * thumbnail, a duration. Jobs are `media_file` rows claimed with FOR UPDATE SKIP LOCKED, so
 * several servers share them; a failure is written on the file, never dropped. The same bytes
 * are processed once: uploads of content being processed wait for it, and those of content
 * already processed take the outcome over.
 */
export class FileProcessor {
  readonly worker: PollingWorker;
  private readonly extraction: ExtractionWorker;

  constructor(
    private readonly orm: MikroORM,
    private readonly storage: FileStorage,
    private readonly logger: Logger,
    private readonly options: ProcessorOptions = {},
  ) {
    this.extraction = new ExtractionWorker({ timeoutMs: options.timeoutMs ?? 120_000, maxHeapMb: options.maxHeapMb ?? 768 });
    this.worker = new PollingWorker('files', async () => ((await this.processOne()) ? 1 : 0), logger, { idleMs: options.idleMs ?? 5000 });
  }

  start(): void {
    this.worker.start();
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    await this.extraction.close();
  }

  /** Processes every waiting file (tests, the CLI). */
  async drainAll(): Promise<number> {
    let count = 0;
    while (await this.processOne()) count++;
    return count;
  }

  private async claim(em: EntityManager): Promise<Claimed | undefined> {
    const [row] = await em.getConnection().execute<Claimed[]>(
      `update media_file set extraction_status = 'RUNNING', extraction_started_at = now(), extraction_attempts = extraction_attempts + 1
       where id = (select f.id from media_file f
                   where (f.extraction_status = 'PENDING' or (f.extraction_status = 'RUNNING' and f.extraction_started_at < now() - interval '${LEASE}'))
                     and not exists (select 1 from media_file s where s.sha256 = f.sha256 and s.id <> f.id
                                     and s.extraction_status = 'RUNNING' and s.extraction_started_at >= now() - interval '${LEASE}')
                   order by f.created_at for update skip locked limit 1)
       returning id, sha256, storage_key, mime_type, extraction_attempts`,
    );
    return row;
  }

  /** One file; false when none waits. */
  async processOne(): Promise<boolean> {
    const em = this.orm.em.fork() as EntityManager;
    const job = await this.claim(em);
    if (!job) return false;
    const done = await em.findOne(
      MediaFile,
      { sha256: job.sha256, id: { $ne: job.id }, extractionStatus: { $in: FINISHED } },
      { populate: ['text'] },
    );
    if (done) {
      await this.finish(em, job, Object.fromEntries(OUTCOME_FIELDS.map((field) => [field, done[field] ?? null])) as Outcome);
      return true;
    }
    const started = performance.now();
    if (job.extraction_attempts > MAX_ATTEMPTS) {
      await this.finish(em, job, {
        extractionStatus: ExtractionStatus.FAILED,
        extractionError: `обработка прерывалась ${MAX_ATTEMPTS} раза подряд`,
      });
      return true;
    }
    try {
      const result = await this.storage.withLocalFile(job.storage_key, (file) =>
        this.extraction.run({
          file,
          mimeType: job.mime_type,
          limits: this.options.limits ?? DEFAULT_INFLATE_LIMITS,
          maxTextChars: MAX_TEXT_CHARS,
        }),
      );
      const previewKey = result.preview ? await this.storePreview(job.id, result.preview) : undefined;
      const text = result.text?.trim();
      await this.finish(em, job, {
        extractionStatus: result.text === undefined ? ExtractionStatus.NOT_APPLICABLE : ExtractionStatus.DONE,
        extractionError: result.truncated
          ? `текст длиннее ${MAX_TEXT_CHARS.toLocaleString('ru-RU')} символов: в поиск вошло начало`
          : undefined,
        text: text || undefined,
        textExcerpt: text ? excerpt(text) : undefined,
        language: text ? detectLanguage(text) : undefined,
        pageCount: result.pageCount,
        durationSeconds: result.durationSeconds,
        previewKey,
      });
      this.logger.info('file processed', { fileId: job.id, ms: Math.round(performance.now() - started), chars: text?.length ?? 0 });
    } catch (error) {
      if (!(error instanceof ExtractionError) && job.extraction_attempts < MAX_ATTEMPTS) {
        // Storage or database trouble, not the file's fault: the lease runs out and it is tried again.
        this.logger.warn('file processing interrupted', { fileId: job.id, error: String(error) });
        return true;
      }
      const message = error instanceof Error ? error.message : String(error);
      await this.finish(em, job, { extractionStatus: ExtractionStatus.FAILED, extractionError: `Не удалось обработать файл: ${message}` });
      this.logger.warn('file processing failed', { fileId: job.id, error: message });
    }
    return true;
  }

  private async storePreview(fileId: string, image: Uint8Array): Promise<string> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-preview-'));
    try {
      const file = path.join(dir, 'preview.webp');
      await fs.writeFile(file, image);
      await this.storage.put(previewKeyOf(fileId), file, 'image/webp');
      return previewKeyOf(fileId);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Writes the outcome on the file and on the uploads of the same bytes that wait for it, through
   * the ORM, so the outbox sees the change and the materials carrying them are reindexed.
   */
  private async finish(em: EntityManager, job: Claimed, outcome: Outcome) {
    const files = await em.find(
      MediaFile,
      { $or: [{ id: job.id }, { sha256: job.sha256, extractionStatus: ExtractionStatus.PENDING }] },
      { populate: ['text'] },
    );
    for (const file of files) em.assign(file, { extractionError: null, ...outcome, extractionStartedAt: null } as never);
    await em.flush();
  }
}

/** The first sentences up to a word boundary. */
export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT_CHARS) return flat;
  const cut = flat.slice(0, EXCERPT_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT_CHARS - 40))}…`;
}
