import fsp from 'node:fs/promises';
import path from 'node:path';

/** How many backups to keep: the newest of each of the last `daily` days, `weekly` ISO weeks and `monthly` months. */
export interface KeepPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

const NAME = /^kb-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.tar\.gz$/;

/** `kb-backup-20261123T023000Z.tar.gz`: UTC, so that names sort as times do. */
export function backupFileName(at: Date): string {
  return `kb-backup-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')}.tar.gz`;
}

export function backupTime(name: string): Date | null {
  const m = NAME.exec(name);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}

/** The district's calendar day, ISO week and month of a moment. */
function periods(at: Date, timeZone: string): { day: string; week: string; month: string } {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // ISO week: the week belongs to the year of its Thursday.
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const week = Math.ceil(((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
  return { day, week: `${date.getUTCFullYear()}-W${week}`, month: day.slice(0, 7) };
}

/** Of the backups' file names, those the policy no longer keeps (grandfather-father-son). Other names are never touched. */
export function backupsToDelete(names: string[], keep: KeepPolicy, timeZone: string): string[] {
  const backups = names
    .map((name) => ({ name, at: backupTime(name) }))
    .filter((b): b is { name: string; at: Date } => b.at !== null)
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  const kept = new Set<string>(backups.slice(0, 1).map((b) => b.name));
  for (const period of ['day', 'week', 'month'] as const) {
    const limit = { day: keep.daily, week: keep.weekly, month: keep.monthly }[period];
    const seen = new Set<string>();
    for (const backup of backups) {
      const key = periods(backup.at, timeZone)[period];
      if (seen.has(key)) continue;
      if (seen.size >= limit) break;
      seen.add(key);
      kept.add(backup.name);
    }
  }
  return backups.filter((b) => !kept.has(b.name)).map((b) => b.name);
}

const DAY_MS = 86_400_000;

/** Deletes the backups past the policy in `dir`, and temporary files of backups that died over a day ago. */
export async function pruneBackups(dir: string, keep: KeepPolicy, timeZone: string, now = new Date()): Promise<string[]> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const doomed = backupsToDelete(names, keep, timeZone);
  for (const name of names.filter((n) => /^\.kb-backup-.*\.partial$/.test(n))) {
    const stat = await fsp.stat(path.join(dir, name)).catch(() => null);
    if (stat && now.getTime() - stat.mtime.getTime() > DAY_MS) doomed.push(name);
  }
  for (const name of doomed) await fsp.rm(path.join(dir, name), { force: true });
  return doomed;
}
