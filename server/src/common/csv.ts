/** A cell of a `;`-separated CSV (what Excel in a Russian locale opens as columns): quoted when it must be. */
export const csvCell = (value: unknown): string => {
  const text = value === undefined || value === null ? '' : String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const csvLine = (values: unknown[]): string => `${values.map(csvCell).join(';')}\r\n`;
