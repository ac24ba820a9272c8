import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { useTestApp } from './test/harness.ts';
import { IpCounters, limitedRootFields } from './common/ip-rate-limit.ts';
import { buildKbSchema } from './schema.ts';
import { createLogger } from './common/logger.ts';
import { buildMaterial } from './test/factories.ts';
import { signIn } from './test/sign-in.ts';
import { Role } from './modules/accounts/user.entity.ts';

// A production app: limits, masked schema details, headers, CORS for one listed origin.
const app = useTestApp({ production: true, corsOrigins: ['https://portal.example.ru'] });
const post = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

describe('query limits', () => {
  it('refuses a query nested too deep, one with too many aliases, and a flood of tokens, naming the limit', async () => {
    const deep = `{ materials(first: 1) { nodes { authors { materials(first: 1) { nodes { authors { materials(first: 1) { nodes { authors { materials(first: 1) { nodes { id } } } } } } } } } } } }`;
    const tooDeep = await (await post(deep)).json();
    expect(tooDeep.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(tooDeep.errors[0].message).toContain('допустимо 10');
    const aliases = `{ ${Array.from({ length: 25 }, (_, i) => `a${i}: subjects { id }`).join(' ')} }`;
    expect((await (await post(aliases)).json()).errors[0].message).toContain('псевдонимов');
    const flood = await post(`{ subjects { ${'id '.repeat(6000)} } }`);
    expect(flood.status).toBe(400);
    expect((await flood.json()).errors[0].message).toMatch(/token/i);
  });

  it('refuses a query whose lists could return too many objects, counting `first` from variables too', async () => {
    const nested = `query($n: Int) { materials(first: $n) { nodes { authors { materials(first: $n) { nodes { id title } } } } } }`;
    const ask = (n: number) =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: nested, variables: { n } }),
      });
    const refused = await ask(100);
    expect(refused.status).toBe(400);
    const error = (await refused.json()).errors[0];
    expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxNodes', nodes: 10_100 });
    expect(error.message).toContain('допустимо 5000');
    const modest = await (await ask(10)).json();
    expect(modest.errors).toBeUndefined();
    expect(Array.isArray(modest.data.materials.nodes)).toBe(true);
  });

  it('counts `first` from a variable’s default value: 100 inside 100 by default is refused', async () => {
    const byDefault = `query($n: Int = 100) { materials(first: $n) { nodes { authors { materials(first: $n) { nodes { id title } } } } } }`;
    const refused = await post(byDefault);
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors[0].extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      limit: 'maxNodes',
      nodes: 10_100,
    });
    // An argument's own default counts too: related(first: Int! = 5) under 100 materials under 100 materials.
    const related = `{ materials(first: 100) { nodes { authors { materials(first: 10) { nodes { related { id } } } } } } }`;
    expect((await (await post(related)).json()).errors[0].extensions).toMatchObject({
      limit: 'maxNodes',
      nodes: 100 + 100 * 10 + 100 * 10 * 5,
    });
  });

  it('counts the aliases inside a fragment at every place it is spread', async () => {
    const fragment = `fragment Many on Subject { ${Array.from({ length: 10 }, (_, i) => `a${i}: name`).join(' ')} }`;
    const twice = await post(`{ x: subjects { ...Many } y: subjects { ...Many } } ${fragment}`);
    expect(twice.status).toBe(400);
    const error = (await twice.json()).errors[0];
    expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxAliases' });
    expect(error.message).toContain('псевдонимов');
    const once = await (await post(`{ x: subjects { ...Many } } ${fragment}`)).json();
    expect(once.errors).toBeUndefined();
  });

  it('counts depth through inline and named fragments, which add no level of their own, and refuses a fragment cycle', async () => {
    const level = (next: string) => `materials(first: 1) { nodes { ... on Material { authors { ...${next} } } } }`;
    const chain = (last: string) =>
      `{ ${level('DeeperA')} } fragment DeeperA on Person { ${level('DeeperB')} } fragment DeeperB on Person { ${level('Last')} } fragment Last on Person { ${last} }`;
    // materials › nodes › authors three times, then id: depth 10, the limit.
    const atLimit = await (await post(chain('id'))).json();
    expect(atLimit.errors).toBeUndefined();
    const tooDeep = await post(chain('materials(first: 1) { nodes { id } }'));
    expect(tooDeep.status).toBe(400);
    const error = (await tooDeep.json()).errors[0];
    expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxDepth' });
    expect(error.message).toContain('допустимо 10');
    const cycle = await post(`{ ...A } fragment A on Query { subjects { id } ...B } fragment B on Query { ...A }`);
    expect(cycle.status).toBe(400);
    expect((await cycle.json()).errors.map((e: { message: string }) => e.message).join(' ')).toContain(
      'Cannot spread fragment "A" within itself',
    );
  });

  it('refuses a fragment bomb (each fragment spreading the next twice) with a limit error instead of walking every copy', async () => {
    const levels = 22;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const bomb = `{ ...F0 } ${fragments} fragment F${levels} on Query { subjects { id } }`;
    const refused = await post(bomb);
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxSelections' });
  });

  it('lets the client’s heaviest page through', async () => {
    const page = `query($id: ID!) { material(id: $id) { id __typename kind title summary body publishedAt registrationNumber certificateUrl grades keywords
      authors { id fullName position } organization { id name municipality } subjects { id name } levels { id code name }
      attachments { title position file { id fileName mimeType kind size url previewUrl pageCount durationSeconds extractionStatus extractionError } }
      related(first: 5) { id title kind publishedAt }
      ... on BestPractice { problem goal novelty results reuseConditions expertLevel } ... on Publication { source year pages isbn doi url }
      ... on NormativeDocument { number adoptedAt issuer legalStatus } } }`;
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: page,
        variables: { id: Buffer.from('BestPractice:00000000-0000-4000-8000-000000000000').toString('base64url') },
      }),
    });
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.material).toBeNull();
  });
});

