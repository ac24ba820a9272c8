import { cleanKeyword, keywordKey } from '../dictionaries/keywords.ts';
import { KINDS, type MaterialKind, OWN_FIELDS, type OwnField, type TextFormat } from './kinds.ts';

/**
 * The one set of rules for a material's values, whoever writes it (the editor, a bank's line): the
 * limits of the common fields, the formats, the conversions, and what review needs. The client's
 * code generator reads the limits and formats too, so that the editor warns by the same rules.
 */
export const LIMITS = {
  externalId: 200,
  title: { min: 3, max: 500 },
  summary: 5000,
  body: 1_000_000,
  grades: { min: 1, max: 11 },
  keywords: { count: 30, length: 100 },
  subjects: 20,
  levels: 5,
  authors: 20,
  /** Names of people and organizations an import creates. */
  personName: 300,
  position: 300,
  organizationName: 500,
  municipality: 200,
} as const;

/** Levels that have no classes (school grades): a material only for them needs none. */
export const GRADELESS_LEVELS: readonly string[] = ['ДО', 'ДОП'];

/** Formats of text fields; `pattern` is a JavaScript regular expression, shared with the client. */
export const FORMATS: Record<TextFormat | 'year', { pattern?: string; flags?: string; reason: string }> = {
  url: { pattern: '^https?://\\S+\\.\\S+$', reason: 'адрес должен начинаться с http:// или https://' },
  isbn: { pattern: '^(97[89][- ]?)?\\d{1,5}[- ]?\\d+[- ]?\\d+[- ]?[\\dX]$', flags: 'i', reason: 'ISBN — 10 или 13 цифр, можно с дефисами' },
  doi: { pattern: '^10\\.\\d{4,9}/\\S+$', reason: 'DOI выглядит так: 10.1234/abcd' },
  year: { reason: 'год — четыре цифры, от 1900 до 2100' },
};

/** A value that breaks a rule: the field (as the writer named it) and why. */
export class FieldProblem extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** The values of a material as written, before checking (an input's fields or a bank line's columns). */
export type RawValues = Record<string, unknown>;

/** Checked and converted values; a field that is absent is left as it is. */
export interface CheckedValues {
  title?: string;
  summary?: string;
  body?: string;
  grades?: number[];
  keywords?: string[];
  /** The kind's own fields, converted (`null` clears one). */
  own: Record<string, string | number | null>;
}

const given = (value: unknown) => value !== undefined && value !== null;

/** PostgreSQL text cannot hold NUL; other control characters but tab and line breaks mean a broken export. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** Text: a string (a number is read as its digits), trimmed, without control characters, not longer than `max`. */
export function text(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new FieldProblem(field, 'ожидается строка');
  const result = String(value).trim();
  if (CONTROL.test(result)) throw new FieldProblem(field, 'содержит управляющие символы (NUL и подобные): проверьте выгрузку');
  if (result.length > max) throw new FieldProblem(field, `не длиннее ${max} символов`);
  return result;
}

export function list(value: unknown, field: string, max?: number): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new FieldProblem(field, 'ожидается список');
  if (max !== undefined && value.length > max) throw new FieldProblem(field, `не больше ${max} значений`);
  return value;
}

/** A date as ГГГГ-ММ-ДД (a longer ISO timestamp is accepted). */
export function date(value: unknown, field: string): Date | undefined {
  const raw = text(value, field, 40);
  if (!raw) return undefined;
  const parsed = /^\d{4}-\d{2}-\d{2}/.test(raw) ? new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw) : new Date(NaN);
  if (Number.isNaN(parsed.getTime())) throw new FieldProblem(field, `«${raw}» — не дата (ожидается ГГГГ-ММ-ДД)`);
  return parsed;
}

const matches = (format: TextFormat, value: string) => {
  const { pattern, flags } = FORMATS[format];
  return new RegExp(pattern!, flags).test(value);
};

/** One own field's value, checked and converted; `undefined` when empty. */
function ownValue(name: string, spec: OwnField, value: unknown): string | number | undefined {
  if (value === '' || value === undefined || value === null) return undefined;
  switch (spec.type) {
    case 'text': {
      const result = text(value, name, spec.max);
      if (result && spec.format && !matches(spec.format, result)) throw new FieldProblem(name, FORMATS[spec.format].reason);
      return result;
    }
    case 'int': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(number) || number < spec.min || number > spec.max) {
        throw new FieldProblem(name, spec.format ? FORMATS[spec.format].reason : `целое число от ${spec.min} до ${spec.max}`);
      }
      return number;
    }
    case 'date':
      return date(value, name)!.toISOString().slice(0, 10);
    case 'enum': {
      const allowed = Object.values(spec.enum.values);
      if (!allowed.includes(String(value))) throw new FieldProblem(name, `«${String(value)}» — допустимы ${allowed.join(', ')}`);
      return String(value);
    }
  }
}

