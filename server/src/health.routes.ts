import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isEngineHealthy } from '@metod-kb/search';
import express from 'express';
import type { Metrics } from './common/metrics.ts';
import { BackupRuns } from './modules/backup/backup-runs.ts';
import type { SearchDeps } from './modules/search/search.service.ts';

async function timed(check: () => Promise<unknown>): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const ok = await check().then(
    (result) => result !== false,
    () => false,
  );
  return { ok, ms: Math.round(performance.now() - started) };
}

/** /health (the process answers), /ready (what it depends on, as JSON) and /metrics (the same and the operations' counters, for Prometheus). */
export function healthRoutes(orm: MikroORM, search: SearchDeps, metrics: Metrics): express.Router {
  const app = express.Router();
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  /** Database, search engine, the queues behind them and the last backup, for /ready and /metrics. */
  const probe = async () => {
    const [database, engine, queues] = await Promise.all([
      timed(() => orm.em.getConnection().execute('select 1')),
      timed(() => isEngineHealthy(search.client)),
      orm.em
        .getConnection()
        .execute<Array<{ pending: string; lag: string | null; extraction: string; imports: string }>>(
          `select (select count(*) from search_outbox where processed_at is null) as pending,
                  (select extract(epoch from now() - min(created_at)) from search_outbox where processed_at is null) as lag,
                  (select count(*) from media_file where extraction_status in ('PENDING', 'RUNNING')) as extraction,
                  (select count(*) from import_job where status in ('PENDING', 'RUNNING')) as imports`,
        )
        .then(
          ([row]) => row,
          () => undefined,
        ),
    ]);
    // Asked only of a database that answers: while it is away, probes must not queue up for the pool.
    const backup = database.ok ? await new BackupRuns(orm.em.fork() as EntityManager).status().catch(() => undefined) : undefined;
    return { database, engine, queues, backup };
  };

  app.get('/metrics', async (_req, res) => {
    const { database, engine, queues, backup } = await probe();
    const gauge = (name: string, help: string, value: number) => ({ name, help, value });
    res
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(
        metrics.render([
          gauge('kb_database_up', 'PostgreSQL answers (1) or not (0).', database.ok ? 1 : 0),
          gauge('kb_search_up', 'Meilisearch answers (1) or not (0).', engine.ok ? 1 : 0),
          gauge('kb_search_outbox_pending', 'Changes waiting to reach the search index.', Number(queues?.pending ?? -1)),
          gauge('kb_search_outbox_lag_seconds', 'Age of the oldest change waiting for the index.', Number(queues?.lag ?? 0)),
          gauge(
            'kb_files_processing_pending',
            'Uploaded files waiting for text extraction and previews.',
            Number(queues?.extraction ?? -1),
          ),
          gauge('kb_imports_pending', 'Imports waiting or running.', Number(queues?.imports ?? -1)),
          gauge(
            'kb_backup_last_success_timestamp_seconds',
            'When the last backup finished (Unix time; 0: none yet).',
            backup?.lastSuccess ? Math.floor(backup.lastSuccess.at.getTime() / 1000) : 0,
          ),
          gauge('kb_backup_last_size_bytes', 'Size of the last backup archive.', backup?.lastSuccess?.sizeBytes ?? 0),
          gauge('kb_backup_failing', 'The latest backup failed or was interrupted (1) or not (0).', backup?.lastFailure ? 1 : 0),
          gauge('kb_backup_running', 'A backup is being made (1) or not (0).', backup?.running ? 1 : 0),
        ]),
      );
  });
  app.get('/ready', async (_req, res) => {
    const { database, engine, queues, backup } = await probe();
    const backlog = queues ? Number(queues.pending) : null;
    // Without the engine the API still answers (search falls back to PostgreSQL): degraded, not down.
    const status = !database.ok ? 'down' : engine.ok ? 'ok' : 'degraded';
    res.status(database.ok ? 200 : 503).json({
      status,
      database,
      search: { ...engine, pendingUpdates: backlog },
      // The time and size only: the reason of a failure is for admins (the client's banner, the log).
      backup: {
        lastAt: backup?.lastSuccess?.at.toISOString() ?? null,
        lastSizeBytes: backup?.lastSuccess?.sizeBytes ?? null,
        failing: Boolean(backup?.lastFailure),
        running: Boolean(backup?.running),
      },
    });
  });
  return app;
}
