import { describe, expect, it } from 'vitest';
import { buildMaterial, buildPerson } from '../test/factories.ts';
import { useTestApp } from '../test/harness.ts';

/**
 * A cursor is opaque to clients but arrives from them: a forged one must be refused as bad input
 * naming `after`, field by field, before any of it reaches SQL (which answered 500 with the statement).
 */
const app = useTestApp();
const UUID = '0000000a-0000-4000-8000-00000000000b';
const cursor = (data: unknown) => Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)).toString('base64url');

async function refusal(query: string, after: string) {
  const res = await app.gql(query, { after });
  return { code: res.errors?.[0]?.extensions?.code, message: res.errors?.[0]?.message ?? '', data: res.data };
}

describe('cursors', () => {
  it('refuses forged cursors with out-of-range dates, bad numbers, NUL characters and bad ids as BAD_USER_INPUT naming after', async () => {
    const em = app.em();
    await buildMaterial(em, { title: 'Материал для курсоров' });
    await buildPerson(em, { fullName: 'Курсорова Анна Петровна' });
    const byDate = `query($after: String) { materials(first: 2, after: $after, orderBy: { field: PUBLISHED_AT, direction: DESC }) { totalCount } }`;
    const byViews = `query($after: String) { materials(first: 2, after: $after, orderBy: { field: VIEW_COUNT, direction: DESC }) { totalCount } }`;
    const byName = `query($after: String) { people(first: 2, after: $after) { totalCount } }`;
    const date = (v: unknown) => cursor({ f: 'publishedAt', d: 'DESC', v, id: UUID });
    const views = (v: unknown) => cursor({ f: 'viewCount', d: 'DESC', v, id: UUID });
    const name = (v: unknown) => cursor({ f: 'fullName', d: 'ASC', v, id: UUID });
    const cases: Array<[string, string]> = [
      ...[
        '-271821-04-20T00:00:00.000Z',
        '+275760-09-13T00:00:00.000Z',
        '0000-01-01T00:00:00.000Z',
        '2026-02-30T00:00:00.000Z',
        '1',
        'x 1',
        '',
      ].map((v): [string, string] => [byDate, date(v)]),
      ...[1e10, -1, 1.5, 2 ** 53].map((v): [string, string] => [byViews, views(v)]),
      [byViews, cursor(`{"f":"viewCount","d":"DESC","v":1e400,"id":"${UUID}"}`)],
      ...['\u0000', 'Иванов\u0000'].map((v): [string, string] => [byName, name(v)]),
      [byName, cursor({ f: 'fullName', d: 'ASC', v: 'Иванов', id: 'x' })],
      [byName, cursor({ f: 'fullName', d: 'ASC', v: 'Иванов', id: UUID.toUpperCase() })],
      [byName, cursor('null')],
      [byName, cursor('[]')],
    ];
    for (const [query, after] of cases) {
      const answer = await refusal(query, after);
      expect(answer.code, Buffer.from(after, 'base64url').toString()).toBe('BAD_USER_INPUT');
      expect(answer.message).toContain('after');
    }
  });

  it('still pages with the cursors it hands out, by date, count and name', async () => {
    const em = app.em();
    for (let i = 0; i < 3; i++) await buildMaterial(em, { title: `Страница ${i}` });
    for (const order of ['PUBLISHED_AT', 'VIEW_COUNT', 'TITLE']) {
      const query = `query($after: String) { materials(first: 2, after: $after, orderBy: { field: ${order} }) { edges { node { id } } pageInfo { endCursor hasNextPage } } }`;
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const res = await app.gql(query, { after });
        expect(res.errors, order).toBeUndefined();
        seen.push(...res.data.materials.edges.map((e: { node: { id: string } }) => e.node.id));
        after = res.data.materials.pageInfo.hasNextPage ? res.data.materials.pageInfo.endCursor : undefined;
      } while (after);
      expect(new Set(seen).size, order).toBe(seen.length);
      expect(seen.length, order).toBeGreaterThanOrEqual(4);
    }
  });
});
