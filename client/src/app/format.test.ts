import { describe, expect, it } from 'vitest';
import { dayMonth, decimal, longDate, monthYear } from './format.ts';

const everyMonth = Array.from({ length: 12 }, (_, month) => new Date(2026, month, month + 9));
const intl = (tag: string, options: Intl.DateTimeFormatOptions) => (date: Date) => new Intl.DateTimeFormat(tag, options).format(date);

describe('dates and numbers without Intl', () => {
  it('read as Intl reads them in Russian and English, every month', () => {
    for (const [language, tag] of [
      ['ru', 'ru-RU'],
      ['en', 'en-GB'],
    ] as const) {
      expect(everyMonth.map((d) => monthYear(d, language))).toEqual(everyMonth.map(intl(tag, { year: 'numeric', month: 'long' })));
      expect(everyMonth.map((d) => longDate(d, language))).toEqual(everyMonth.map(intl(tag, { dateStyle: 'long' })));
      expect(everyMonth.map((d) => dayMonth(d, language))).toEqual(everyMonth.map(intl(tag, { day: 'numeric', month: 'long' })));
    }
  });

  it('write numbers as Intl writes them, file sizes of every magnitude included', () => {
    const values = [0, 1, 7, 999, 1000, 1023, 1024, 12.04, 999.96, 1023.95, 1234.56, 0.05, 1.45, 2.25, 56.7, 123456.7, 1048575.99];
    for (let bytes = 1; bytes < 2 ** 34; bytes = Math.floor(bytes * 1.37) + 1) values.push(bytes, bytes / 1024, bytes / 1024 ** 2);
    for (const [language, tag] of [
      ['ru', 'ru-RU'],
      ['en', 'en-GB'],
    ] as const) {
      for (const digits of [0, 1]) {
        const intl = new Intl.NumberFormat(tag, { maximumFractionDigits: digits });
        expect(values.map((v) => decimal(v, digits, language))).toEqual(values.map((v) => intl.format(v)));
      }
    }
  });
});
