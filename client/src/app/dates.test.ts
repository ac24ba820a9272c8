import { describe, expect, it } from 'vitest';
import { dayMonth, longDate, monthYear } from './dates.ts';

const everyMonth = Array.from({ length: 12 }, (_, month) => new Date(2026, month, month + 9));
const intl = (tag: string, options: Intl.DateTimeFormatOptions) => (date: Date) => new Intl.DateTimeFormat(tag, options).format(date);

describe('dates in words', () => {
  it('read as Intl reads them in Russian and English, every month', () => {
    for (const [language, tag] of [['ru', 'ru-RU'], ['en', 'en-GB']] as const) {
      expect(everyMonth.map((d) => monthYear(d, language))).toEqual(everyMonth.map(intl(tag, { year: 'numeric', month: 'long' })));
      expect(everyMonth.map((d) => longDate(d, language))).toEqual(everyMonth.map(intl(tag, { dateStyle: 'long' })));
      expect(everyMonth.map((d) => dayMonth(d, language))).toEqual(everyMonth.map(intl(tag, { day: 'numeric', month: 'long' })));
    }
  });
});
