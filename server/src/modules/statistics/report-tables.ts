import type { ReportTable } from '../../common/spreadsheet.ts';
import { cellOf, type Report, type ReportContext } from './report-definitions.ts';
import type { ReportParams } from './report-parameters.ts';

/** A report's table for a period and its own parameters: its columns' headers, widths and cell formats. */
export async function reportTable(
  report: Report,
  context: ReportContext,
  params: Pick<ReportParams, 'period'> & Partial<ReportParams>,
): Promise<ReportTable> {
  const all = params as ReportParams;
  const rows = await report.rows(context, all);
  return {
    sheet: report.sheet(all),
    title: report.title(all, context.timeZone),
    columns: report.columns.map(({ header, width }) => ({ header, width })),
    rows: rows.map((row) => report.columns.map((column) => cellOf(column, (row as Record<string, unknown>)[column.key]))),
  };
}
