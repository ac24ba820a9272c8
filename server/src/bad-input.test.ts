import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  type GraphQLField,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from './common/global-id.ts';
import { Role } from './modules/accounts/user.entity.ts';
import { buildMaterial, buildPerson } from './test/factories.ts';
import { useTestApp } from './test/harness.ts';
import { signIn } from './test/sign-in.ts';
import { HANG_MS } from './test/waiting.ts';

/**
 * Generated bad arguments against every query and mutation of the schema: control characters,
 * 1 MB strings, huge and fractional numbers, deep nesting, ids of the wrong type, broken cursors.
 * Whatever comes in, the answer is JSON with GraphQL errors that carry a code, never a 500 or a
 * hang, and a mutation that failed left every table as it was.
 */
const app = useTestApp();
const schema = buildSchema(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema.graphql'), 'utf8'));
const MEGABYTE = 'я'.repeat(500_000); // 1 MB of UTF-8, under the 1 MB body limit with the rest of the request
// What a refused request may rightly write: counters (login attempts, per-IP and token budgets), sessions, the security journal.
const COUNTERS = new Set(['rate_counter', 'login_throttle', 'api_token_usage', 'session', 'audit_event', 'mikro_orm_migrations']);

let realIds: string[] = [];
let adminToken: string;

const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    "'; drop table material; --",
    '%_\\',
    '\u0000',
    '\ud800',
    'Ñ‚ÐµÐºÑÑ‚',
    '0',
    '-1',
    '9'.repeat(40),
    'null',
    '{"a":1}',
    '<script>alert(1)</script>',
  ),
  fc.constantFrom(toGlobalId('Person', '00000000-0000-0000-0000-000000000000'), toGlobalId('Nope', 'x'), 'Y3Vyc29y', '!!!', 'eyJvIjpbMV19'),
  fc.constant(MEGABYTE),
);
const nastyId = fc.oneof(
  nastyString,
  fc.constantFrom(...[0, 1, 2, 3].map((i) => () => realIds[i] ?? 'x')).map((get) => get()),
);
const nastyInt = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 101, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308, 0.5),
  fc.constant('12'),
);
const nastyDate = fc.oneof(
  fc.constantFrom('2026-02-30', '0000-00-00', '2026-13-01T00:00:00Z', '9999-12-31T23:59:59Z', '1970-01-01'),
  nastyString,
);

function scalar(name: string): fc.Arbitrary<unknown> {
  switch (name) {
    case 'Int':
    case 'Float':
      return nastyInt;
    case 'Boolean':
      return fc.oneof(fc.boolean(), fc.constant('true'));
    case 'ID':
      return nastyId;
    case 'DateTimeISO':
    case 'LocalDate':
      return nastyDate;
    case 'JSONObject':
      return fc.oneof(fc.object({ maxDepth: 3 }), fc.constant(deep(200)));
    default:
      return nastyString;
  }
}

/** `{ a: { a: … } }` or `[[…]]` nested `depth` times. */
function deep(depth: number, list = false): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = list ? [value] : { a: value };
  return value;
}