describe('production answers', () => {
  it('keeps introspection and field suggestions from anonymous callers, and gives introspection to API tokens', async () => {
    const anonymous = await (await post('{ __schema { queryType { name } } }')).json();
    expect(anonymous.errors[0].message).toContain('только с токеном API');
    const typo = await (await post('{ subjectz { id } }')).json();
    expect(typo.errors[0].message).not.toContain('Did you mean');
    const methodist = await signIn(app, Role.METHODIST);
    const token = (await app.gql(`mutation { createApiToken(name: "Генератор клиента", scope: READ) { token } }`, {}, methodist.token)).data
      .createApiToken.token;
    const withToken = await (await post('{ __schema { queryType { name } } }', { authorization: `Bearer ${token}` })).json();
    expect(withToken.data.__schema.queryType.name).toBe('Query');
  });

  it('refuses introspection planted in the persisted-query cache by a token holder to an anonymous caller asking by hash', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const token = (await app.gql(`mutation { createApiToken(name: "Кэш запросов", scope: READ) { token } }`, {}, methodist.token)).data
      .createApiToken.token;
    const query = '{ __schema { types { name } } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    const send = (body: object, headers: Record<string, string> = {}) =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const planted = await (await send({ query, extensions }, { authorization: `Bearer ${token}` })).json();
    expect(planted.data.__schema.types.length).toBeGreaterThan(10);
    const byHash = await send({ extensions });
    expect(byHash.status).toBe(403);
    const body = await byHash.json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(body.errors[0].message).toContain('только с токеном API');
    // The parsed query is what is checked, fragments included.
    expect((await send({ query: '{ ...Schema } fragment Schema on Query { __type(name: "Query") { name } }' })).status).toBe(403);
  });

  it('sends security headers and a request id, and CORS only to the listed origin', async () => {
    const page = await fetch(`${app.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const answer = await post('{ subjects { id } }', { origin: 'https://portal.example.ru' });
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://portal.example.ru');
    const stranger = await post('{ subjects { id } }', { origin: 'https://evil.example' });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${app.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://portal.example.ru', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
  });
});

describe('per-IP limits without a token', () => {
  const limited = useTestApp({ ipLimits: { any: 1000, search: 3, login: 2, mail: 2 }, trustProxy: 'loopback' });
  // Counts are per clock minute: the clock stands at the start of one, so that no test straddles two.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 1000);
  });
  afterEach(() => vi.useRealTimers());

  it('answers 429 RATE_LIMITED with Retry-After past the search and login limits, and leaves other queries alone', async () => {
    const ask = (query: string) =>
      fetch(`${limited.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    for (let i = 0; i < 3; i++) expect((await ask('{ search(query: "дроби") { totalCount } }')).status).toBe(200);
    const over = await ask('{ search(query: "дроби") { totalCount } }');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await over.json();
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0].message).toContain('поиска');
    expect((await ask('{ subjects { id } }')).status).toBe(200);

    // Behind a trusted proxy, each client is its own address.
    const viaProxy = (ip: string) =>
      fetch(`${limited.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ query: '{ search(query: "дроби") { totalCount } }' }),
      });
    for (let i = 0; i < 3; i++) expect((await viaProxy('203.0.113.7')).status).toBe(200);
    expect((await viaProxy('203.0.113.7')).status).toBe(429);
    expect((await viaProxy('203.0.113.8')).status).toBe(200);

    const login = 'mutation { login(email: "нет@imc.test", password: "неверный-пароль") { token } }';
    await ask(login);
    await ask(login);
    expect((await ask(login)).status).toBe(429);
  });

  it('counts sign-ins inside inline and named fragments, each aliased search, and every searching root field', async () => {
    const from = (ip: string) => (query: string) =>
      fetch(`${limited.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ query }),
      });

    const guesser = from('203.0.113.20');
    expect((await guesser('mutation { ... on Mutation { login(email: "нет@imc.test", password: "раз") { token } } }')).status).toBe(200);
    expect(
      (await guesser('mutation { ...Guess } fragment Guess on Mutation { login(email: "нет@imc.test", password: "два") { token } }'))
        .status,
    ).toBe(200);
    const third = await guesser(
      'mutation { ... on Mutation { ...Guess } } fragment Guess on Mutation { login(email: "нет@imc.test", password: "три") { token } }',
    );
    expect(third.status).toBe(429);
    expect((await third.json()).errors[0].message).toContain('на вход');

    // Two aliased logins in one request are two attempts.
    const pair = from('203.0.113.21');
    expect(
      (
        await pair(
          'mutation { a: login(email: "нет@imc.test", password: "раз") { token } b: login(email: "нет@imc.test", password: "два") { token } }',
        )
      ).status,
    ).toBe(200);
    expect((await pair('mutation { login(email: "нет@imc.test", password: "три") { token } }')).status).toBe(429);

    // changePassword checks a password too.
    const changer = from('203.0.113.22');
    for (let i = 0; i < 2; i++)
      expect((await changer('mutation { changePassword(oldPassword: "старый", newPassword: "новый-пароль-1") }')).status).toBe(200);
    expect((await changer('mutation { changePassword(oldPassword: "старый", newPassword: "новый-пароль-1") }')).status).toBe(429);

    // Two aliased searches count two of the three allowed.
    const searcher = from('203.0.113.23');
    expect((await searcher('{ a: search(query: "дроби") { totalCount } b: search(query: "доли") { totalCount } }')).status).toBe(200);
    expect(
      (await searcher('{ ... on Query { c: search(query: "проценты") { totalCount } d: suggest(query: "проц") { materials { id } } } }'))
        .status,
    ).toBe(429);

    // searchAll is a search like the others.
    const everything = from('203.0.113.24');
    for (let i = 0; i < 3; i++)
      expect((await everything('{ searchAll(query: "дроби") { materialCount people { id } } }')).status).toBe(200);
    expect((await everything('{ searchAll(query: "дроби") { materialCount people { id } } }')).status).toBe(429);
  });

  it('counts the letters a caller asks to be mailed (password links, digests to confirm) against their own limit', async () => {
    const from = (ip: string) => (query: string) =>
      fetch(`${limited.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ query }),
      });
    const sender = from('203.0.113.30');
    expect((await sender('mutation { subscribeToDigest(email: "a@school.test", feed: "q=дроби") }')).status).toBe(200);
    expect((await sender('mutation { requestPasswordReset(email: "b@school.test") }')).status).toBe(200);
    const over = await sender('mutation { subscribeToDigest(email: "c@school.test", feed: "q=дроби") }');
    expect(over.status).toBe(429);
    expect((await over.json()).errors[0].message).toContain('Слишком много запросов писем');
    expect((await sender('{ subjects { id } }')).status).toBe(200);
  });

  it('derives the searching and signing-in root fields from the schema, so that a new one is counted without being listed', async () => {
    const fields = limitedRootFields(await buildKbSchema());
    const of = (bucket: string) =>
      [...fields]
        .filter(([, b]) => b === bucket)
        .map(([name]) => name)
        .sort();
    expect(of('search')).toEqual(['auditEvents', 'mediaLibrary', 'organizations', 'people', 'search', 'searchAll', 'suggest', 'users']);
    expect(of('login')).toEqual(['changePassword', 'login', 'resetPassword']);
    expect(of('mail')).toEqual(['requestPasswordReset', 'subscribeToDigest']);
  });

  it('shares the counts between servers through the database within a second', async () => {
    const first = new IpCounters(limited.orm);
    const second = new IpCounters(limited.orm);
    for (let i = 0; i < 5; i++) first.hit('any:198.51.100.1');
    expect(second.hit('any:198.51.100.1')).toBe(1);
    await first.sync();
    await second.sync();
    expect(second.hit('any:198.51.100.1')).toBe(7);
    expect(await second.hitNow('login:198.51.100.1')).toBe(1);
    expect(await first.hitNow('login:198.51.100.1')).toBe(2);
  });
});

describe('metrics', () => {
  it('exposes request counts and latency by operation, errors by code, queue backlogs and health in Prometheus format', async () => {
    const ask = (query: string, operationName?: string) =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, operationName }),
      });
    await ask('query MetricsProbe { subjects { id } }');
    await ask('query MetricsProbe { subjects { id } }');
    await ask('query MetricsBroken { noSuchField }');
    const response = await fetch(`${app.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('kb_graphql_requests_total{operation="MetricsProbe"} 2');
    expect(text).toMatch(/kb_graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} [1-9]/);
    expect(text).toContain('kb_graphql_duration_seconds_bucket{operation="MetricsProbe",le="+Inf"} 2');
    expect(text).toMatch(/\nkb_database_up 1\n/);
    expect(text).toMatch(/\nkb_search_up 1\n/);
    expect(text).toMatch(/\nkb_search_outbox_pending \d+\n/);
    expect(text).toMatch(/\nkb_files_processing_pending \d+\n/);
  });
});

