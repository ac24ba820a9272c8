import { describe, expect, it } from 'vitest';
import { getOperationAST, parse } from 'graphql';
import { buildKbSchema } from '../../schema.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role } from '../accounts/user.entity.ts';
import { ApiToken } from './api-token.entity.ts';
import { queryCost, queryWeight } from '../../common/query-cost.ts';

const app = useTestApp();

async function issue(scope: 'READ' | 'READ_WRITE', budgetPerHour = 5000) {
  const methodist = await signIn(app, Role.METHODIST);
  const res = await app.gql(
    `mutation($scope: TokenScope!, $budget: Int) { createApiToken(name: "Региональный портал", scope: $scope, budgetPerHour: $budget, days: 30) { token apiToken { id prefix scope } } }`,
    { scope, budget: budgetPerHour },
    methodist.token,
  );
  expect(res.errors).toBeUndefined();
  return { ...(res.data.createApiToken as { token: string; apiToken: { id: string; prefix: string } }), methodist };
}

/** What the budget charges for a query, as the server counts it. */
async function costOf() {
  const schema = await buildKbSchema();
  return (query: string, variables = {}) => {
    const document = parse(query);
    return queryCost(queryWeight(schema, document, getOperationAST(document)!, variables));
  };
}

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });

describe('API tokens', () => {
  it('is issued by a methodist, shown once and stored only as a hash; readers may not issue one', async () => {
    const { token, apiToken } = await issue('READ');
    expect(token).toMatch(/^kbt_[A-Za-z0-9_-]{32}$/);
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    const stored = await app.em().findOneOrFail(ApiToken, { prefix: apiToken.prefix });
    expect(stored.tokenHash).not.toContain(token.slice(4));
    const reader = await signIn(app, Role.READER);
    const refused = await app.gql(`mutation { createApiToken(name: "Чужой", scope: READ) { token } }`, {}, reader.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reports its budget in headers and in rateLimit, records last use, and refuses over budget with RATE_LIMITED and 429', async () => {
    const { token, apiToken } = await issue('READ', 3);
    const first = await call(token, '{ rateLimit { limit cost remaining resetAt } subjects { id } }');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect((await first.json()).data.rateLimit).toMatchObject({ limit: 3, cost: 1, remaining: 2 });
    expect((await app.em().findOneOrFail(ApiToken, { prefix: apiToken.prefix })).lastUsedAt).toBeInstanceOf(Date);

    // 100 materials with 100 authors' materials each: 1 + 100 requests → cost 2, which the 2 left allow…
    const heavy = '{ materials(first: 100) { nodes { authors { materials(first: 100) { totalCount } } } } }';
    expect((await call(token, heavy)).status).toBe(200);
    const over = await call(token, '{ subjects { id } }');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = await over.json();
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0].message).toContain('Бюджет токена исчерпан');
  });

  it('keeps a read-only token from mutations, acts as its creator with READ_WRITE, and stops working once revoked', async () => {
    const read = await issue('READ');
    const mutation = await (await call(read.token, 'mutation { createMaterial(input: { kind: PUBLICATION, title: "Через токен" }) { id } }')).json();
    expect(mutation.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(mutation.errors[0].message).toContain('только для чтения');

    const write = await issue('READ_WRITE');
    const created = await (await call(write.token, 'mutation { createMaterial(input: { kind: PUBLICATION, title: "Статья через токен" }) { id status } }')).json();
    expect(created.errors).toBeUndefined();
    expect(created.data.createMaterial.status).toBe('DRAFT');

    const revoked = await app.gql(`mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id: write.apiToken.id }, write.methodist.token);
    expect(revoked.data.revokeApiToken.revokedAt).toBeTruthy();
    const after = await call(write.token, '{ subjects { id } }');
    expect(after.status).toBe(401);
    expect((await after.json()).errors[0].message).toBe('Токен не принят: он отозван');
  });

  it('charges `first` as execution reads it: from a variable’s default value and from an argument’s default', async () => {
    const { token } = await issue('READ');
    const byDefault = await call(token, 'query($n: Int = 100) { materials(first: $n) { nodes { authors { materials(first: $n) { totalCount } } } } }');
    expect(byDefault.status).toBe(200);
    // 1 + 100 requests, as with first: 100 written out.
    expect(byDefault.headers.get('x-ratelimit-cost')).toBe('2');
    const cost = await costOf();
    // A variable given overrides its default; related(first: Int! = 5) pages by 5 when not told.
    expect(cost('query($n: Int = 100) { materials(first: $n) { nodes { authors { materials(first: $n) { totalCount } } } } }', { n: 10 })).toBe(1);
    expect(cost('{ materials(first: 100) { nodes { related { authors { materials(first: 100) { totalCount } } } } } }')).toBe(Math.ceil((1 + 100 * 5) / 100));
  });

  it('prices a query like GitHub: connections by first, nested ones multiplied', async () => {
    const cost = await costOf();
    expect(cost('{ subjects { id } }')).toBe(1);
    expect(cost('query($n: Int) { materials(first: $n) { nodes { authors { materials(first: 100) { totalCount } } } } }', { n: 100 })).toBe(2);
    expect(cost('{ people(first: 100) { nodes { materials(first: 100) { nodes { files { id } } } } } }')).toBe(2);
    expect(cost('{ a: materials(first: 50) { nodes { authors { materials(first: 50) { nodes { authors { materials(first: 50) { totalCount } } } } } } } }')).toBe(26); // 1 + 50 + 2500 requests
  });
});