function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type))
    return fc.oneof({ weight: 9, arbitrary: valueOf(type.ofType as GraphQLInputType, depth) }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type))
    return fc.oneof(
      fc.array(valueOf(type.ofType as GraphQLInputType, depth + 1), { maxLength: depth > 1 ? 1 : 4 }),
      fc.constant(deep(60, true)),
    );
  if (isEnumType(type)) return fc.oneof(fc.constantFrom(...type.getValues().map((v) => v.name)), nastyString);
  if (isInputObjectType(type)) {
    if (depth > 2) return fc.constant({});
    const fields = Object.values(type.getFields());
    return fc.oneof(
      fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, depth + 1)])), { requiredKeys: [] }),
      fc.constant({ unknownField: 1 }),
      nastyString,
    );
  }
  return scalar(getNamedType(type).name);
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const variables = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${kind} Fuzz${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

/** A fingerprint of every table's rows but the counters: equal before and after means nothing was written. */
async function snapshot(): Promise<string> {
  const connection = app.em().getConnection();
  const tables = (
    await connection.execute<Array<{ name: string }>>(`select tablename as name from pg_tables where schemaname = 'public' order by 1`)
  )
    .map((t) => t.name)
    .filter((t) => !COUNTERS.has(t));
  const rows = await connection.execute<Array<{ state: string }>>(
    tables
      .map((t) => `select '${t}:' || count(*) || ':' || coalesce(sum(hashtext(x::text)), 0) as state from "${t}" x`)
      .join(' union all '),
  );
  return rows.map((r) => r.state).join(' ');
}

/** The tables whose fingerprint differs between two snapshots. */
function changedTables(before: string, after: string): string[] {
  const old = new Set(before.split(' '));
  return after
    .split(' ')
    .filter((state) => !old.has(state))
    .map((state) => state.split(':')[0]!);
}

/** One request; a request the server never answers (a hang) fails at the hang limit, naming the request. */
async function send(query: string, variables: Record<string, unknown>, token?: string) {
  try {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(HANG_MS),
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError')
      throw new Error(`no answer in ${HANG_MS / 1000} s: ${query} ${JSON.stringify(variables).slice(0, 300)}`);
    throw error;
  }
}

function expectGraphQLAnswer(answer: { status: number; text: string }, context: string) {
  expect(answer.status, context).toBeLessThan(500);
  const body = JSON.parse(answer.text) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  expect(body.data !== undefined || body.errors !== undefined, context).toBe(true);
  for (const error of body.errors ?? []) expect(error.extensions?.code, `${context}: ${error.message}`).toEqual(expect.any(String));
  return body;
}

beforeAll(async () => {
  const em = app.em();
  const person = await buildPerson(em);
  const materials = await Promise.all([buildMaterial(em, { authors: [person] }), buildMaterial(em, { authors: [person] })]);
  realIds = [...materials.map((m) => m.globalId), person.globalId];
  adminToken = (await signIn(app, Role.ADMIN)).token;
});

// Hundreds of requests per test, on cores shared with other test files: a timeout well above their
// usual minute, so that only a request that never comes back (see send) fails them.
describe('bad input, generated', { timeout: 10 * 60_000 }, () => {
  const queries = Object.values(schema.getQueryType()!.getFields());
  // Mutations without arguments (logout) have no input to get wrong.
  const mutations = Object.values(schema.getMutationType()!.getFields()).filter((f) => f.args.length > 0);

  it('answers every query with data or coded GraphQL errors, whatever the arguments', async () => {
    for (const field of queries) {
      const query = operationFor('query', field);
      await fc.assert(
        fc.asyncProperty(
          fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueOf(a.type)])), { requiredKeys: [] }),
          fc.boolean(),
          async (variables, signedIn) => {
            expectGraphQLAnswer(
              await send(query, variables, signedIn ? adminToken : undefined),
              `${field.name} ${JSON.stringify(variables).slice(0, 300)}`,
            );
          },
        ),
        { numRuns: 12, seed: 20261122 },
      );
    }
  });

  it('refuses bad mutations with coded errors and leaves every table as it was', async () => {
    for (const field of mutations) {
      const query = operationFor('mutation', field);
      await fc.assert(
        fc.asyncProperty(
          fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueOf(a.type)])), { requiredKeys: [] }),
          fc.boolean(),
          async (variables, signedIn) => {
            // Views counted by the queries before are written a few seconds later: write them now, not inside the comparison.
            await app.files.usage.flush();
            const before = await snapshot();
            const context = `${field.name} ${JSON.stringify(variables).slice(0, 300)}`;
            const body = expectGraphQLAnswer(await send(query, variables, signedIn ? adminToken : undefined), context);
            const succeeded = body.data && (body.data as Record<string, unknown>)[field.name] !== null && !body.errors;
            if (!succeeded) expect(changedTables(before, await snapshot()), `${context}: a refused mutation changed data`).toEqual([]);
          },
        ),
        { numRuns: 12, seed: 20261122 },
      );
    }
  });

  it('answers a malformed or oversized body with a coded JSON error, not an HTML page', async () => {
    for (const [body, status] of [
      ['{"query": "{ __typename }"', 400],
      [JSON.stringify({ query: `{ __typename }`, variables: { a: 'я'.repeat(1_100_000) } }), 413],
    ] as const) {
      const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/json');
      const answer = await response.json();
      expect(answer.errors[0].extensions.code).toEqual(expect.any(String));
    }
  });
});
