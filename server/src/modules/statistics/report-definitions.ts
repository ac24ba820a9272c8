// type-graphql's decorators below run when this module loads, also where no entity did so before (the table writers' tests).
import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { Viewer } from '../accounts/viewer.ts';
import { type ParamName, type ReportParams, ReportDimension } from './report-parameters.ts';
import { ReportsService } from './reports.service.ts';
import { StatisticsService } from './statistics.service.ts';

/**
 * Every report once: its columns (GraphQL field, header, width, format), its sheet and title, how
 * its rows are computed, its GraphQL query, and the sheets it adds to the district's annual
 * workbook. The GraphQL row types and queries, the XLSX and CSV downloads and the annual workbook
 * are made from these definitions. Adding a report: an entry here and the query computing its rows.
 */

/** How a column's values are typed in the API and written in a cell. */
const FORMATS = {
  text: { type: () => String, nullable: false, cell: (value: unknown) => value },
  int: { type: () => Int, nullable: false, cell: (value: unknown) => value },
  /** Days as a decimal number; empty when there is nothing to measure. */
  days: { type: () => Float, nullable: true, cell: (value: unknown) => value },
  /** A day: ГГГГ-ММ-ДД in the API, ДД.ММ.ГГГГ in a sheet. */
  day: { type: () => LocalDateResolver, nullable: false, cell: (value: unknown) => ruDay(String(value)) },
} as const;
type Format = keyof typeof FORMATS;
interface FormatValues {
  text: string;
  int: number;
  days: number | null;
  day: string;
}

export interface Column {
  /** The GraphQL field and the row's property. */
  key: string;
  /** The sheet's column header (and the field's description unless it has its own). */
  header: string;
  description?: string;
  width: number;
  format: Format;
}

/** A row with a property per column, typed by the column's format. */
export type RowOf<C extends readonly Column[]> = { [K in C[number] as K['key']]: FormatValues[K['format']] };

export interface ReportContext {
  em: EntityManager;
  viewer: Viewer | null;
  timeZone: string;
}

export interface Report<P extends ParamName = ParamName> {
  /** The download's name: `/reports/<name>.xlsx|csv`. */
  name: string;
  /** The GraphQL type of a row, made from the columns. */
  type: new () => object;
  columns: readonly Column[];
  /** What it is asked with besides the period every download names (GraphQL arguments in this order). */
  params: readonly P[];
  sheet: (params: Pick<ReportParams, P | 'period'>) => string;
  title: (params: Pick<ReportParams, P | 'period'>, timeZone: string) => string;
  rows: (context: ReportContext, params: Pick<ReportParams, P | 'period'>) => Promise<object[]>;
  /** Its own GraphQL query; `single` returns the one row rather than a list. Without one, its rows are part of another query's answer. */
  query?: { name: string; description: string; single?: boolean };
  /** The sheets it adds to the annual workbook (besides the year's period), in order; none when empty. */
  annual: ReadonlyArray<Partial<ReportParams>>;
}

/** The GraphQL object type of a report's rows. */
function rowType(name: string, description: string, columns: readonly Column[]): new () => object {
  const type = { [name]: class {} }[name]!;
  for (const column of columns) {
    const format = FORMATS[column.format];
    Field(format.type, { nullable: format.nullable, description: column.description ?? column.header })(type.prototype, column.key);
  }
  ObjectType(name, { description })(type);
  return type;
}

function defineReport<P extends ParamName>(report: Omit<Report<P>, 'type'> & { typeName: string; typeDescription: string }): Report<P> {
  const { typeName, typeDescription, ...rest } = report;
  return { ...rest, type: rowType(typeName, typeDescription, report.columns) };
}

/** A sheet cell of a column: numbers stay numbers, days read as Russians write them. */
export const cellOf = (column: Column, value: unknown): unknown =>
  value === null || value === undefined ? null : FORMATS[column.format].cell(value);

const ruDay = (day: string) => day.split('-').reverse().join('.');
const span = ({ from, to }: { from: string; to: string }) => `с ${ruDay(from)} по ${ruDay(to)}`;
const reports = ({ em, viewer, timeZone }: ReportContext) => new ReportsService(em, viewer, timeZone);
const statistics = ({ em, viewer, timeZone }: ReportContext) => new StatisticsService(em, viewer, timeZone);

