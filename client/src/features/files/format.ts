import { decimal } from '../../app/format.ts';
import { locale } from '../../app/i18n.ts';

/** 1 234 байт, 56,7 КБ, 12,3 МБ. */
export function fileSize(bytes: number): string {
  const units = locale === 'en' ? ['B', 'KB', 'MB', 'GB'] : ['байт', 'КБ', 'МБ', 'ГБ'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${decimal(value, unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** 75 → 1:15; 3700 → 1:01:40. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  const parts = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const [h, m, sec] = parts as [number, number, number];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}
