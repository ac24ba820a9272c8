import { texts } from '../i18n.ts';

/** Days as people say them: under a day in hours. */
const duration = (days: number) => (days < 1 ? `${Math.max(1, Math.round(days * 24))} ч` : `${Math.round(days * 10) / 10} дн.`);
const durationEn = (days: number) => (days < 1 ? `${Math.max(1, Math.round(days * 24))} h` : `${Math.round(days * 10) / 10} days`);

/** Texts of the monitoring and reports page: loaded with those pages, never with a reader's first page. */
const ru = {
  title: 'Мониторинг и отчёты',
  noUseYet: 'За этот период опубликованные материалы не открывали и не скачивали.',
  noMisses: 'За этот период все запросы что-то находили.',
  period: 'Период',
  from: 'С',
  to: 'По',
  annual: (year: string) => `Сводный отчёт за ${year} год (XLSX)`,
  usage: 'Использование базы',
  usageChart: 'График открытий, скачиваний и поисковых запросов по дням',
  views: 'Открытия',
  downloads: 'Скачивания',
  searches: 'Поисковые запросы',
  zeroResults: 'Запросы без результатов',
  mostUsed: 'Самые используемые материалы',
  material: 'Материал',
  materials: 'Материалы за период',
  materialsChart: 'Диаграмма материалов по состояниям',
  by: 'Разрез',
  dimensions: { ORGANIZATION: 'по организациям', SUBJECT: 'по предметам', LEVEL: 'по уровням образования', KIND: 'по видам' } as Record<
    string,
    string
  >,
  authors: 'Активность авторов',
  organization: 'Организация',
  authorsCount: 'Авторов',
  materialsCount: 'Материалов',
  young: 'Молодых специалистов',
  youngMaterials: 'Их материалов',
  turnaround: 'Сроки экспертизы',
  turnaroundText: (n: number, median: number | null, p90: number | null) =>
    n
      ? `Опубликовано после экспертизы: ${n}. Медиана — ${duration(median ?? 0)}, у 90 % — не дольше ${duration(p90 ?? 0)}.`
      : 'За период после экспертизы ничего не опубликовано.',
  gaps: 'Пробелы банка',
  gapsText: 'Предметы и уровни, где опубликовано меньше трёх материалов: что стоит заказать авторам.',
  missingQueries: 'Что искали, но не нашли',
  download: (report: string, format: string) => `Скачать «${report}» (${format})`,
  emptyUsage: 'За этот период базой не пользовались: ни открытий, ни скачиваний, ни поисковых запросов.',
  emptyMaterials: 'За этот период не создано ни одного материала.',
  emptyAuthors: 'За этот период авторы не создали ни одного материала.',
  noGaps: 'Пробелов нет: по каждому предмету на каждом его уровне опубликовано не меньше трёх материалов.',
  gap: (subject: string, level: string, published: number) => `${subject} — ${level.toLowerCase()}: опубликовано ${published}`,
  dimensionLabel: { ORGANIZATION: 'Организация', SUBJECT: 'Предмет', LEVEL: 'Уровень образования', KIND: 'Вид материала' } as Record<
    string,
    string
  >,
  total: 'Всего',
  publishedCount: 'Опубликовано',
  inReviewCount: 'На экспертизе',
};

export const reports = texts(ru, {
  title: 'Monitoring and reports',
  noUseYet: 'No published material was opened or downloaded in this period.',
  noMisses: 'Every search in this period found something.',
  period: 'Period',
  from: 'From',
  to: 'To',
  annual: (year: string) => `Annual summary ${year} (XLSX)`,
  usage: 'Usage',
  usageChart: 'Views, downloads and searches per day',
  views: 'Views',
  downloads: 'Downloads',
  searches: 'Searches',
  zeroResults: 'Searches with no results',
  mostUsed: 'Most used materials',
  material: 'Material',
  materials: 'Materials in the period',
  materialsChart: 'Materials by state',
  by: 'Group by',
  dimensions: { ORGANIZATION: 'organization', SUBJECT: 'subject', LEVEL: 'level', KIND: 'kind' } as Record<string, string>,
  authors: 'Authors’ activity',
  organization: 'Organization',
  authorsCount: 'Authors',
  materialsCount: 'Materials',
  young: 'Young specialists',
  youngMaterials: 'Their materials',
  turnaround: 'Review turnaround',
  turnaroundText: (n: number, median: number | null, p90: number | null) =>
    n
      ? `Published after review: ${n}. Median ${durationEn(median ?? 0)}, 90 % within ${durationEn(p90 ?? 0)}.`
      : 'Nothing was published after review in the period.',
  gaps: 'Gaps in the bank',
  gapsText: 'Subjects and levels with fewer than three published materials.',
  missingQueries: 'Searched for but not found',
  download: (report: string, format: string) => `Download «${report}» (${format})`,
  emptyUsage: 'Nobody used the bank in this period: no views, downloads or searches.',
  emptyMaterials: 'No materials were created in this period.',
  emptyAuthors: 'Authors created no materials in this period.',
  noGaps: 'No gaps: every subject has at least three published materials at each of its levels.',
  gap: (subject: string, level: string, published: number) => `${subject} — ${level.toLowerCase()}: ${published} published`,
  dimensionLabel: { ORGANIZATION: 'Organization', SUBJECT: 'Subject', LEVEL: 'Level', KIND: 'Kind' } as Record<string, string>,
  total: 'Total',
  publishedCount: 'Published',
  inReviewCount: 'In review',
});
