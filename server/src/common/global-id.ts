import { badInput } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque Relay ids: base64url of "Type:uuid", so a client never builds or parses them. */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export interface DecodedId {
  type: string;
  id: string;
}

/** Decodes a global id or throws BAD_USER_INPUT naming the argument; `types` restricts what it may point at. */
export function fromGlobalId(value: string, argument: string, types?: readonly string[]): DecodedId {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(value) ? Buffer.from(value, 'base64url').toString('utf8') : '';
  const [type, id] = text.split(':');
  if (!type || !id || !UUID.test(id)) throw badInput(argument, `«${value.slice(0, 100)}» — не идентификатор этого API`);
  if (types && !types.includes(type)) {
    throw badInput(argument, `идентификатор указывает на ${type}, а ожидается ${types.join(' или ')}`);
  }
  return { type, id };
}

export function fromGlobalIds(values: readonly string[] | undefined, argument: string, types: readonly string[]): string[] | undefined {
  return values?.map((value, i) => fromGlobalId(value, `${argument}[${i}]`, types).id);
}

/** The uuid a global id of one of `types` names, or null for anything else (ids in page paths and feed parameters). */
export function uuidOrNull(value: string, types: readonly string[]): string | null {
  try {
    return fromGlobalId(value, 'id', types).id;
  } catch {
    return null;
  }
}
