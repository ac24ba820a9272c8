import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import ExcelJS from 'exceljs';
import { csvText } from '../../common/spreadsheet.ts';
import { decodeText } from '../files/extraction/extract-content.ts';

/** One line of an import file: its number (1-based, as an editor shows it) and its fields. */
export interface ImportRow {
  line: number;
  fields: Record<string, unknown>;
}

export type RowOrError = ImportRow | { line: number; error: string };

/** The rows of a file as they are read, and how many lines it has (for progress). */
export interface ImportSource {
  total: number;
  rows: AsyncIterable<RowOrError> | Iterable<RowOrError>;
}

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
      const items = value
        .split('|')
        .map((x) => x.trim())
        .filter(Boolean);
      if (name === 'grades') fields.grades = items.map(Number);
      else if (name === 'authors')
        fields.authors = items.map((a) => ({ fullName: a.split('/')[0]!.trim(), position: a.split('/')[1]?.trim() || undefined }));
      else if (name === 'files') fields.files = items.map((p) => ({ path: p }));
      else fields[name] = items;
    } else if (name === 'year') fields.year = Number(value);
    else fields[name] = value;
  });
  return fields;
}

/** JSON Lines are read as a stream, so a bank of any size takes the same memory. */
async function* jsonLines(file: string): AsyncGenerator<RowOrError> {
  let line = 0;
  for await (const text of readline.createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    const raw = ++line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (!raw.trim()) continue;
    try {
      const fields = JSON.parse(raw) as unknown;
      if (!fields || typeof fields !== 'object' || Array.isArray(fields)) yield { line, error: 'строка должна быть JSON-объектом' };
      else yield { line, fields: fields as Record<string, unknown> };
    } catch (error) {
      yield { line, error: `не JSON: ${(error as Error).message}` };
    }
  }
}

async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
    last = chunk[chunk.length - 1] ?? last;
  }
  return last === 0x0a ? lines : lines + 1;
}

const listed = (rows: RowOrError[]): ImportSource => ({ total: rows.at(-1)?.line ?? 0, rows: rows });

/** Reads JSON Lines (UTF-8, streamed), CSV (UTF-8 or Windows-1251, `;` or `,`) or XLSX, chosen by the file's extension. */
export async function readImportFile(file: string): Promise<ImportSource> {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson' || extension === '.json') {
    await fs.access(file);
    return { total: await countLines(file), rows: jsonLines(file) };
  }
  if (extension === '.csv') {
    const text = decodeText(await fs.readFile(file));
    const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    const [head, ...records] = parseCsv(text, delimiter);
    if (!head) return listed([]);
    const header = head.cells.map((h) => h.trim());
    // Cells our export wrote behind an apostrophe (= + - @ first) are read back as they were.
    return listed(records.map((record) => ({ line: record.line, fields: csvRecord(header, record.cells.map(csvText)) })));
  }
  if (extension === '.xlsx') {
    // The workbook parser's own messages («1:16: text data outside of root node») tell a methodist nothing.
    const rows = await readXlsx(file).catch(() => {
      throw new Error(
        'не читается как таблица XLSX (сохраните его в Excel или LibreOffice как «Книга Excel (.xlsx)» или выгрузите банк в CSV)',
      );
    });
    return listed(rows);
  }
  throw new Error(`формат «${extension || 'без расширения'}» не поддерживается: нужен .jsonl, .csv или .xlsx`);
}

/** All rows of a source, for tests and small files. */
export async function collectRows(source: ImportSource): Promise<RowOrError[]> {
  const rows: RowOrError[] = [];
  for await (const row of source.rows) rows.push(row);
  return rows;
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