describe('execution deadline', () => {
  const hurried = useTestApp({ executionTimeoutMs: 0 });

  it('stops an operation past its deadline with TIMEOUT instead of running on', async () => {
    await buildMaterial(hurried.em(), { title: 'Материал для дедлайна' });
    const response = await fetch(`${hurried.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ materials(first: 100) { nodes { title authors { fullName } } } }' }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe('TIMEOUT');
    expect(body.errors[0].message).toContain('дольше');
  });
});

describe('structured logs', () => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logged = useTestApp({ logger: createLogger('debug', sink) });

  it('writes one JSON line per operation with request id, name, duration and SQL statement count', async () => {
    await buildMaterial(logged.em(), { title: 'Материал для журнала' });
    const response = await fetch(`${logged.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query MaterialsForLog { materials(first: 5) { nodes { title authors { fullName } } } }' }),
    });
    const requestId = response.headers.get('x-request-id');
    expect(response.status).toBe(200);
    await expect.poll(() => lines.find((l) => l.requestId === requestId)).toBeDefined();
    const line = lines.find((l) => l.requestId === requestId)!;
    expect(line).toMatchObject({ level: 'debug', message: 'graphql', operationName: 'MaterialsForLog', status: 200 });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.sqlCount).toBeGreaterThanOrEqual(2);
    expect(new Date(line.time as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