const usageColumns = [
  { key: 'day', header: 'День', width: 14, format: 'day' },
  { key: 'views', header: 'Открытия', description: 'Открытия страниц материалов', width: 14, format: 'int' },
  { key: 'downloads', header: 'Скачивания', description: 'Скачивания файлов', width: 14, format: 'int' },
  { key: 'searches', header: 'Поисковые запросы', width: 20, format: 'int' },
] as const satisfies readonly Column[];
export type DailyUsage = RowOf<typeof usageColumns>;

const queryColumns = [
  { key: 'query', header: 'Запрос', width: 48, format: 'text' },
  { key: 'searches', header: 'Раз', description: 'Сколько раз его задавали', width: 10, format: 'int' },
  { key: 'zeroResults', header: 'Без результатов', description: 'Сколько раз он ничего не нашёл', width: 18, format: 'int' },
] as const satisfies readonly Column[];
export type SearchQueryUsage = RowOf<typeof queryColumns>;

const materialsColumns = [
  { key: 'label', header: 'Значение', description: 'Название организации, предмета, уровня или вида', width: 48, format: 'text' },
  { key: 'total', header: 'Всего', width: 14, format: 'int' },
  { key: 'draft', header: 'Черновики', width: 14, format: 'int' },
  { key: 'inReview', header: 'На экспертизе', width: 14, format: 'int' },
  { key: 'published', header: 'Опубликовано', width: 14, format: 'int' },
  { key: 'rejected', header: 'Отклонено', width: 14, format: 'int' },
  { key: 'archived', header: 'В архиве', width: 14, format: 'int' },
] as const satisfies readonly Column[];
export type MaterialsReportRow = RowOf<typeof materialsColumns>;

const authorsColumns = [
  { key: 'organization', header: 'Организация', width: 48, format: 'text' },
  { key: 'authors', header: 'Авторов', description: 'Авторов с материалами за период', width: 16, format: 'int' },
  { key: 'materials', header: 'Материалов', width: 16, format: 'int' },
  { key: 'published', header: 'Опубликовано', description: 'Из них опубликовано', width: 16, format: 'int' },
  { key: 'youngAuthors', header: 'Молодых специалистов', width: 16, format: 'int' },
  { key: 'youngMaterials', header: 'Их материалов', width: 16, format: 'int' },
] as const satisfies readonly Column[];
export type AuthorsActivityRow = RowOf<typeof authorsColumns>;

const turnaroundColumns = [
  { key: 'published', header: 'Опубликовано', width: 16, format: 'int' },
  { key: 'medianDays', header: 'Медиана, дней', width: 16, format: 'days' },
  { key: 'p90Days', header: '90-й процентиль, дней', width: 22, format: 'days' },
] as const satisfies readonly Column[];
export type ReviewTurnaround = RowOf<typeof turnaroundColumns>;

const gapsColumns = [
  { key: 'subject', header: 'Предмет', width: 36, format: 'text' },
  { key: 'level', header: 'Уровень', description: 'Код уровня: ДО, НОО, ООО, СОО, ДОП', width: 12, format: 'text' },
  {
    key: 'levelName',
    header: 'Уровень образования',
    description: 'Название уровня: «Основное общее образование»',
    width: 40,
    format: 'text',
  },
  { key: 'published', header: 'Опубликовано', width: 14, format: 'int' },
] as const satisfies readonly Column[];
export type CoverageGap = RowOf<typeof gapsColumns>;

const DIMENSION_NAMES: Record<ReportDimension, string> = {
  ORGANIZATION: 'организациям',
  SUBJECT: 'предметам',
  LEVEL: 'уровням образования',
  KIND: 'видам',
};
const DIMENSION_SHEETS: Record<ReportDimension, string> = {
  ORGANIZATION: 'Материалы — организации',
  SUBJECT: 'Материалы — предметы',
  LEVEL: 'Материалы — уровни',
  KIND: 'Материалы — виды',
};

