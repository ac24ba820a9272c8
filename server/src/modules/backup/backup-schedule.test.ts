import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../common/logger.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { openOrm } from '../../db/orm.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role } from '../accounts/user.entity.ts';
import { createBackup } from './backup.service.ts';
import { BackupScheduler, type BackupSettings } from './backup-scheduler.ts';
import { backupFileName, backupsToDelete, pruneBackups } from './retention.ts';

const app = useTestApp();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-backup-schedule-'));
afterAll(() => fsp.rm(dir, { recursive: true, force: true }));

const settings = (backupDir: string): BackupSettings & { schedule: string } => ({
  schedule: '30 2 * * *',
  dir: backupDir,
  keep: { daily: 7, weekly: 4, monthly: 0 },
});
const STATUS = `{ backupStatus { lastSuccessAt lastSizeBytes failedAt failure running } }`;

describe('scheduled backups', () => {
  it('are made by exactly one of the server processes that reach the same time', async () => {
    const backupDir = path.join(dir, 'once');
    // A second process: its own connection pool on the same database.
    const other = await openOrm({ databaseUrl: app.orm.config.get('clientUrl') as string, poolMax: 2 });
    try {
      const slot = new Date('2026-11-23T21:30:00Z');
      const schedulers = [app.orm, other].map(
        (orm) => new BackupScheduler(orm, app.files.config.storage, settings(backupDir), 'Asia/Yekaterinburg', createLogger('silent')),
      );
      const results = await Promise.all(schedulers.map((s) => s.runSlot(slot)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(fs.readdirSync(backupDir)).toEqual([backupFileName(slot)]);
      const rows = await app.em().getConnection().execute(`select status, size_bytes from backup_run where slot = ?`, [slot]);
      expect(rows).toEqual([{ status: 'DONE', size_bytes: String(fs.statSync(path.join(backupDir, backupFileName(slot))).size) }]);
      // The same time again (a process that woke late) makes nothing.
      expect(await schedulers[1]!.runSlot(slot)).toBeNull();
    } finally {
      await other.close();
    }
  });

  it('run at the scheduled time of the district, and a bad schedule or retention stops the start with one line', () => {
    const scheduler = new BackupScheduler(app.orm, app.files.config.storage, settings(dir), 'Asia/Yekaterinburg', createLogger('silent'));
    // 02:30 in Yekaterinburg (UTC+5) is 21:30 UTC of the day before.
    expect(scheduler.nextRun(new Date('2026-11-23T12:00:00Z'))).toEqual(new Date('2026-11-23T21:30:00Z'));

    const embedded = loadConfig({ DATA_DIR: dir });
    expect(embedded.backup).toEqual({ schedule: '30 2 * * *', dir: path.join(dir, 'backups'), keep: { daily: 7, weekly: 4, monthly: 0 } });
    expect(loadConfig({ DATABASE_URL: 'postgresql://kb@db:5432/kb' }).backup.schedule).toBeNull();
    expect(
      loadConfig({
        DATABASE_URL: 'postgresql://kb@db:5432/kb',
        BACKUP_SCHEDULE: '0 3 * * 0',
        BACKUP_KEEP: '14d 6m',
        BACKUP_DIR: '/srv/backups',
      }).backup,
    ).toEqual({ schedule: '0 3 * * 0', dir: '/srv/backups', keep: { daily: 14, weekly: 0, monthly: 6 } });
    expect(loadConfig({ BACKUP_SCHEDULE: 'off' }).backup.schedule).toBeNull();
    expect(() => loadConfig({ BACKUP_SCHEDULE: 'каждую ночь' })).toThrow(
      new ConfigError(
        'BACKUP_SCHEDULE=каждую ночь: нужно расписание cron из пяти полей (минуты часы день месяц день-недели), например «30 2 * * *» — каждую ночь в 2:30, или off',
      ),
    );
    expect(() => loadConfig({ BACKUP_SCHEDULE: '61 2 * * *' })).toThrow(ConfigError);
    expect(() => loadConfig({ BACKUP_KEEP: '7 дней' })).toThrow(
      new ConfigError('BACKUP_KEEP=7 дней: сколько копий хранить — например «7d,4w» (7 ежедневных и 4 еженедельных; m — ежемесячные)'),
    );
    expect(() => loadConfig({ BACKUP_KEEP: '0d' })).toThrow('BACKUP_KEEP=0d: нужна хотя бы одна копия');
  });

  it('keep the newest backup of each of the last days and weeks and delete the rest, touching no other file', async () => {
    // Nightly backups for 60 nights, 1 October to 29 November (UTC), and one more by hand on 29 November.
    const nights = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2026, 9, 1 + i, 21, 30)));
    const names = [...nights.map(backupFileName), backupFileName(new Date(Date.UTC(2026, 10, 29, 9, 0)))];
    const doomed = backupsToDelete(names, { daily: 7, weekly: 4, monthly: 0 }, 'Asia/Yekaterinburg');
    const kept = names.filter((n) => !doomed.includes(n)).sort();
    // District days: 21:30 UTC is 02:30 of the next day in Yekaterinburg, so 29 November has two (09:00 and 21:30 UTC of the 28th): the newer stays.
    // The last 7 days, then the newest of each of the 4 last ISO weeks (Monday 30 November's week is one of them).
    expect(kept).toEqual([
      'kb-backup-20261114T213000Z.tar.gz', // Sunday 15 November, district time
      'kb-backup-20261121T213000Z.tar.gz', // Sunday 22 November
      'kb-backup-20261123T213000Z.tar.gz',
      'kb-backup-20261124T213000Z.tar.gz',
      'kb-backup-20261125T213000Z.tar.gz',
      'kb-backup-20261126T213000Z.tar.gz',
      'kb-backup-20261127T213000Z.tar.gz',
      'kb-backup-20261129T090000Z.tar.gz',
      'kb-backup-20261129T213000Z.tar.gz',
    ]);

    const folder = path.join(dir, 'prune');
    await fsp.mkdir(folder, { recursive: true });
    for (const name of [...names, 'notes.txt', 'kb-backup-manual.tar.gz']) await fsp.writeFile(path.join(folder, name), '');
    const stale = path.join(folder, '.kb-backup-20261001T213000Z.tar.gz.1a2b3c4d.partial');
    await fsp.writeFile(stale, '');
    await fsp.utimes(stale, new Date('2026-10-02'), new Date('2026-10-02'));
    await pruneBackups(folder, { daily: 7, weekly: 4, monthly: 0 }, 'Asia/Yekaterinburg', new Date('2026-11-29T12:00:00Z'));
    expect((await fsp.readdir(folder)).sort()).toEqual([...kept, 'kb-backup-manual.tar.gz', 'notes.txt'].sort());
  });

  it('log a failure and show it on /ready, /metrics and to admins only, until the next backup succeeds', async () => {
    const lines: string[] = [];
    const destination = new PassThrough();
    destination.on('data', (chunk) => lines.push(String(chunk)));
    const good = new BackupScheduler(
      app.orm,
      app.files.config.storage,
      settings(path.join(dir, 'good')),
      'UTC',
      createLogger('info', destination),
    );
    const first = await good.runSlot(new Date('2026-11-20T02:30:00Z'));
    expect(first).not.toBeNull();

    // The backup directory cannot be made: a file stands where it should be.
    const blocked = path.join(dir, 'blocked');
    await fsp.writeFile(blocked, 'not a directory');
    const failing = new BackupScheduler(
      app.orm,
      app.files.config.storage,
      settings(path.join(blocked, 'backups')),
      'UTC',
      createLogger('info', destination),
    );
    expect(await failing.runSlot(new Date('2026-11-21T02:30:00Z'))).toBeNull();
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.message === 'backup failed');
    expect(logged).toMatchObject({ level: 'error', file: path.join(blocked, 'backups', 'kb-backup-20261121T023000Z.tar.gz') });
    expect(logged.error).toBe(`каталог для копий недоступен (ENOTDIR: ${path.join(blocked, 'backups')})`);

    const ready = await (await fetch(`${app.url}/ready`)).json();
    expect(ready.backup).toMatchObject({ failing: true, running: false, lastSizeBytes: first!.bytes });
    expect(Date.parse(ready.backup.lastAt)).toBeGreaterThan(0);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/^kb_backup_failing 1$/m);
    expect(metrics).toMatch(new RegExp(`^kb_backup_last_size_bytes ${first!.bytes}$`, 'm'));
    expect(metrics).toMatch(/^kb_backup_last_success_timestamp_seconds [1-9]\d+$/m);

    const admin = await signIn(app, Role.ADMIN);
    const status = (await app.gql(STATUS, {}, admin.token)).data.backupStatus;
    expect(status).toMatchObject({ lastSizeBytes: first!.bytes, running: false });
    expect(status.failure).toBe(`каталог для копий недоступен (ENOTDIR: ${path.join(blocked, 'backups')})`);
    expect(Date.parse(status.failedAt)).toBeGreaterThanOrEqual(Date.parse(status.lastSuccessAt));
    const methodist = await signIn(app, Role.METHODIST);
    expect((await app.gql(STATUS, {}, methodist.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(STATUS)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await good.runSlot(new Date('2026-11-22T02:30:00Z'));
    expect((await app.gql(STATUS, {}, admin.token)).data.backupStatus).toMatchObject({ failedAt: null, failure: null });
    expect((await (await fetch(`${app.url}/ready`)).json()).backup.failing).toBe(false);
  });

  it('stopped midway leave nothing under the final name and no temporary file', async () => {
    const folder = path.join(dir, 'aborted');
    const controller = new AbortController();
    const target = path.join(folder, 'kb-backup-20261124T023000Z.tar.gz');
    const backup = createBackup({
      orm: app.orm,
      storage: app.files.config.storage,
      target,
      signal: controller.signal,
      onProgress: ({ phase, done }) => phase === 'tables' && done === 3 && controller.abort(),
    });
    await expect(backup).rejects.toThrow(/aborted/i);
    expect(await fsp.readdir(folder)).toEqual([]);
  });
});
