import fs from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { decodeText } from '../files/extraction/extract-content.ts';

/** One line of an import file: its number (1-based, as an editor shows it) and its fields. */
export interface ImportRow {
  line: number;
  fields: Record<string, unknown>;
}

export type RowOrError = ImportRow | { line: number; error: string };

/** Splits a CSV text into records (quotes, doubled quotes and line breaks inside quotes). */
export function parseCsv(text: string, delimiter: string): Array<{ line: number; cells: string[] }> {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x !== '')) records.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.some((x) => x !== '')) records.push({ line: start, cells });
  return records;
}

/** CSV columns that hold lists: values separated by `|`. */
const LIST_COLUMNS = new Set(['subjects', 'levels', 'keywords', 'grades', 'authors', 'files']);

/** A CSV record as the JSON Lines object the importer takes: lists split, authors as «ФИО / должность», files by path. */
function csvRecord(header: string[], cells: string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const value = (cells[i] ?? '').trim();
    if (value === '') return;
    if (name === 'organization' || name === 'municipality') {
      const organization = (fields.organization ??= {}) as Record<string, string>;
      organization[name === 'organization' ? 'name' : 'municipality'] = value;
    } else if (LIST_COLUMNS.has(name)) {
      const items = value.split('|').map((x) => x.trim()).filter(Boolean);
      if (name === 'grades') fields.grades = items.map(Number);
      else if (name === 'authors') fields.authors = items.map((a) => ({ fullName: a.split('/')[0]!.trim(), position: a.split('/')[1]?.trim() || undefined }));
      else if (name === 'files') fields.files = items.map((p) => ({ path: p }));
      else fields[name] = items;
    } else if (name === 'year') fields.year = Number(value);
    else fields[name] = value;
  });
  return fields;
}

/** Reads JSON Lines or CSV (UTF-8 or Windows-1251, `;` or `,`), chosen by the file's extension. */
export async function readImportFile(file: string): Promise<RowOrError[]> {
  const extension = path.extname(file).toLowerCase();
  const text = extension === '.xlsx' ? '' : decodeText(await fs.readFile(file));
  if (extension === '.jsonl' || extension === '.ndjson' || extension === '.json') {
    return text.split(/\r?\n/).flatMap((raw, index): RowOrError[] => {
      if (!raw.trim()) return [];
      try {
        const fields = JSON.parse(raw) as unknown;
        if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return [{ line: index + 1, error: 'строка должна быть JSON-объектом' }];
        return [{ line: index + 1, fields: fields as Record<string, unknown> }];
      } catch (error) {
        return [{ line: index + 1, error: `не JSON: ${(error as Error).message}` }];
      }
    });
  }
  if (extension === '.csv') {
    const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    const [head, ...records] = parseCsv(text, delimiter);
    if (!head) return [];
    const header = head.cells.map((h) => h.trim());
    return records.map((record) => ({ line: record.line, fields: csvRecord(header, record.cells) }));
  }
  if (extension === '.xlsx') return readXlsx(file);
  throw new Error(`формат «${extension || 'без расширения'}» не поддерживается: нужен .jsonl, .csv или .xlsx`);
}

/** The first sheet of a workbook, with the CSV's columns in its first row. */
async function readXlsx(file: string): Promise<RowOrError[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const cell = (value: ExcelJS.CellValue): string => {
    if (value === null || value === undefined) return '';
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'object' && 'richText' in value) return value.richText.map((part) => part.text).join('');
    if (typeof value === 'object' && 'text' in value) return String(value.text);
    if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
    return String(value);
  };
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map((v) => cell(v).trim());
  const rows: RowOrError[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = header.map((_, i) => cell(row.getCell(i + 1).value));
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: number, fields: csvRecord(header, cells) });
  });
  return rows;
}
