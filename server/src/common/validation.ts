import { validate, type ValidationArguments, type ValidationError } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import { apiError } from './errors.ts';

/** Russian messages for class-validator rules; the field is named by the error, not the message. */
export const ru = {
  max: (a: ValidationArguments) => `не больше ${a.constraints[0]}`,
  min: (a: ValidationArguments) => `не меньше ${a.constraints[0]}`,
  maxLength: (a: ValidationArguments) => `не длиннее ${a.constraints[0]} символов`,
  arrayMaxSize: (a: ValidationArguments) => `не больше ${a.constraints[0]} значений`,
  isInt: () => 'должно быть целым числом',
  isIn: (a: ValidationArguments) => `допустимые значения: ${(a.constraints[0] as string[]).join(', ')}`,
};

function flatten(errors: ValidationError[], prefix = ''): Array<{ field: string; reason: string }> {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The name of the argument an input type was given in ("filter"), so that errors say "filter.year". */
function argumentName(type: { name: string }, info: GraphQLResolveInfo | undefined): string | undefined {
  const field = info?.parentType.getFields()[info.fieldName];
  // Unwrapped by hand, not with graphql's getNamedType: under a test runner the schema may come
  // from another copy of the graphql module, and its type guards refuse foreign objects.
  const named = (t: unknown): string | undefined => {
    let current = t as { ofType?: unknown; name?: string };
    while (current.ofType) current = current.ofType as typeof current;
    return current.name;
  };
  return field?.args.find((arg) => named(arg.type) === type.name)?.name;
}

/** type-graphql's validateFn: every input object is checked; the first problem is reported by its path. */
export async function validateInput(value: unknown, type: unknown, resolverData?: { info: GraphQLResolveInfo }): Promise<void> {
  if (!value || typeof value !== 'object' || typeof type !== 'function') return;
  const prefix = argumentName(type, resolverData?.info) ?? '';
  const values = Array.isArray(value) ? value : [value];
  for (const item of values) {
    // A list of scalars ([String!] argument) has no rules of its own to check.
    if (!item || typeof item !== 'object') continue;
    const problems = flatten(await validate(item as object, { forbidUnknownValues: false }), prefix);
    if (problems.length > 0) {
      const { field, reason } = problems[0]!;
      throw apiError('BAD_USER_INPUT', `Поле ${field}: ${reason}`, {
        field,
        problems: problems.map((p) => `${p.field}: ${p.reason}`),
      });
    }
  }
}
