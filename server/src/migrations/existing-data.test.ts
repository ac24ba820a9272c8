import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openOrm } from '../db/orm.ts';
import { migrationsList } from './index.ts';

const databases: string[] = [];
const withDatabase = (url: string, database: string) => Object.assign(new URL(url), { pathname: `/${database}` }).toString();

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(inject('databaseUrl'), 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * An installation that predates `migration`: a database of its own, migrated up to the one before.
 * `sql` writes what such an installation may hold; `apply` then runs `migration` as an upgrade would.
 */
async function installationBefore(migration: string) {
  const index = migrationsList.findIndex((m) => m.name === migration);
  expect(index, migration).toBeGreaterThan(0);
  const database = `kb_test_${crypto.randomBytes(5).toString('hex')}`;
  databases.push(database);
  await admin((client) => client.query(`create database ${database}`));
  const orm = await openOrm({ databaseUrl: withDatabase(inject('databaseUrl'), database), poolMax: 2 });
  await orm.getMigrator().up({ to: migrationsList[index - 1]!.name });
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => orm.em.getConnection().execute<T[]>(query, params);
  return { sql, apply: () => orm.getMigrator().up({ to: migration }), close: () => orm.close() };
}

afterAll(() => admin(async (client) => {
  for (const database of databases) await client.query(`drop database if exists ${database} with (force)`);
}));

const user = (sql: Awaited<ReturnType<typeof installationBefore>>['sql'], role: string) =>
  sql<{ id: string }>(`insert into app_user (id, email, name, role, password_hash) values (gen_random_uuid(), ?, ?, ?, 'x') returning id`, [`${role.toLowerCase()}-${crypto.randomUUID()}@imc.test`, role, role]).then(([row]) => row!.id);

describe('upgrading an existing installation', () => {
  it('brings API tokens issued under the old limits (3650 days, 1 000 000 an hour) within the policy maximums', async () => {
    const installation = await installationBefore('Migration20261123090000');
    const methodist = await user(installation.sql, 'METHODIST');
    const issue = (name: string, days: number, budget: number) =>
      installation.sql(`insert into api_token (id, created_at, name, token_hash, prefix, scope, budget_per_hour, expires_at, created_by_id) values (gen_random_uuid(), now() - interval '10 days', ?, ?, 'kbt_x', 'READ', ?, now() - interval '10 days' + make_interval(days => ?), ?)`, [name, crypto.randomUUID(), budget, days, methodist]);
    await issue('forever', 3650, 1_000_000);
    await issue('modest', 30, 5000);

    await installation.apply();

    const tokens = await installation.sql<{ name: string; days: number; budget_per_hour: number }>(`select name, extract(day from expires_at - created_at)::int as days, budget_per_hour from api_token order by name`);
    expect(tokens).toEqual([
      { name: 'forever', days: 365, budget_per_hour: 50_000 },
      { name: 'modest', days: 30, budget_per_hour: 5000 },
    ]);
    await installation.close();
  });

  it('keeps the latest of the duplicate reviews of an expert for a material, then lets the database refuse another', async () => {
    const installation = await installationBefore('Migration20261123091000');
    const [expert, other] = [await user(installation.sql, 'EXPERT'), await user(installation.sql, 'EXPERT')];
    const [{ id: material }] = await installation.sql<{ id: string }>(`insert into material (id, kind, title, status) values (gen_random_uuid(), 'PUBLICATION', 'Статья', 'IN_REVIEW') returning id`);
    const review = (reviewer: string, daysAgo: number, comment: string) =>
      installation.sql(`insert into review (id, created_at, updated_at, material_id, reviewer_id, scores, decision, comment) values (gen_random_uuid(), now() - make_interval(days => ?), now() - make_interval(days => ?), ?, ?, '{}', 'RECOMMEND', ?)`, [daysAgo, daysAgo, material, reviewer, comment]);
    await review(expert, 3, 'первое');
    await review(expert, 1, 'последнее');
    await review(expert, 2, 'второе');
    await review(other, 5, 'другого эксперта');

    await installation.apply();

    expect(await installation.sql(`select comment from review order by comment`)).toEqual([{ comment: 'другого эксперта' }, { comment: 'последнее' }]);
    await expect(review(expert, 0, 'ещё одно')).rejects.toThrow(/review_material_id_reviewer_id_unique/);
    await installation.close();
  });
});
