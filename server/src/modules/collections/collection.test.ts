import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCollection, buildMaterial } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { MaterialStatus } from '../materials/material.enums.ts';
import { Material } from '../materials/material.entity.ts';
import { Role } from '../accounts/user.entity.ts';
import { signIn } from '../../test/sign-in.ts';
import { Collection, CollectionItem } from './collection.entity.ts';

const app = useTestApp();

describe('collections', () => {
  it('lists published collections with their visible materials in the curator order', async () => {
    const em = app.em();
    const [a, b, c] = [
      await buildMaterial(em, { title: 'Первый' }),
      await buildMaterial(em, { title: 'Второй' }),
      await buildMaterial(em, { title: 'Третий' }),
    ];
    const draft = await buildMaterial(em, { title: 'Черновик', status: MaterialStatus.DRAFT });
    const shown = await buildCollection(em, { title: 'Подборка для учителей', description: 'Лучшее', materials: [c, draft, a, b] });
    const hidden = await buildCollection(em, { title: 'Заготовка методиста', published: false, materials: [a] });

    const res = await app.gql(
      `{ collections(first: 10) { totalCount nodes { title description materials(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { title } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.collections.totalCount).toBe(1);
    const [collection] = res.data.collections.nodes;
    expect(collection.title).toBe('Подборка для учителей');
    expect(collection.materials.totalCount).toBe(3);
    expect(collection.materials.nodes.map((n: any) => n.title)).toEqual(['Третий', 'Первый']);

    const rest = await app.gql(
      `query($id: ID!, $after: String) { collection(id: $id) { materials(first: 2, after: $after) { pageInfo { hasNextPage } nodes { title } } } }`,
      {
        id: shown.globalId,
        after: collection.materials.pageInfo.endCursor,
      },
    );
    expect(rest.data.collection.materials).toEqual({ pageInfo: { hasNextPage: false }, nodes: [{ title: 'Второй' }] });
    const notShown = await app.gql(`query($id: ID!) { collection(id: $id) { title } }`, { id: hidden.globalId });
    expect(notShown.data.collection).toBeNull();
  });
});

describe('a methodist keeps collections', () => {
  const FIELDS = `id title description published materials(first: 10) { nodes { title } }`;
  const run = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await app.gql(query, variables, token);
    expect(res.errors, query).toBeUndefined();
    return res.data;
  };

  it('creates, fills, orders, publishes, renames, unpublishes and deletes a collection; the materials stay', async () => {
    const { token } = await signIn(app, Role.METHODIST);
    const em = app.em();
    const [a, b, c] = [
      await buildMaterial(em, { title: 'Подборка: А' }),
      await buildMaterial(em, { title: 'Подборка: Б' }),
      await buildMaterial(em, { title: 'Подборка: В' }),
    ];
    const draft = await buildMaterial(em, { title: 'Подборка: черновик', status: MaterialStatus.DRAFT });

    const created = (
      await run(
        `mutation($input: CollectionInput!) { createCollection(input: $input) { ${FIELDS} } }`,
        { input: { title: '  Функциональная грамотность  ', description: 'Для учителей 5–9 классов' } },
        token,
      )
    ).createCollection;
    expect(created).toMatchObject({
      title: 'Функциональная грамотность',
      description: 'Для учителей 5–9 классов',
      published: false,
      materials: { nodes: [] },
    });
    const empty = await app.gql(
      `mutation($id: ID!) { updateCollection(id: $id, input: { published: true }) { published } }`,
      { id: created.id },
      token,
    );
    expect(empty.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'input.published' } });

    for (const material of [a, b, draft, c])
      await run(
        `mutation($c: ID!, $m: ID!) { addCollectionMaterial(collectionId: $c, materialId: $m) { id } }`,
        { c: created.id, m: material.globalId },
        token,
      );
    const twice = await app.gql(
      `mutation($c: ID!, $m: ID!) { addCollectionMaterial(collectionId: $c, materialId: $m) { id } }`,
      { c: created.id, m: a.globalId },
      token,
    );
    expect(twice.errors![0]!.message).toBe('Аргумент materialId: «Подборка: А» уже в подборке');

    const order = [c, draft, a, b].map((m) => m.globalId);
    const reordered = (
      await run(
        `mutation($c: ID!, $ids: [ID!]!) { reorderCollectionMaterials(collectionId: $c, materialIds: $ids) { ${FIELDS} } }`,
        { c: created.id, ids: order },
        token,
      )
    ).reorderCollectionMaterials;
    expect(reordered.materials.nodes.map((n: { title: string }) => n.title)).toEqual([
      'Подборка: В',
      'Подборка: черновик',
      'Подборка: А',
      'Подборка: Б',
    ]);
    const partial = await app.gql(
      `mutation($c: ID!, $ids: [ID!]!) { reorderCollectionMaterials(collectionId: $c, materialIds: $ids) { id } }`,
      { c: created.id, ids: order.slice(1) },
      token,
    );
    expect(partial.errors![0]!.message).toBe('Аргумент materialIds: перечислите все материалы подборки (4), каждый один раз');

    await run(
      `mutation($c: ID!, $m: ID!) { removeCollectionMaterial(collectionId: $c, materialId: $m) { id } }`,
      { c: created.id, m: draft.globalId },
      token,
    );
    const published = (
      await run(
        `mutation($id: ID!) { updateCollection(id: $id, input: { title: "Функциональная грамотность: 5–9 классы", published: true }) { ${FIELDS} } }`,
        { id: created.id },
        token,
      )
    ).updateCollection;
    expect(published).toMatchObject({ title: 'Функциональная грамотность: 5–9 классы', published: true });
    // A reader sees it, in the curator's order.
    const reader = await app.gql(`query($id: ID!) { collection(id: $id) { title materials(first: 10) { nodes { title } } } }`, {
      id: created.id,
    });
    expect(reader.data.collection.materials.nodes.map((n: { title: string }) => n.title)).toEqual([
      'Подборка: В',
      'Подборка: А',
      'Подборка: Б',
    ]);

    await run(`mutation($id: ID!) { updateCollection(id: $id, input: { published: false }) { published } }`, { id: created.id }, token);
    expect((await app.gql(`query($id: ID!) { collection(id: $id) { title } }`, { id: created.id })).data.collection).toBeNull();
    expect((await run(`mutation($id: ID!) { deleteCollection(id: $id) }`, { id: created.id }, token)).deleteCollection).toBe(true);
    expect((await app.gql(`query($id: ID!) { collection(id: $id) { title } }`, { id: created.id }, token)).data.collection).toBeNull();
    expect(await app.em().count(Material, { id: { $in: [a.id, b.id, c.id, draft.id] } })).toBe(4);
  });

  it('refuses every collection mutation to readers, authors, experts and strangers, changing nothing', async () => {
    const em = app.em();
    const material = await buildMaterial(em, { title: 'Подборка: чужая' });
    const other = await buildMaterial(em, { title: 'Подборка: посторонняя' });
    const collection = em.create(Collection, { title: 'Подборка методиста', published: true });
    em.create(CollectionItem, { collection, material, position: 0 });
    await em.flush();
    const attempts: Array<[string, Record<string, unknown>]> = [
      [`mutation { createCollection(input: { title: "Самовольная подборка" }) { id } }`, {}],
      [`mutation($id: ID!) { updateCollection(id: $id, input: { title: "Переименована" }) { id } }`, { id: collection.globalId }],
      [`mutation($id: ID!) { deleteCollection(id: $id) }`, { id: collection.globalId }],
      [
        `mutation($c: ID!, $m: ID!) { addCollectionMaterial(collectionId: $c, materialId: $m) { id } }`,
        { c: collection.globalId, m: other.globalId },
      ],
      [
        `mutation($c: ID!, $m: ID!) { removeCollectionMaterial(collectionId: $c, materialId: $m) { id } }`,
        { c: collection.globalId, m: material.globalId },
      ],
      [
        `mutation($c: ID!, $m: ID!) { reorderCollectionMaterials(collectionId: $c, materialIds: [$m]) { id } }`,
        { c: collection.globalId, m: material.globalId },
      ],
    ];
    for (const role of [Role.READER, Role.AUTHOR, Role.EXPERT]) {
      const { token } = await signIn(app, role);
      for (const [query, variables] of attempts)
        expect((await app.gql(query, variables, token)).errors?.[0]?.extensions?.code, `${role} ${query}`).toBe('FORBIDDEN');
    }
    for (const [query, variables] of attempts)
      expect((await app.gql(query, variables)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const after = await app.em().findOneOrFail(Collection, { id: collection.id }, { populate: ['items'] });
    expect(after.title).toBe('Подборка методиста');
    expect(after.items).toHaveLength(1);
    expect(await app.em().count(Collection, { title: 'Самовольная подборка' })).toBe(0);
  });

  it('names the argument of a bad, missing or foreign id and of a blank title or long note, changing nothing', async () => {
    const { token } = await signIn(app, Role.METHODIST);
    const em = app.em();
    const material = await buildMaterial(em, { title: 'Ошибки: материал подборки' });
    const other = await buildMaterial(em, { title: 'Ошибки: другой материал' });
    const collection = await buildCollection(em, {
      title: 'Ошибки: подборка',
      description: 'Как была',
      published: true,
      materials: [material],
    });
    const missing = Buffer.from('Collection:00000000-0000-4000-8000-000000000000').toString('base64url');
    const refusals: Array<[string, Record<string, unknown>, string, string]> = [
      // A material's id where a collection's is expected, and the other way round.
      [
        `mutation($id: ID!) { updateCollection(id: $id, input: { title: "Переименована" }) { id } }`,
        { id: material.globalId },
        'BAD_USER_INPUT',
        'id',
      ],
      [
        `mutation($c: ID!, $m: ID!) { addCollectionMaterial(collectionId: $c, materialId: $m) { id } }`,
        { c: collection.globalId, m: collection.globalId },
        'BAD_USER_INPUT',
        'materialId',
      ],
      [
        `mutation($c: ID!, $m: ID!) { removeCollectionMaterial(collectionId: $c, materialId: $m) { id } }`,
        { c: material.globalId, m: material.globalId },
        'BAD_USER_INPUT',
        'collectionId',
      ],
      [`mutation($id: ID!) { deleteCollection(id: $id) }`, { id: 'не-id' }, 'BAD_USER_INPUT', 'id'],
      [`mutation($id: ID!) { deleteCollection(id: $id) }`, { id: missing }, 'NOT_FOUND', missing],
      [
        `mutation($c: ID!, $m: ID!) { removeCollectionMaterial(collectionId: $c, materialId: $m) { id } }`,
        { c: collection.globalId, m: other.globalId },
        'BAD_USER_INPUT',
        'materialId',
      ],
      [
        `mutation($c: ID!, $ids: [ID!]!) { reorderCollectionMaterials(collectionId: $c, materialIds: $ids) { id } }`,
        { c: collection.globalId, ids: [material.globalId, collection.globalId] },
        'BAD_USER_INPUT',
        'materialIds[1]',
      ],
      // A title blank once trimmed, and an overlong note.
      [
        `mutation($id: ID!) { updateCollection(id: $id, input: { title: "      " }) { id } }`,
        { id: collection.globalId },
        'BAD_USER_INPUT',
        'input.title',
      ],
      [`mutation { createCollection(input: { title: "   " }) { id } }`, {}, 'BAD_USER_INPUT', 'input.title'],
      [
        `mutation($c: ID!, $m: ID!, $n: String) { addCollectionMaterial(collectionId: $c, materialId: $m, note: $n) { id } }`,
        { c: collection.globalId, m: other.globalId, n: 'я'.repeat(1001) },
        'BAD_USER_INPUT',
        'note',
      ],
    ];
    for (const [query, variables, code, argument] of refusals) {
      const error = (await app.gql(query, variables, token)).errors?.[0];
      expect(error?.extensions?.code, query).toBe(code);
      expect(error?.message, query).toContain(argument);
    }
    const after = await app.em().findOneOrFail(Collection, { id: collection.id }, { populate: ['items'] });
    expect([after.title, after.description, after.published]).toEqual(['Ошибки: подборка', 'Как была', true]);
    expect(after.items.getItems().map((item) => item.material.id)).toEqual([material.id]);
    expect(await app.em().count(Collection, { title: { $in: ['', '   ', 'Переименована'] } })).toBe(0);
  });
});

describe('collections: SQL per page', () => {
  /** The collections desk's query as the client sends it. */
  const deskQuery = () =>
    /gql`\s*(query CollectionsDeskQuery[^`]*)`/.exec(
      fs.readFileSync(path.resolve(import.meta.dirname, '../../../../client/src/pages/CollectionsDeskPage.tsx'), 'utf8'),
    )![1]!;
  const BACKGROUND = /rate_counter|search_outbox|usage_daily|query_daily|import_job|extraction_/;

  it('costs the same number of statements for a desk of 3 and of 20 collections, each with its count of materials', async () => {
    const em = app.em();
    const methodist = await signIn(app, Role.METHODIST);
    await em.nativeDelete(CollectionItem, {});
    await em.nativeDelete(Collection, {});
    const materials = [await buildMaterial(em, { title: 'Счёт подборок 1' }), await buildMaterial(em, { title: 'Счёт подборок 2' })];
    const draft = await buildMaterial(em, { title: 'Счёт подборок: черновик', status: MaterialStatus.DRAFT });
    for (let i = 0; i < 20; i++)
      await buildCollection(em, {
        title: `Подборка для счёта ${String(i).padStart(2, '0')}`,
        materials: i % 2 ? [...materials, draft] : materials.slice(0, 1),
      });
    const count = async (first: number) => {
      app.statements.length = 0;
      const res = await app.gql(deskQuery(), { first }, methodist.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.collections.nodes).toHaveLength(first);
      return {
        statements: app.statements.filter((sql) => !BACKGROUND.test(sql)).length,
        counts: res.data.collections.nodes.map((n: any) => n.materialCount),
      };
    };
    const few = await count(3);
    const many = await count(20);
    // The count is what the viewer sees on opening the collection: a methodist sees drafts too.
    expect(new Set(many.counts)).toEqual(new Set([1, 3]));
    expect(many.statements).toBe(few.statements);
  });
});
