import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Cron } from 'croner';
import type { Logger } from '../../common/logger.ts';
import type { FileStorage } from '../files/storage.ts';
import { createBackup, type BackupResult } from './backup.service.ts';
import { BackupRuns, HEARTBEAT_MS, type BackupTrigger } from './backup-runs.ts';
import { backupFileName, type KeepPolicy, pruneBackups } from './retention.ts';

/** BACKUP_SCHEDULE, BACKUP_DIR and BACKUP_KEEP, as parsed by the configuration. */
export interface BackupSettings {
  /** A cron pattern in the district's time zone; null when backups are not scheduled. */
  schedule: string | null;
  dir: string;
  keep: KeepPolicy;
}

/** A timer cannot wait longer than about 24.8 days; a longer wait is taken in steps. */
const LONGEST_WAIT_MS = 24 * 60 * 60 * 1000;

/** The reason of a failure as an admin reads it: the file system's usual ones in words, the rest as they came. */
export function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, path: where } = error as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOSPC: 'на диске нет места',
    EACCES: 'нет прав на запись',
    EPERM: 'нет прав на запись',
    EROFS: 'диск доступен только для чтения',
    ENOTDIR: 'каталог для копий недоступен',
    ENOENT: 'каталог для копий недоступен',
  };
  return code && words[code] ? `${words[code]} (${code}${where ? `: ${where}` : ''})` : error.message;
}

/**
 * Makes a backup of the whole centre, recorded in the backup log (started, beating, done with
 * its size, or failed with the reason). Shared by the schedule and `kb backup`.
 */
export async function recordedBackup(
  orm: MikroORM,
  storage: FileStorage,
  target: string,
  trigger: BackupTrigger | { claimed: string },
  options: { signal?: AbortSignal; onProgress?: Parameters<typeof createBackup>[0]['onProgress'] } = {},
): Promise<BackupResult> {
  const runs = new BackupRuns(orm.em.fork() as EntityManager);
  // A database of an older version has no log yet (a backup before an upgrade): the backup is made all the same.
  const id = typeof trigger === 'string' ? await runs.start(trigger).catch(() => null) : trigger.claimed;
  const heartbeat = setInterval(() => void (id && runs.beat(id).catch(() => {})), HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const result = await createBackup({ orm, storage, target, signal: options.signal, onProgress: options.onProgress });
    if (id) await runs.succeed(id, result);
    return result;
  } catch (error) {
    const reason = options.signal?.aborted ? 'копирование прервано: сервер остановлен' : failureReason(error);
    if (id) await runs.fail(id, reason).catch(() => {});
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * Scheduled backups in every server process: at each time of BACKUP_SCHEDULE the processes race
 * to claim it in the backup log and exactly one makes the backup, then deletes the backups past
 * BACKUP_KEEP. A failure is logged and recorded, so that /ready, /metrics and admins see it.
 */
export class BackupScheduler {
  private readonly cron: Cron;
  private timer: NodeJS.Timeout | undefined;
  private current: { controller: AbortController; done: Promise<unknown> } | undefined;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly storage: FileStorage,
    private readonly settings: BackupSettings & { schedule: string },
    private readonly timeZone: string,
    private readonly logger: Logger,
  ) {
    this.cron = new Cron(settings.schedule, { timezone: timeZone, paused: true });
  }

  /** The next scheduled time after `from`. */
  nextRun(from = new Date()): Date | null {
    return this.cron.nextRun(from);
  }

  start(): void {
    this.arm(new Date());
  }

  private arm(from: Date): void {
    if (this.stopped) return;
    const slot = this.nextRun(from);
    if (!slot) return;
    const wait = slot.getTime() - Date.now();
    this.timer = setTimeout(
      () => {
        if (wait > LONGEST_WAIT_MS) return this.arm(from);
        void this.runSlot(slot).finally(() => this.arm(slot));
      },
      Math.max(0, Math.min(wait, LONGEST_WAIT_MS)),
    );
    this.timer.unref();
  }

  /**
   * The backup of one scheduled time, if this process claims it; null when another process did
   * (or a backup is still running). Failures are recorded and logged, never thrown.
   */
  async runSlot(slot: Date): Promise<BackupResult | null> {
    const id = await new BackupRuns(this.orm.em.fork() as EntityManager).claim(slot).catch((error) => {
      this.logger.error('backup not started', { error: String(error) });
      return null;
    });
    if (!id) return null;
    const controller = new AbortController();
    const target = path.join(this.settings.dir, backupFileName(slot));
    const done = recordedBackup(this.orm, this.storage, target, { claimed: id }, { signal: controller.signal });
    this.current = { controller, done };
    try {
      const result = await done;
      const pruned = await pruneBackups(this.settings.dir, this.settings.keep, this.timeZone);
      this.logger.info('backup done', { file: result.file, bytes: result.bytes, pruned });
      return result;
    } catch (error) {
      this.logger.error('backup failed', { file: target, error: failureReason(error), detail: String(error) });
      return null;
    } finally {
      this.current = undefined;
    }
  }

  /** Stops the timer; a backup under way is aborted (recorded as interrupted) and leaves no file. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.current) {
      this.current.controller.abort();
      await this.current.done.catch(() => {});
    }
  }
}
