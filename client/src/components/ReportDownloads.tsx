import { reports } from '../app/texts/reports.ts';

/**
 * A report's XLSX and CSV links, `/reports/<name>.xlsx|csv` with the period or other parameters,
 * each named after the report: a list of links reads «Скачать «Сроки экспертизы» (XLSX)», not «XLSX».
 */
export function ReportDownloads({ name, title, query = '' }: { name: string; title: string; query?: string }) {
  const search = query ? `?${query}` : '';
  return (
    <p className="downloads">
      <a href={`/reports/${name}.xlsx${search}`} download>
        {reports.download(title, 'XLSX')}
      </a>
      <a href={`/reports/${name}.csv${search}`} download>
        {reports.download(title, 'CSV')}
      </a>
    </p>
  );
}
