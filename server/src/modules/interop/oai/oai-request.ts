/**
 * The arguments of an OAI-PMH 2.0 request, checked as the protocol says (section 3.6): which
 * verbs exist, which arguments each takes, exclusive resumption tokens, dates in the
 * repository's granularity. Anything wrong becomes the protocol's own error code.
 */

export type OaiErrorCode =
  | 'badArgument'
  | 'badResumptionToken'
  | 'badVerb'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

export class OaiError extends Error {
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const VERBS = {
  Identify: { required: [], optional: [], exclusive: undefined },
  ListMetadataFormats: { required: [], optional: ['identifier'], exclusive: undefined },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [], exclusive: undefined },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
} as const satisfies Record<string, { required: readonly string[]; optional: readonly string[]; exclusive: string | undefined }>;

export type Verb = keyof typeof VERBS;

export interface OaiRequest {
  verb: Verb;
  args: Record<string, string>;
}

/** The verb and its arguments, or the error that the whole request gets (with the bare base URL echoed). */
export function parseOaiRequest(pairs: Array<[string, string]>): OaiRequest {
  // A Map, not an object: an argument named `toString` or `__proto__` is just an unknown argument.
  const args = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (args.has(name)) throw new OaiError(name === 'verb' ? 'badVerb' : 'badArgument', `Аргумент ${name} повторён`);
    args.set(name, value);
  }
  const verb = args.get('verb');
  args.delete('verb');
  if (verb === undefined) throw new OaiError('badVerb', 'Не указан verb');
  if (!Object.hasOwn(VERBS, verb)) throw new OaiError('badVerb', `Нет такого verb: ${verb}; допустимы ${Object.keys(VERBS).join(', ')}`);
  const rules = VERBS[verb as Verb];
  const allowed = new Set<string>([...rules.required, ...rules.optional, ...(rules.exclusive ? [rules.exclusive] : [])]);
  const unknown = [...args.keys()].find((name) => !allowed.has(name));
  if (unknown) throw new OaiError('badArgument', `${verb} не принимает аргумент ${unknown}`);
  // Only the verb's own argument names are left: a plain object from here on.
  const rest: Record<string, string> = Object.fromEntries(args);
  const empty = Object.entries(rest).find(([, value]) => value === '');
  if (empty) throw new OaiError('badArgument', `Аргумент ${empty[0]} пуст`);
  if (rules.exclusive && rest[rules.exclusive] !== undefined) {
    const other = Object.keys(rest).find((name) => name !== rules.exclusive);
    if (other) throw new OaiError('badArgument', `resumptionToken передаётся без других аргументов (лишний: ${other})`);
    return { verb: verb as Verb, args: rest };
  }
  const missing = rules.required.find((name) => rest[name] === undefined);
  if (missing) throw new OaiError('badArgument', `${verb} требует аргумент ${missing}`);
  if (rest.metadataPrefix !== undefined && !METADATA_PREFIX.test(rest.metadataPrefix))
    throw new OaiError(
      'badArgument',
      `metadataPrefix=${rest.metadataPrefix}: недопустимые символы (допустимы латинские буквы, цифры и -_.!~*'())`,
    );
  if (rest.from !== undefined || rest.until !== undefined) checkDates(rest.from, rest.until);
  return { verb: verb as Verb, args: rest };
}

/** The protocol schema's pattern of a metadataPrefix: anything else could not be echoed in the answer. */
const METADATA_PREFIX = /^[A-Za-z0-9\-_.!~*'()]+$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECOND = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** A `from`/`until` value as an instant; the `until` of a whole day or second reaches its end. */
export function parseDatestamp(name: string, value: string): { start: Date; end: Date; granularity: 'day' | 'second' } {
  const day = DAY.exec(value);
  const second = SECOND.exec(value);
  const parts = (day ?? second)?.slice(1).map(Number);
  if (!parts) throw new OaiError('badArgument', `${name}=${value}: ожидается ГГГГ-ММ-ДД или ГГГГ-ММ-ДДTчч:мм:ссZ`);
  const [year, month, date, hours = 0, minutes = 0, seconds = 0] = parts as [number, number, number, number?, number?, number?];
  const start = new Date(Date.UTC(year, month - 1, date, hours, minutes, seconds));
  const valid =
    start.getUTCFullYear() === year &&
    start.getUTCMonth() === month - 1 &&
    start.getUTCDate() === date &&
    start.getUTCHours() === hours &&
    start.getUTCMinutes() === minutes &&
    start.getUTCSeconds() === seconds;
  if (!valid) throw new OaiError('badArgument', `${name}=${value}: такой даты нет`);
  const granularity = day ? 'day' : 'second';
  return { start, end: new Date(start.getTime() + (granularity === 'day' ? 86_400_000 : 1000)), granularity };
}

function checkDates(from: string | undefined, until: string | undefined) {
  const parsedFrom = from === undefined ? undefined : parseDatestamp('from', from);
  const parsedUntil = until === undefined ? undefined : parseDatestamp('until', until);
  if (parsedFrom && parsedUntil) {
    if (parsedFrom.granularity !== parsedUntil.granularity) throw new OaiError('badArgument', 'from и until указаны с разной точностью');
    if (parsedFrom.start > parsedUntil.start) throw new OaiError('badArgument', 'from позже until');
  }
}
