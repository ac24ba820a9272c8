import { t } from '../../app/i18n.ts';

/** The editor's fields; kind-specific ones are empty strings when unused. */
export interface DraftFields {
  kind: string;
  title: string;
  summary: string;
  body: string;
  grades: number[];
  keywords: string;
  subjectIds: string[];
  levelIds: string[];
  authorIds: string[];
  problem: string;
  goal: string;
  novelty: string;
  results: string;
  reuseConditions: string;
  source: string;
  year: string;
  pages: string;
  isbn: string;
  doi: string;
  url: string;
  materialType: string;
  number: string;
  issuer: string;
  adoptedAt: string;
  legalStatus: string;
}

export type Problems = Partial<Record<keyof DraftFields, string>>;

/**
 * The same limits the server enforces, checked as the author types, so a message appears next to
 * the field before anything is sent. The server still has the last word.
 */
export function validateDraft(d: DraftFields, { forSubmit = false } = {}): Problems {
  const problems: Problems = {};
  const title = d.title.trim();
  if (title.length < 3) problems.title = t.v.titleShort;
  else if (title.length > 500) problems.title = t.v.tooLong(500);
  if (d.summary.length > 5000) problems.summary = t.v.tooLong(5000);
  if (d.body.length > 1_000_000) problems.body = t.v.tooLong(1_000_000);
  if (d.year && !/^\d{4}$/.test(d.year)) problems.year = t.v.year;
  else if (d.year && (Number(d.year) < 1900 || Number(d.year) > 2100)) problems.year = t.v.year;
  if (d.url && !/^https?:\/\/\S+\.\S+/.test(d.url)) problems.url = t.v.url;
  if (d.doi && !/^10\.\d{4,9}\/\S+$/.test(d.doi)) problems.doi = t.v.doi;
  if (d.isbn && !/^(97[89][- ]?)?\d{1,5}[- ]?\d+[- ]?\d+[- ]?[\dX]$/i.test(d.isbn.trim())) problems.isbn = t.v.isbn;
  const keywords = d.keywords.split(',').map((k) => k.trim()).filter(Boolean);
  if (keywords.length > 30) problems.keywords = t.v.tooMany(30);
  else if (keywords.some((k) => k.length > 100)) problems.keywords = t.v.keywordLong;
  if (d.subjectIds.length > 20) problems.subjectIds = t.v.tooMany(20);
  if (forSubmit && !d.authorIds.length) problems.authorIds = t.v.needAuthor;
  return problems;
}
