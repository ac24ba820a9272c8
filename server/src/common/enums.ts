import { registerEnumType } from 'type-graphql';

/**
 * Registers a GraphQL enum whose values carry Russian names: the schema's descriptions, and the
 * labels facets and documents show, come from one map.
 */
export function registerLabelledEnum<T extends Record<string, string>>(enumObject: T, name: string, description: string, labels: Record<T[keyof T], string>) {
  registerEnumType(enumObject, {
    name,
    description,
    valuesConfig: Object.fromEntries(Object.entries(labels).map(([key, label]) => [key, { description: label as string }])) as never,
  });
  return labels;
}
