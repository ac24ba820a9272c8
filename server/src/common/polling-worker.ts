import type { Logger } from './logger.ts';

export interface PollingOptions {
  /** Wait between polls when there was nothing to do. */
  idleMs: number;
  /** Longest wait after repeated failures (the wait doubles from `idleMs` with each failure in a row). */
  maxBackoffMs?: number;
}

/**
 * The loop behind every background job (search indexing, file processing, imports): call `step`
 * while it finds work, wait `idleMs` when it finds none or until woken, back off when it fails,
 * and on `stop()` finish the step in hand. The jobs themselves claim their rows with
 * `FOR UPDATE SKIP LOCKED`, so any number of processes may run the same job.
 */
export class PollingWorker {
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private timer?: NodeJS.Timeout;
  private failures = 0;

  constructor(
    readonly name: string,
    /** One unit of work; resolves to how much it did (0: nothing waited). */
    private readonly step: () => Promise<number>,
    private readonly logger: Logger,
    private readonly options: PollingOptions,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Work arrived: poll now instead of at the end of the idle wait. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Finishes the step in hand, then resolves. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run() {
    while (this.running) {
      let done = 0;
      try {
        done = await this.step();
        this.failures = 0;
      } catch (error) {
        this.failures++;
        this.logger.warn('background job failed, will retry', { job: this.name, failures: this.failures, error: String(error) });
      }
      if (done === 0 && this.running)
        await this.pause(
          this.failures ? Math.min(this.options.idleMs * 2 ** this.failures, this.options.maxBackoffMs ?? 60_000) : this.options.idleMs,
        );
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeUp = () => {
        clearTimeout(this.timer);
        this.wakeUp = undefined;
        resolve();
      };
      this.timer = setTimeout(this.wakeUp, ms);
    });
  }
}
