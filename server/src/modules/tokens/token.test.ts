import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getOperationAST, parse } from 'graphql';
import { buildKbSchema } from '../../schema.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn, TEST_PASSWORD } from '../../test/sign-in.ts';
import { TOKEN_LIMITS } from '../accounts/policy.ts';
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

/** The real command line, as `npm run kb -- …` runs it, pointed at services that do not exist: it must refuse before it needs them. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: path.join(os.tmpdir(), 'kb-token-cli-unused'),
      DATABASE_URL: 'postgres://127.0.0.1:1/none',
      MEILI_URL: 'http://127.0.0.1:1',
      MEILI_MASTER_KEY: '',
      NODE_ENV: '',
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
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
  fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });

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
    const mutation = await (
      await call(read.token, 'mutation { createMaterial(input: { kind: PUBLICATION, title: "Через токен" }) { id } }')
    ).json();
    expect(mutation.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(mutation.errors[0].message).toContain('только для чтения');

    const write = await issue('READ_WRITE');
    const created = await (
      await call(write.token, 'mutation { createMaterial(input: { kind: PUBLICATION, title: "Статья через токен" }) { id status } }')
    ).json();
    expect(created.errors).toBeUndefined();
    expect(created.data.createMaterial.status).toBe('DRAFT');

    const revoked = await app.gql(
      `mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`,
      { id: write.apiToken.id },
      write.methodist.token,
    );
    expect(revoked.data.revokeApiToken.revokedAt).toBeTruthy();
    const after = await call(write.token, '{ subjects { id } }');
    expect(after.status).toBe(401);
    expect((await after.json()).errors[0].message).toBe('Токен не принят: он отозван');
  });

  it('refuses an API token creating, listing or revoking tokens: only a methodist or an administrator signed in manages them', async () => {
    const write = await issue('READ_WRITE');
    const other = await issue('READ');
    const before = await app.em().count(ApiToken, {});

    const minted = await (
      await call(
        write.token,
        'mutation { createApiToken(name: "Вечный", scope: READ_WRITE, days: 3650, budgetPerHour: 1000000) { token } }',
      )
    ).json();
    expect(minted.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(minted.errors[0].message).toBe('Через токен доступа нельзя выпускать токены доступа для внешних систем: войдите в систему');
    const modest = await (
      await call(write.token, 'mutation { createApiToken(name: "Скромный", scope: READ, days: 1, budgetPerHour: 1) { token } }')
    ).json();
    expect(modest.errors[0].extensions.code).toBe('FORBIDDEN');
    const revoked = await (
      await call(write.token, 'mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: other.apiToken.id })
    ).json();
    expect(revoked.errors[0].extensions.code).toBe('FORBIDDEN');
    const listed = await (await call(write.token, '{ apiTokens { id } }')).json();
    expect(listed.errors[0].extensions.code).toBe('FORBIDDEN');

    expect(await app.em().count(ApiToken, {})).toBe(before);
    expect((await app.em().findOneOrFail(ApiToken, { prefix: other.apiToken.prefix })).revokedAt).toBeNull();
    expect((await call(other.token, '{ subjects { id } }')).status).toBe(200);
  });

  it("keeps accounts to people signed in: an administrator's token can neither list nor change users, nor change the password", async () => {
    const admin = await signIn(app, Role.ADMIN);
    const issued = await app.gql(`mutation { createApiToken(name: "Отчётная система", scope: READ_WRITE) { token } }`, {}, admin.token);
    const token = issued.data.createApiToken.token as string;
    const reader = await signIn(app, Role.READER);
    const promoted = await (
      await call(token, 'mutation($id: ID!) { updateUser(id: $id, role: ADMIN) { role } }', { id: reader.id })
    ).json();
    expect(promoted.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await (await call(token, '{ users { totalCount } }')).json()).errors[0].extensions.code).toBe('FORBIDDEN');
    const changed = await (
      await call(token, `mutation { changePassword(oldPassword: "${TEST_PASSWORD}", newPassword: "чужой-пароль-789") }`)
    ).json();
    expect(changed.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await app.gql('{ viewer { role } }', {}, reader.token)).data.viewer).toEqual({ role: 'READER' });
    expect(
      (
        await app.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
          e: admin.email,
          p: TEST_PASSWORD,
        })
      ).errors,
    ).toBeUndefined();
  });

  it('refuses a token that would outlive or outspend the policy maximums, naming the field, and issues one at the maximums', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const create = (days: number, budgetPerHour: number) =>
      app.gql(
        `mutation($days: Int, $budget: Int) { createApiToken(name: "Портал", scope: READ, days: $days, budgetPerHour: $budget) { apiToken { expiresAt budgetPerHour } } }`,
        { days, budget: budgetPerHour },
        methodist.token,
      );
    const before = await app.em().count(ApiToken, {});

    const forever = await create(3650, 5000);
    expect(forever.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'days' });
    expect(forever.errors?.[0]?.message).toBe(`Аргумент days: срок действия — от 1 до ${TOKEN_LIMITS.days.max} дней`);
    const rich = await create(30, 1_000_000);
    expect(rich.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'budgetPerHour' });
    expect(rich.errors?.[0]?.message).toBe(
      `Аргумент budgetPerHour: бюджет — от 1 до ${TOKEN_LIMITS.budgetPerHour.max.toLocaleString('ru-RU')} в час`,
    );
    expect((await create(TOKEN_LIMITS.days.max + 1, 5000)).errors?.[0]?.extensions?.argument).toBe('days');
    expect((await create(30, TOKEN_LIMITS.budgetPerHour.max + 1)).errors?.[0]?.extensions?.argument).toBe('budgetPerHour');
    expect(await app.em().count(ApiToken, {})).toBe(before);

    const widest = await create(TOKEN_LIMITS.days.max, TOKEN_LIMITS.budgetPerHour.max);
    expect(widest.errors).toBeUndefined();
    expect(widest.data.createApiToken.apiToken.budgetPerHour).toBe(TOKEN_LIMITS.budgetPerHour.max);
    expect(new Date(widest.data.createApiToken.apiToken.expiresAt).getTime()).toBeLessThanOrEqual(
      Date.now() + TOKEN_LIMITS.days.max * 86_400_000,
    );
  });

  it('token:create on the command line refuses a term or budget over the policy maximums in Russian, naming the option', async () => {
    const [tooLong, tooRich] = await Promise.all([
      cli(['token:create', '--user', 'metodist@imc.test', '--name', 'Портал', '--days', '3650']),
      cli(['token:create', '--user', 'metodist@imc.test', '--name', 'Портал', '--budget', '1000000']),
    ]);
    expect(tooLong).toEqual({ code: 1, stderr: `Ошибка: --days: срок действия — от 1 до ${TOKEN_LIMITS.days.max} дней\n` });
    expect(tooRich).toEqual({
      code: 1,
      stderr: `Ошибка: --budget: бюджет — от 1 до ${TOKEN_LIMITS.budgetPerHour.max.toLocaleString('ru-RU')} в час\n`,
    });
  });

  it('charges `first` as execution reads it: from a variable’s default value and from an argument’s default', async () => {
    const { token } = await issue('READ');
    const byDefault = await call(
      token,
      'query($n: Int = 100) { materials(first: $n) { nodes { authors { materials(first: $n) { totalCount } } } } }',
    );
    expect(byDefault.status).toBe(200);
    // 1 + 100 requests, as with first: 100 written out.
    expect(byDefault.headers.get('x-ratelimit-cost')).toBe('2');
    const cost = await costOf();
    // A variable given overrides its default; related(first: Int! = 5) pages by 5 when not told.
    expect(
      cost('query($n: Int = 100) { materials(first: $n) { nodes { authors { materials(first: $n) { totalCount } } } } }', { n: 10 }),
    ).toBe(1);
    expect(cost('{ materials(first: 100) { nodes { related { authors { materials(first: 100) { totalCount } } } } } }')).toBe(
      Math.ceil((1 + 100 * 5) / 100),
    );
  });

  it('prices a query like GitHub: connections by first, nested ones multiplied', async () => {
    const cost = await costOf();
    expect(cost('{ subjects { id } }')).toBe(1);
    expect(cost('query($n: Int) { materials(first: $n) { nodes { authors { materials(first: 100) { totalCount } } } } }', { n: 100 })).toBe(
      2,
    );
    expect(cost('{ people(first: 100) { nodes { materials(first: 100) { nodes { files { id } } } } } }')).toBe(2);
    expect(
      cost(
        '{ a: materials(first: 50) { nodes { authors { materials(first: 50) { nodes { authors { materials(first: 50) { totalCount } } } } } } } }',
      ),
    ).toBe(26); // 1 + 50 + 2500 requests
  });
});
