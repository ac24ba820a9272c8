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
