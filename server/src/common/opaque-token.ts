/**
 * Opaque tokens handed to clients (list cursors, OAI-PMH resumption tokens): base64url of JSON.
 * They come back from clients, so whoever decodes one checks every field with the guards below
 * before any of it reaches SQL: a forged value must be bad input, never a database error.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeOpaque(data: object): string {
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

/** The token's JSON object, or undefined when it is not base64url of a JSON object. */
export function decodeOpaque(token: string): Record<string, unknown> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Text PostgreSQL can store and compare: it refuses the NUL character. */
export const isSqlText = (value: unknown): value is string => typeof value === 'string' && !value.includes('\u0000');

/** A count as an `integer` column holds it. */
export const isCount = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 2 ** 31 - 1;
