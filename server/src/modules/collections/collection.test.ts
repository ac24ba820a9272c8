import { describe, expect, it } from 'vitest';
import { buildCollection, buildMaterial } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { MaterialStatus } from '../materials/material.enums.ts';

const app = useTestApp();

describe('collections', () => {
  it('lists published collections with their visible materials in the curator order', async () => {
    const em = app.em();
    const [a, b, c] = [await buildMaterial(em, { title: 'Первый' }), await buildMaterial(em, { title: 'Второй' }), await buildMaterial(em, { title: 'Третий' })];
    const draft = await buildMaterial(em, { title: 'Черновик', status: MaterialStatus.DRAFT });
    const shown = await buildCollection(em, { title: 'Подборка для учителей', description: 'Лучшее', materials: [c, draft, a, b] });
    const hidden = await buildCollection(em, { title: 'Заготовка методиста', published: false, materials: [a] });

    const res = await app.gql(`{ collections(first: 10) { totalCount nodes { title description materials(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { title } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.collections.totalCount).toBe(1);
    const [collection] = res.data.collections.nodes;
    expect(collection.title).toBe('Подборка для учителей');
    expect(collection.materials.totalCount).toBe(3);
    expect(collection.materials.nodes.map((n: any) => n.title)).toEqual(['Третий', 'Первый']);

    const rest = await app.gql(`query($id: ID!, $after: String) { collection(id: $id) { materials(first: 2, after: $after) { pageInfo { hasNextPage } nodes { title } } } }`, {
      id: shown.globalId,
      after: collection.materials.pageInfo.endCursor,
    });
    expect(rest.data.collection.materials).toEqual({ pageInfo: { hasNextPage: false }, nodes: [{ title: 'Второй' }] });
    const notShown = await app.gql(`query($id: ID!) { collection(id: $id) { title } }`, { id: hidden.globalId });
    expect(notShown.data.collection).toBeNull();
  });
});
