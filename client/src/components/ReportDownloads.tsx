/** A report's XLSX and CSV links: `/reports/<name>.xlsx|csv`, with the period or other parameters. */
export function ReportDownloads({ name, query = '' }: { name: string; query?: string }) {
  const search = query ? `?${query}` : '';
  return (
    <span className="downloads">
      <a href={`/reports/${name}.xlsx${search}`} download>XLSX</a> · <a href={`/reports/${name}.csv${search}`} download>CSV</a>
    </span>
  );
}
