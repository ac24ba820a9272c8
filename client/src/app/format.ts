import { locale } from './i18n.ts';

/*
 * Dates and numbers in words without Intl's formatters: the first DateTimeFormat a page builds
 * loads the locale's calendar patterns from ICU, 80–95 ms of main thread before any phone slowdown
 * (four times that on a mid-range phone), and a NumberFormat a few more, on every page that shows
 * a date or a file size. The output is what Intl gives for ru-RU and en-GB (format.test.ts compares).
 */
type Language = 'ru' | 'en';

const RU_MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
/** «21 августа»: the day takes the month in the genitive. */
const RU_MONTHS_OF = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** «август 2026 г.» / «August 2026». */
export function monthYear(date: Date, language: Language = locale): string {
  return language === 'en'
    ? `${EN_MONTHS[date.getMonth()]} ${date.getFullYear()}`
    : `${RU_MONTHS[date.getMonth()]} ${date.getFullYear()} г.`;
}

/** «21 августа» / «21 August». */
export function dayMonth(date: Date, language: Language = locale): string {
  return `${date.getDate()} ${(language === 'en' ? EN_MONTHS : RU_MONTHS_OF)[date.getMonth()]}`;
}

/** «21 августа 2026 г.» / «21 August 2026». */
export function longDate(date: Date, language: Language = locale): string {
  return `${dayMonth(date, language)} ${date.getFullYear()}${language === 'en' ? '' : ' г.'}`;
}

/** 1 234,5 / 1,234.5: at most `digits` decimals, no trailing zeros, grouped thousands. */
export function decimal(value: number, digits: number, language: Language = locale): string {
  const scale = 10 ** digits;
  const [whole = '', fraction = ''] = (Math.round(value * scale) / scale).toFixed(digits).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, language === 'en' ? ',' : '\u00a0');
  const decimals = fraction.replace(/0+$/, '');
  return decimals ? `${grouped}${language === 'en' ? '.' : ','}${decimals}` : grouped;
}

/**
 * `YYYY-MM-DD` of a moment in the reader's own time zone: "today" on a methodist's screen is the
 * district's day, not UTC's (which is still yesterday in the evening hours of a district east of it).
 */
export function localDay(date: Date): string {
  return date.toLocaleDateString('en-CA');
}