/** The rows of the usage report's lists: as many as a sheet shows. */
const SHEET_ROWS = 100;

export const usageReport = defineReport({
  name: 'usage',
  typeName: 'DailyUsage',
  typeDescription: 'Использование базы за один день',
  columns: usageColumns,
  params: [],
  sheet: () => 'Использование',
  title: ({ period }, timeZone) => `Использование базы ${span(period)}: открытия, скачивания, поиск (часовой пояс ${timeZone})`,
  rows: async (context, { period }) => (await statistics(context).usage(period, SHEET_ROWS)).daily,
  annual: [{}],
});

export const queriesReport = defineReport({
  name: 'queries',
  typeName: 'SearchQueryUsage',
  typeDescription: 'Поисковый запрос (приведён к нижнему регистру, ё → е) и сколько раз его задавали',
  columns: queryColumns,
  params: [],
  sheet: () => 'Поисковые запросы',
  title: ({ period }) => `Частые поисковые запросы ${span(period)}; без результатов — то, чего не хватает в банке`,
  rows: (context, { period }) => statistics(context).searchQueries(period, SHEET_ROWS, 'searches'),
  annual: [{}],
});

export const materialsReport = defineReport({
  name: 'materials',
  typeName: 'MaterialsReportRow',
  typeDescription: 'Строка отчёта о материалах: значение разреза и число материалов по состояниям',
  columns: materialsColumns,
  params: ['period', 'by'],
  sheet: ({ by }) => DIMENSION_SHEETS[by],
  title: ({ by, period }) => `Материалы по ${DIMENSION_NAMES[by]}, созданные ${span(period)}`,
  rows: (context, { period, by }) => reports(context).materials(period, by),
  query: {
    name: 'materialsReport',
    description: 'Материалы, созданные за период, по организациям, предметам, уровням или видам и состояниям',
  },
  annual: Object.values(ReportDimension).map((by) => ({ by })),
});

export const authorsReport = defineReport({
  name: 'authors',
  typeName: 'AuthorsActivityRow',
  typeDescription: 'Активность авторов организации за период; молодые специалисты (стаж меньше 3 лет) отдельно',
  columns: authorsColumns,
  params: ['period'],
  sheet: () => 'Активность авторов',
  title: ({ period }) => `Активность авторов по организациям ${span(period)} (молодые специалисты — стаж меньше 3 лет)`,
  rows: (context, { period }) => reports(context).authorsActivity(period),
  query: { name: 'authorsActivity', description: 'Активность авторов по организациям за период; молодые специалисты отдельно' },
  annual: [{}],
});

export const turnaroundReport = defineReport({
  name: 'turnaround',
  typeName: 'ReviewTurnaround',
  typeDescription: 'Сроки экспертизы: от отправки на экспертизу до публикации, для опубликованных за период',
  columns: turnaroundColumns,
  params: ['period'],
  sheet: () => 'Сроки экспертизы',
  title: ({ period }) => `Сроки экспертизы материалов, опубликованных ${span(period)}`,
  rows: async (context, { period }) => [await reports(context).reviewTurnaround(period)],
  query: { name: 'reviewTurnaround', description: 'Сроки экспертизы материалов, опубликованных за период', single: true },
  annual: [{}],
});

export const gapsReport = defineReport({
  name: 'gaps',
  typeName: 'CoverageGap',
  typeDescription: 'Клетка «предмет × уровень» с малым числом опубликованных материалов',
  columns: gapsColumns,
  params: ['below'],
  sheet: () => 'Пробелы банка',
  title: ({ below }) => `Предметы и уровни, где опубликовано меньше ${below} материалов (на день выгрузки)`,
  rows: (context, { below }) => reports(context).gaps(below),
  query: { name: 'coverageGaps', description: 'Пробелы банка: пары «предмет × уровень», где опубликовано меньше below материалов' },
  annual: [{}],
});

/** The reports in the order of the annual workbook's sheets. */
export const REPORTS: readonly Report[] = [usageReport, queriesReport, materialsReport, authorsReport, turnaroundReport, gapsReport];

export const reportNamed = (name: string): Report | undefined => REPORTS.find((report) => report.name === name);
