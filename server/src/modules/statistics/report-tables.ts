import ExcelJS from 'exceljs';
import { csvLine, sheetValue } from '../../common/spreadsheet.ts';
import { DEFAULT_TIME_ZONE } from '../../config.ts';
import type { Viewer } from '../accounts/viewer.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ReportsService } from './reports.service.ts';
import { StatisticsService } from './statistics.service.ts';
import { type PeriodInput, ReportDimension } from './statistics.types.ts';

/** A report as a table: what both the CSV and the XLSX downloads are made of. */
export interface ReportTable {
  /** Sheet name (≤ 31 characters). */
  sheet: string;
  title: string;
  columns: Array<{ header: string; width: number }>;
  rows: unknown[][];
}

const DIMENSION_NAMES: Record<ReportDimension, string> = { ORGANIZATION: 'организациям', SUBJECT: 'предметам', LEVEL: 'уровням образования', KIND: 'видам' };
const DIMENSION_SHEETS: Record<ReportDimension, string> = { ORGANIZATION: 'Материалы — организации', SUBJECT: 'Материалы — предметы', LEVEL: 'Материалы — уровни', KIND: 'Материалы — виды' };
const ru = (day: string) => day.split('-').reverse().join('.');
const span = ({ from, to }: PeriodInput) => `с ${ru(from)} по ${ru(to)}`;

/** Builds the named report's table; `options.by` picks the materials report's dimension, `options.below` the gaps threshold. */
export async function reportTable(em: EntityManager, viewer: Viewer | null, timeZone: string | undefined, name: string, period: PeriodInput, options: { by?: ReportDimension; below?: number } = {}): Promise<ReportTable> {
  const zone = timeZone ?? DEFAULT_TIME_ZONE;
  const reports = new ReportsService(em, viewer, zone);
  switch (name) {
    case 'materials': {
      const by = options.by ?? ReportDimension.ORGANIZATION;
      const rows = await reports.materials(period, by);
      return {
        sheet: DIMENSION_SHEETS[by],
        title: `Материалы по ${DIMENSION_NAMES[by]}, созданные ${span(period)}`,
        columns: [{ header: 'Значение', width: 48 }, ...['Всего', 'Черновики', 'На экспертизе', 'Опубликовано', 'Отклонено', 'В архиве'].map((header) => ({ header, width: 14 }))],
        rows: rows.map((r) => [r.label, r.total, r.draft, r.inReview, r.published, r.rejected, r.archived]),
      };
    }
    case 'authors': {
      const rows = await reports.authorsActivity(period);
      return {
        sheet: 'Активность авторов',
        title: `Активность авторов по организациям ${span(period)} (молодые специалисты — стаж меньше 3 лет)`,
        columns: [{ header: 'Организация', width: 48 }, ...['Авторов', 'Материалов', 'Опубликовано', 'Молодых специалистов', 'Их материалов'].map((header) => ({ header, width: 16 }))],
        rows: rows.map((r) => [r.organization, r.authors, r.materials, r.published, r.youngAuthors, r.youngMaterials]),
      };
    }
    case 'turnaround': {
      const t = await reports.reviewTurnaround(period);
      return {
        sheet: 'Сроки экспертизы',
        title: `Сроки экспертизы материалов, опубликованных ${span(period)}`,
        columns: [{ header: 'Опубликовано', width: 16 }, { header: 'Медиана, дней', width: 16 }, { header: '90-й процентиль, дней', width: 22 }],
        rows: [[t.published, t.medianDays, t.p90Days]],
      };
    }
    case 'gaps': {
      const below = options.below ?? 3;
      const rows = await reports.gaps(below);
      return {
        sheet: 'Пробелы банка',
        title: `Предметы и уровни, где опубликовано меньше ${below} материалов (на день выгрузки)`,
        columns: [{ header: 'Предмет', width: 36 }, { header: 'Уровень', width: 40 }, { header: 'Опубликовано', width: 14 }],
        rows: rows.map((r) => [r.subject, `${r.levelName} (${r.level})`, r.published]),
      };
    }
    case 'usage': {
      const usage = await new StatisticsService(em, viewer, zone).usage(period, 100);
      return {
        sheet: 'Использование',
        title: `Использование базы ${span(period)}: открытия, скачивания, поиск (часовой пояс ${zone})`,
        columns: [{ header: 'День', width: 14 }, { header: 'Открытия', width: 14 }, { header: 'Скачивания', width: 14 }, { header: 'Поисковые запросы', width: 20 }],
        rows: usage.daily.map((d) => [ru(d.day), d.views, d.downloads, d.searches]),
      };
    }
    case 'queries': {
      const queries = await new StatisticsService(em, viewer, zone).searchQueries(period, 100, 'searches');
      return {
        sheet: 'Поисковые запросы',
        title: `Частые поисковые запросы ${span(period)}; без результатов — то, чего не хватает в банке`,
        columns: [{ header: 'Запрос', width: 48 }, { header: 'Раз', width: 10 }, { header: 'Без результатов', width: 18 }],
        rows: queries.map((q) => [q.query, q.searches, q.zeroResults]),
      };
    }
    default:
      throw new RangeError(name);
  }
}

export const REPORT_NAMES = ['materials', 'authors', 'turnaround', 'gaps', 'usage', 'queries'] as const;

export function tableCsv(table: ReportTable): string {
  // A BOM so that Excel reads UTF-8; the title first, as on the XLSX sheet.
  return `\uFEFF${csvLine([table.title])}${csvLine(table.columns.map((c) => c.header))}${table.rows.map(csvLine).join('')}`;
}

/** One sheet per table: the title with the period in the first row, a bold frozen header, set widths. */
export async function tablesXlsx(tables: ReportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Методическая база знаний';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 2 }] });
    sheet.columns = table.columns.map((c) => ({ width: c.width }));
    const title = sheet.addRow([table.title]);
    title.font = { bold: true, size: 13 };
    sheet.mergeCells(1, 1, 1, table.columns.length);
    const header = sheet.addRow(table.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle' };
    header.eachCell((cell) => (cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } }));
    for (const row of table.rows) sheet.addRow(row.map(sheetValue));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
