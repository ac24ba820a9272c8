import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildMaterial } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role } from '../accounts/user.entity.ts';
import { MaterialStatus } from '../materials/material.enums.ts';

const app = useTestApp();
const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/sync-materials.mjs');
const run = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [script, ...args], { env: { ...process.env, ...env } });
const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; updatedAt: string });

describe('the example client of docs/api.md', () => {
  it('pages through every published material with fetch alone, then only what changed since a moment, also with a token', async () => {
    const em = app.em();
    for (let i = 0; i < 130; i++) await buildMaterial(em, { title: `Синхронизация ${i}` });
    await buildMaterial(em, { title: 'Синхронизация: черновик', status: MaterialStatus.DRAFT });

    const all = lines((await run([app.url])).stdout);
    expect(all).toHaveLength(130);
    expect(new Set(all.map((m) => m.id)).size).toBe(130);

    const last = all.at(-1)!.updatedAt;
    await buildMaterial(em, { title: 'Синхронизация: новый' });
    const changed = lines((await run([app.url, '--since', last])).stdout);
    expect(changed.map((m) => (m as unknown as { title: string }).title)).toContain('Синхронизация: новый');
    expect(changed.length).toBeLessThan(5);

    const methodist = await signIn(app, Role.METHODIST);
    const issued = await app.gql(`mutation { createApiToken(name: "Пример", scope: READ) { token } }`, {}, methodist.token);
    const { stdout, stderr } = await run([app.url], { KB_TOKEN: issued.data.createApiToken.token });
    expect(lines(stdout)).toHaveLength(131);
    expect(stderr).toContain('Получено материалов: 131');
  });
});
