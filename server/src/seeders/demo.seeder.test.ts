import { describe, expect, it } from 'vitest';
import { useTestApp } from '../test/harness.ts';
import { seedDemo } from './demo.seeder.ts';

const app = useTestApp();

describe('demo corpus', () => {
  it('fills every collection it makes with published materials, and keeps keywords as written', async () => {
    await seedDemo(app.em());
    const collections = await app
      .em()
      .getConnection()
      .execute<Array<{ title: string; items: number }>>(
        `select c.title, count(i.material_id)::int as items from collection c left join collection_item i on i.collection_id = c.id group by c.title order by c.title`,
      );
    expect(collections.length).toBeGreaterThan(0);
    for (const { title, items } of collections) expect(items, title).toBeGreaterThan(0);
    const keywords = await app.em().getConnection().execute<Array<{ name: string }>>(`select name from keyword where key = 'фгос'`);
    expect(keywords.map((k) => k.name)).toEqual(['ФГОС']);
  });
});
