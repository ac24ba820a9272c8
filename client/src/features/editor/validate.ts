import { t } from '../../app/i18n.ts';
import { FORMATS, GRADELESS_LEVELS, KINDS, LIMITS, type OwnFieldSpec } from '../../gql/kinds.ts';

/** The editor's fields; a kind's own fields are strings, keyed by their names (empty when unused). */
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
  /** Empty: none chosen. */
  organizationId?: string;
  [ownField: string]: unknown;
}

export type Problems = Partial<Record<string, string>>;

/** A kind's fields the editor shows. */
export const editorFields = (kind: string): OwnFieldSpec[] => (KINDS.find((k) => k.kind === kind)?.fields ?? []).filter((f) => f.editor);

/** Where the editor shows the problem of a requirement for review. */
const REQUIREMENT_FIELDS: Record<string, string> = { authors: 'authorIds', subjects: 'subjectIds', levels: 'levelIds', grades: 'grades' };

/** The editor's fields that must be filled before review: an author and the kind's list (the kind registry's `submit`). */
export const requiredFields = (kind: string): string[] =>
  ['authors', ...(KINDS.find((k) => k.kind === kind)?.submit ?? [])].map((r) => REQUIREMENT_FIELDS[r] ?? r);

const REQUIREMENT_MESSAGES = (): Record<string, string> => ({
  authors: t.v.needAuthor,
  subjects: t.v.needSubject,
  levels: t.v.needLevel,
  grades: t.v.needGrade,
});

/** The server's `missing` (requirement names, as in the kind registry) as problems at the editor's fields. */
export function problemsOfMissing(missing: string[]): Problems {
  const messages = REQUIREMENT_MESSAGES();
  return Object.fromEntries(
    missing.map((requirement) => [REQUIREMENT_FIELDS[requirement] ?? requirement, messages[requirement] ?? t.v.needField]),
  );
}

/** The client's wording of a format's rule, else the server's. */
function formatMessage(format: string): string {
  const own = (t.v as Record<string, unknown>)[format];
  if (typeof own === 'string') return own;
  const reason = FORMATS[format]?.reason ?? format;
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

function ownProblem(field: OwnFieldSpec, raw: unknown): string | undefined {
  const value = String(raw ?? '').trim();
  if (!value) return undefined;
  if (field.input === 'number') {
    const number = /^-?\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(number) || number < field.min! || number > field.max!)
      return field.format ? formatMessage(field.format) : t.v.range(field.min!, field.max!);
    return undefined;
  }
  if (field.input === 'select') return field.options!.some((o) => o.value === value) ? undefined : t.v.choose;
  if (field.max !== undefined && value.length > field.max) return t.v.tooLong(field.max);
  const format = field.format ? FORMATS[field.format] : undefined;
  if (format?.pattern && !new RegExp(format.pattern, format.flags).test(value)) return formatMessage(field.format!);
  return undefined;
}

/**
 * The rules the server enforces (the kind registry's limits, formats and review requirements),
 * checked as the author types, so a message appears next to the field before anything is sent.
 * The server still has the last word. `levelCodes` are the codes of the chosen levels (a material
 * only for levels without classes needs none).
 */
export function validateDraft(d: DraftFields, { forSubmit = false, levelCodes = [] as string[] } = {}): Problems {
  const problems: Problems = {};
  const title = d.title.trim();
  if (title.length < LIMITS.title.min) problems.title = t.v.titleShort;
  else if (title.length > LIMITS.title.max) problems.title = t.v.tooLong(LIMITS.title.max);
  if (d.summary.length > LIMITS.summary) problems.summary = t.v.tooLong(LIMITS.summary);
  if (d.body.length > LIMITS.body) problems.body = t.v.tooLong(LIMITS.body);
  for (const field of editorFields(d.kind)) {
    const problem = ownProblem(field, d[field.name]);
    if (problem) problems[field.name] = problem;
  }
  const keywords = d.keywords
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keywords.length > LIMITS.keywords.count) problems.keywords = t.v.tooMany(LIMITS.keywords.count);
  else if (keywords.some((k) => k.length > LIMITS.keywords.length)) problems.keywords = t.v.keywordLong;
  if (d.subjectIds.length > LIMITS.subjects) problems.subjectIds = t.v.tooMany(LIMITS.subjects);
  if (d.levelIds.length > LIMITS.levels) problems.levelIds = t.v.tooMany(LIMITS.levels);
  if (d.authorIds.length > LIMITS.authors) problems.authorIds = t.v.tooMany(LIMITS.authors);
  if (forSubmit) {
    const kind = KINDS.find((k) => k.kind === d.kind);
    const gradeless = levelCodes.length > 0 && levelCodes.every((code) => GRADELESS_LEVELS.includes(code));
    const missing: Record<string, boolean> = {
      authors: !d.authorIds.length,
      subjects: !d.subjectIds.length,
      levels: !d.levelIds.length,
      grades: !d.grades.length && !gradeless,
    };
    const messages = REQUIREMENT_MESSAGES();
    for (const requirement of ['authors', ...(kind?.submit ?? [])]) {
      const field = REQUIREMENT_FIELDS[requirement] ?? requirement;
      const unmet = requirement in missing ? missing[requirement] : !String(d[requirement] ?? '').trim();
      if (unmet && !problems[field]) problems[field] = messages[requirement] ?? t.v.needField;
    }
  }
  return problems;
}
