import ExcelJS from 'exceljs';

/**
 * Cells of the spreadsheets the server writes (report downloads, `kb export`). Their text comes
 * partly from strangers (search queries, survey answers, imported titles), and none of it may become
 * a formula in the methodist's Excel.
 */

/** Text a spreadsheet would take for a formula (OWASP, CSV injection), behind any apostrophes we added. */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/**
 * A cell of a `;`-separated CSV (what Excel in a Russian locale opens as columns), quoted when it must
 * be. Numbers are written as they are (a negative number stays a number); text starting with
 * = + - @ tab or CR gets an apostrophe in front, so that it is shown and never run. Text that already
 * starts with apostrophes before one of those gets one more, so that `csvText` undoes it exactly.
 */
export const csvCell = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'number' || typeof value === 'bigint' ? String(value) : neutralise(String(value));
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const neutralise = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

export const csvLine = (values: unknown[]): string => `${values.map(csvCell).join(';')}\r\n`;

/** The text a CSV cell written by `csvCell` holds: the apostrophe it put before a formula character removed. */
export const csvText = (cell: string): string => (NEUTRALISED.test(cell) ? cell.slice(1) : cell);

/**
 * An XLSX cell's value: a number, or text. XLSX types its cells, so text is never run and needs no
 * apostrophe; but ExcelJS writes an object with `formula` as a formula, so anything else is made text.
 */
export const sheetValue = (value: unknown): string | number | null => {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' ? value : String(value);
};

/** A table to download (a report, a survey's answers): what both the CSV and the XLSX files are made of. */
export interface ReportTable {
  /** Sheet name (≤ 31 characters). */
  sheet: string;
  title: string;
  columns: Array<{ header: string; width: number }>;
  rows: unknown[][];
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
