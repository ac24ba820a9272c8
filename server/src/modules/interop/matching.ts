/** How imported names find the records already there: case, ё/е, quotes, spaces and initials do not matter. */

export function normalizeName(value: string): string {
  return value
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»"“”„']/g, '')
    .replace(/№\s*/g, '№')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Two keys of a person's name: the whole normalised name, and surname + initials, so that
 * «Иванова М. П.», «М.П. Иванова» and «Иванова Мария Петровна» meet.
 */
export function personKeys(fullName: string): { full: string; initials: string } {
  const tokens = normalizeName(fullName).replace(/\./g, '. ').split(' ').filter(Boolean);
  const isInitial = (token: string) => /^[a-zа-я]\.$/.test(token);
  let surname: string;
  let rest: string[];
  if (tokens.length > 1 && isInitial(tokens[0]!)) {
    surname = tokens[tokens.length - 1]!;
    rest = tokens.slice(0, -1);
  } else {
    surname = tokens[0] ?? '';
    rest = tokens.slice(1);
  }
  return { full: tokens.join(' ').replace(/\. /g, '.'), initials: `${surname} ${rest.map((t) => t[0]).join('')}` };
}

/** Finds by the whole name first, then by surname and initials when only one person has them. */
export class PersonIndex<T> {
  private byFull = new Map<string, T>();
  private byInitials = new Map<string, T[]>();

  add(fullName: string, person: T): void {
    const keys = personKeys(fullName);
    // Namesakes: the first one recorded keeps the name.
    if (!this.byFull.has(keys.full)) this.byFull.set(keys.full, person);
    const list = this.byInitials.get(keys.initials) ?? [];
    list.push(person);
    this.byInitials.set(keys.initials, list);
  }

  find(fullName: string): T | undefined {
    const keys = personKeys(fullName);
    const exact = this.byFull.get(keys.full);
    if (exact) return exact;
    const candidates = this.byInitials.get(keys.initials);
    return candidates?.length === 1 ? candidates[0] : undefined;
  }
}

/** The import's columns that name dictionary entries. */
export type DictionaryField = 'subjects' | 'levels';
export const DICTIONARY_FIELDS: Record<DictionaryField, string> = { subjects: 'предмет', levels: 'уровень образования' };

/** A bank's own spelling of a value, to be read as an entry of the dictionary: «Логопедия» → «Коррекционная педагогика». */
export interface DictionaryMapping {
  field: DictionaryField;
  from: string;
  to: string;
}

/** A value of a bank that no entry matches: on how many lines, the first of them, and whether the import added it. */
export interface UnknownValue {
  field: DictionaryField;
  value: string;
  lines: number;
  firstLine: number;
  created: boolean;
}

/**
 * One dictionary as the import matches it: entries by normalised name, the bank's own spellings
 * mapped onto entries, and the values nothing matches, collected for the report.
 */
export class DictionaryMatcher<T> {
  private entries = new Map<string, T>();
  private mapped = new Map<string, string>();
  private missing = new Map<string, UnknownValue>();

  constructor(readonly field: DictionaryField) {}

  add(name: string, entry: T): void {
    this.entries.set(normalizeName(name), entry);
  }

  /** Reads `from` as the entry named `to`; false when no entry is named so. */
  map(from: string, to: string): boolean {
    if (!this.entries.has(normalizeName(to))) return false;
    this.mapped.set(normalizeName(from), normalizeName(to));
    return true;
  }

  find(name: string): T | undefined {
    const key = normalizeName(name);
    return this.entries.get(this.mapped.get(key) ?? key);
  }

  /**
   * Notes a value seen on a line. Values no entry matches (or matched before the import added
   * them) are counted; true the first time such a value is seen.
   */
  observe(value: string, line: number): boolean {
    const key = normalizeName(value);
    const seen = this.missing.get(key);
    if (seen) {
      seen.lines++;
      return false;
    }
    if (this.find(value)) return false;
    this.missing.set(key, { field: this.field, value: value.trim(), lines: 1, firstLine: line, created: false });
    return true;
  }

  /** The value was added to the dictionary as `entry`. */
  created(value: string, entry: T): void {
    this.add(value, entry);
    this.missing.get(normalizeName(value))!.created = true;
  }

  get unknown(): UnknownValue[] {
    return [...this.missing.values()];
  }
}
