import { registerEnumType } from 'type-graphql';

/**
 * Whether a string from a request or a file is one of the enum's values. Never `value in Enum` or
 * `Enum[value]`: `constructor`, `toString` and `__proto__` are inherited by every object.
 */
export function isEnumValue<T extends Record<string, string>>(enumObject: T, value: unknown): value is T[keyof T] {
  return typeof value === 'string' && (Object.values(enumObject) as unknown[]).includes(value);
}

/**
 * Registers a GraphQL enum whose values carry Russian names: the schema's descriptions, and the
 * labels facets and documents show, come from one map.
 */
export function registerLabelledEnum<T extends Record<string, string>>(
  enumObject: T,
  name: string,
  description: string,
  labels: Record<T[keyof T], string>,
) {
  registerEnumType(enumObject, {
    name,
    description,
    valuesConfig: Object.fromEntries(Object.entries(labels).map(([key, label]) => [key, { description: label as string }])) as never,
  });
  return labels;
}
