import { Worker } from 'node:worker_threads';
import type { ExtractionInput, ExtractionResult } from './extract-content.ts';

export class ExtractionError extends Error {}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
/** A worker is replaced after this many files, so whatever a parser leaks does not pile up. */
const JOBS_PER_WORKER = 50;

/**
 * One worker thread that extracts files one at a time, bounded in time (a hung parser is
 * terminated) and in memory (a heap limit ends the thread, not the server).
 */
export class ExtractionWorker {
  private worker?: Worker;
  private jobs = 0;
  private sequence = 0;

  constructor(private readonly options: { timeoutMs: number; maxHeapMb: number }) {}

  run(input: ExtractionInput): Promise<ExtractionResult> {
    if (!this.worker || this.jobs >= JOBS_PER_WORKER) {
      void this.worker?.terminate();
      this.worker = new Worker(ENTRY, { resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb } });
      this.worker.unref();
      this.jobs = 0;
    }
    const worker = this.worker;
    const id = ++this.sequence;
    this.jobs++;
    return new Promise<ExtractionResult>((resolve, reject) => {
      const finish = (settle: () => void, discardWorker: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (discardWorker && this.worker === worker) {
          this.worker = undefined;
          void worker.terminate();
        }
        settle();
      };
      const timer = setTimeout(
        () =>
          finish(() => reject(new ExtractionError(`обработка файла не уложилась в ${Math.round(this.options.timeoutMs / 1000)} с`)), true),
        this.options.timeoutMs,
      );
      const onMessage = (message: { id: number; result?: ExtractionResult; error?: string }) => {
        if (message.id !== id) return;
        finish(() => (message.error !== undefined ? reject(new ExtractionError(message.error)) : resolve(message.result!)), false);
      };
      const onError = (error: Error & { code?: string }) =>
        finish(
          () =>
            reject(
              new ExtractionError(
                error.code === 'ERR_WORKER_OUT_OF_MEMORY'
                  ? `обработке файла не хватило памяти (предел ${this.options.maxHeapMb} МиБ)`
                  : error.message,
              ),
            ),
          true,
        );
      const onExit = () => finish(() => reject(new ExtractionError('обработчик файла завершился аварийно')), true);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ id, input });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
