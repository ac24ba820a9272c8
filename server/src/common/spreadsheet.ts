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
