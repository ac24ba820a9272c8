import { badInput } from './errors.ts';

/**
 * An input's given fields with their text trimmed: a blank optional text clears its field (null),
 * a required one that is blank once trimmed is refused by name (a length rule alone lets "   " through).
 * Fields not given (undefined or null) are left out, so an update changes only what was sent.
 */
export function trimmedInput<T extends object>(
  input: T,
  required: ReadonlyArray<keyof T & string>,
  argument = 'input',
): { [K in keyof T]?: T[K] | null } {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      fields[key] = value;
      continue;
    }
    const text = value.trim();
    if (!text && required.includes(key as keyof T & string)) throw badInput(`${argument}.${key}`, 'не может быть пустым');
    fields[key] = text || null;
  }
  return fields as { [K in keyof T]?: T[K] | null };
}