/**
 * Checks a material's values against the rules of its kind. A field of another kind is refused by
 * name; `editorOnly` refuses the fields a workflow step sets (the editor may not set a practice's
 * level); `complete` (a new material, a bank's line) requires the title. Absent fields are absent
 * from the result.
 */
export function checkValues(kind: MaterialKind, values: RawValues, { editorOnly = false, complete = false } = {}): CheckedValues {
  const checked: CheckedValues = { own: {} };
  if (complete || given(values.title)) {
    const title = text(values.title, 'title', LIMITS.title.max);
    if (!title || title.length < LIMITS.title.min)
      throw new FieldProblem('title', `обязательное поле, не короче ${LIMITS.title.min} символов`);
    checked.title = title;
  }
  if (given(values.summary)) checked.summary = text(values.summary, 'summary', LIMITS.summary) ?? '';
  if (given(values.body)) checked.body = text(values.body, 'body', LIMITS.body) ?? '';
  if (given(values.grades)) {
    const grades = list(values.grades, 'grades').map(Number);
    if (grades.some((g) => !Number.isInteger(g) || g < LIMITS.grades.min || g > LIMITS.grades.max))
      throw new FieldProblem('grades', `классы — целые числа от ${LIMITS.grades.min} до ${LIMITS.grades.max}`);
    checked.grades = [...new Set(grades)].sort((a, b) => a - b);
  }
  if (given(values.keywords)) {
    const keywords = list(values.keywords, 'keywords', LIMITS.keywords.count).map((k, i) =>
      text(k, `keywords[${i}]`, LIMITS.keywords.length),
    );
    // One of each keyword, as first written: «УУД» and «ууд» in one list are one keyword.
    const byKey = new Map<string, string>();
    for (const keyword of keywords
      .filter((k): k is string => !!k)
      .map(cleanKeyword)
      .filter(Boolean))
      if (!byKey.has(keywordKey(keyword))) byKey.set(keywordKey(keyword), keyword);
    checked.keywords = [...byKey.values()];
  }
  for (const field of ['subjects', 'levels', 'authors'] as const) list(values[field], field, LIMITS[field]);
  for (const [name, value] of Object.entries(values)) {
    const field = OWN_FIELDS.get(name);
    if (!field || value === undefined) continue;
    if (field.kind !== kind) {
      if (value === null || value === '') continue;
      throw new FieldProblem(name, `поле относится к виду ${field.kind}, а материал — ${kind}`);
    }
    if (editorOnly && field.spec.editor === false) throw new FieldProblem(name, 'задаётся не в редакторе, а при публикации');
    checked.own[name] = ownValue(name, field.spec, value) ?? null;
  }
  return checked;
}

/** What a material looks like to the review rules. */
export interface ReviewState {
  kind: MaterialKind;
  own: Record<string, unknown>;
  subjects: number;
  levelCodes: string[];
  grades: number[];
  authors: number;
}

/** Names of the requirements a material does not yet meet before review (an author for every kind, then the kind's own list). */
export function missingForReview(state: ReviewState): string[] {
  const lists: Record<string, boolean> = {
    authors: state.authors > 0,
    subjects: state.subjects > 0,
    levels: state.levelCodes.length > 0,
    grades: state.grades.length > 0 || (state.levelCodes.length > 0 && state.levelCodes.every((code) => GRADELESS_LEVELS.includes(code))),
  };
  return ['authors', ...KINDS[state.kind].submit].filter((requirement) => {
    if (requirement in lists) return !lists[requirement];
    const value = state.own[requirement];
    return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  });
}

/** How a requirement is named in messages. */
export function requirementLabel(requirement: string): string {
  const own = OWN_FIELDS.get(requirement);
  if (own) return `«${own.spec.label[0]}» (${requirement})`;
  return REQUIREMENT_LABELS[requirement] ?? requirement;
}

const REQUIREMENT_LABELS: Record<string, string> = {
  authors: 'хотя бы один автор (authorIds)',
  subjects: 'хотя бы один предмет (subjectIds)',
  levels: 'хотя бы один уровень образования (levelIds)',
  grades: 'хотя бы один класс (grades), кроме материалов только для дошкольного и дополнительного образования',
};
