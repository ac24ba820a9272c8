import type { EntityManager } from '@mikro-orm/postgresql';

/** A backup that has not beaten for this long is taken as interrupted (its process stopped). */
export const STALE_AFTER_SECONDS = 120;
/** How often a running backup says it is alive. */
export const HEARTBEAT_MS = 30_000;

export type BackupTrigger = 'schedule' | 'command';

export interface BackupStatus {
  lastSuccess: { at: Date; sizeBytes: number; file: string } | null;
  /** The latest attempt, when it failed or was interrupted after the last success. */
  lastFailure: { at: Date; error: string } | null;
  running: { startedAt: Date } | null;
}

/**
 * The log of this installation's backups (`backup_run`, not itself backed up): what /ready,
 * /metrics and the admins' banner show, shared by every server process and the command line.
 */
export class BackupRuns {
  constructor(private readonly em: EntityManager) {}

  private get db() {
    return this.em.getConnection();
  }

  /**
   * Claims a scheduled time for this process: of all the processes that reach the same slot,
   * exactly one gets the row (the slot is unique), and none starts while another backup runs.
   */
  async claim(slot: Date): Promise<string | null> {
    const [row] = await this.db.execute<Array<{ id: string }>>(
      `insert into backup_run (slot, trigger, status)
       select ?, 'schedule', 'RUNNING'
        where not exists (select 1 from backup_run where status = 'RUNNING' and heartbeat_at > now() - make_interval(secs => ?))
       on conflict (slot) do nothing returning id`,
      [slot, STALE_AFTER_SECONDS],
    );
    return row ? String(row.id) : null;
  }

  async start(trigger: BackupTrigger): Promise<string> {
    const [row] = await this.db.execute<Array<{ id: string }>>(
      `insert into backup_run (trigger, status) values (?, 'RUNNING') returning id`,
      [trigger],
    );
    return String(row!.id);
  }

  async beat(id: string): Promise<void> {
    await this.db.execute(`update backup_run set heartbeat_at = now() where id = ?`, [id]);
  }

  async succeed(id: string, result: { file: string; bytes: number }): Promise<void> {
    await this.db.execute(
      `update backup_run set status = 'DONE', finished_at = now(), heartbeat_at = now(), file = ?, size_bytes = ? where id = ?`,
      [result.file, result.bytes, id],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    await this.db.execute(`update backup_run set status = 'FAILED', finished_at = now(), heartbeat_at = now(), error = ? where id = ?`, [
      error.slice(0, 2000),
      id,
    ]);
  }

  async status(): Promise<BackupStatus> {
    const rows = await this.db.execute<
      Array<{
        status: string;
        started_at: Date;
        heartbeat_at: Date;
        finished_at: Date | null;
        size_bytes: string | null;
        file: string | null;
        error: string | null;
        stale: boolean;
      }>
    >(
      `(select *, false as stale from backup_run where status = 'DONE' order by finished_at desc limit 1)
       union all
       (select *, heartbeat_at < now() - make_interval(secs => ?) as stale from backup_run where status <> 'DONE' order by started_at desc limit 1)`,
      [STALE_AFTER_SECONDS],
    );
    const done = rows.find((r) => r.status === 'DONE');
    const other = rows.find((r) => r.status !== 'DONE');
    const lastSuccess = done ? { at: new Date(done.finished_at!), sizeBytes: Number(done.size_bytes), file: done.file ?? '' } : null;
    const newer = other && (!done || new Date(other.started_at) > new Date(done.finished_at!)) ? other : undefined;
    const failed = newer && (newer.status === 'FAILED' || newer.stale);
    return {
      lastSuccess,
      lastFailure: failed
        ? {
            at: new Date(newer.finished_at ?? newer.heartbeat_at),
            error: newer.error ?? 'копирование прервано: процесс остановился, не закончив его',
          }
        : null,
      running: newer && !failed ? { startedAt: new Date(newer.started_at) } : null,
    };
  }
}
