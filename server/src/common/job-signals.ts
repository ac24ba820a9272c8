import pg from 'pg';
import type { Logger } from './logger.ts';

/** The channel the database triggers notify when work for a background job is written (see the migration that creates `kb_notify_job`). */
export const JOBS_CHANNEL = 'kb_jobs';

export interface JobSignals {
  stop(): Promise<void>;
}

/**
 * Listens on `kb_jobs` on a connection of its own and calls `onSignal` with the job's name.
 * Signals only make the jobs start sooner: when the connection is lost the jobs still poll, and
 * it is opened again after a pause.
 */
export function listenForJobs(databaseUrl: string, onSignal: (job: string) => void, logger: Logger, retryMs = 2000): JobSignals {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: databaseUrl, application_name: 'kb-job-signals' });
    client = next;
    const reconnect = (error?: Error) => {
      if (client !== next) return;
      client = undefined;
      next.removeAllListeners();
      next.on('error', () => {});
      void next.end().catch(() => {});
      if (stopped) return;
      logger.warn('job signals lost, polling until reconnected', { error: String(error ?? 'connection ended') });
      retry = setTimeout(() => void connect(), retryMs);
      retry.unref();
    };
    next.on('notification', (message) => {
      if (message.channel === JOBS_CHANNEL && message.payload) onSignal(message.payload);
    });
    next.on('error', reconnect);
    next.on('end', () => reconnect());
    try {
      await next.connect();
      await next.query(`listen ${JOBS_CHANNEL}`);
    } catch (error) {
      reconnect(error as Error);
    }
  };
  void connect();

  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
