/** A keyword as written: trimmed, inner spaces collapsed, capitals kept («УУД», «ФГОС»). */
export const cleanKeyword = (value: string) => value.trim().replace(/\s+/g, ' ');

/** What makes two keywords one: «ФГОС» and «фгос » are the same keyword. */
export const keywordKey = (value: string) => cleanKeyword(value).toLowerCase();

/** Written entirely in small letters: how earlier versions stored every keyword, capitals lost. */
export const lowerCaseOnly = (value: string) => value === value.toLowerCase();
