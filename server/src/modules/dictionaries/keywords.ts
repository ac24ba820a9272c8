/** A keyword as stored: lower-cased and trimmed, so that «ФГОС» and «фгос » are one keyword. */
export const normalizeKeyword = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();
