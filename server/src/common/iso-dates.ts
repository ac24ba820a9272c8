/**
 * Dates and instants that come from outside (a query string, a cursor, a token) as they must be to
 * reach SQL: real days of years 1–9999, what our timestamps hold and PostgreSQL takes. `Date.parse`
 * alone takes "1", 30 February and year −271821.
 */

const ISO_INSTANT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An instant exactly as `Date.toISOString()` writes it. */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_INSTANT.exec(value);
  if (!match || Number(match[1]) < 1) return false;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString() === value;
}

/** A day as ГГГГ-ММ-ДД that exists. */
export const isIsoDay = (value: unknown): value is string => typeof value === 'string' && isIsoInstant(`${value}T00:00:00.000Z`);
