import ExcelJS from 'exceljs';
import { csvLine, sheetValue } from '../../common/spreadsheet.ts';
import { cellOf, type Report, type ReportContext } from './report-definitions.ts';
import type { ReportParams } from './report-parameters.ts';

/** A report as a table: what both the CSV and the XLSX downloads are made of. */
export interface ReportTable {
  /** Sheet name (≤ 31 characters). */
  sheet: string;
  title: string;
  columns: Array<{ header: string; width: number }>;
  rows: unknown[][];
}

/** A report's table for a period and its own parameters: its columns' headers, widths and cell formats. */
export async function reportTable(report: Report, context: ReportContext, params: Pick<ReportParams, 'period'> & Partial<ReportParams>): Promise<ReportTable> {
  const all = params as ReportParams;
  const rows = await report.rows(context, all);
  return {
    sheet: report.sheet(all),
    title: report.title(all, context.timeZone),
    columns: report.columns.map(({ header, width }) => ({ header, width })),
    rows: rows.map((row) => report.columns.map((column) => cellOf(column, (row as Record<string, unknown>)[column.key]))),
  };
}

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
