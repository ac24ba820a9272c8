import fs from 'node:fs';
import path from 'node:path';
import { ref, wrap } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import {
  buildCollection,
  buildFile,
  buildLevel,
  buildMaterial,
  buildOrganization,
  buildPerson,
  buildSubject,
} from '../../test/factories.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role, User } from '../accounts/user.entity.ts';
import { Review, ReviewDecision } from '../reviews/review.entity.ts';
import { MaterialFile } from './material-file.entity.ts';
import { MaterialRevision } from './material-revision.entity.ts';
import { Person } from '../people/person.entity.ts';
import { KIND_CLASSES, Material } from './material.entity.ts';
import { MaterialService } from './material.service.ts';
import { MaterialKind, MaterialStatus } from './material.enums.ts';

const app = useTestApp();

const titles = (response: { data?: any }) =>
  (response.data.materials.edges as Array<{ node: { title: string } }>).map((e) => e.node.title).sort();

describe('materials: visibility', () => {
  it('hides drafts, materials in review and rejected ones from anonymous readers everywhere', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Видимость');
    const published = await buildMaterial(em, { title: 'Видимость: опубликован', subjects: [subject] });
    const hidden = [];
    for (const status of [MaterialStatus.DRAFT, MaterialStatus.IN_REVIEW, MaterialStatus.REJECTED, MaterialStatus.ARCHIVED]) {
      hidden.push(await buildMaterial(em, { title: `Видимость: ${status}`, status, subjects: [subject] }));
    }
    const list = await app.gql(`query($s: [ID!]) { materials(filter: { subjectIds: $s }) { totalCount edges { node { title } } } }`, {
      s: [subject.globalId],
    });
    expect(titles(list)).toEqual(['Видимость: опубликован']);
    expect(list.data.materials.totalCount).toBe(1);

    for (const material of hidden) {
      const one = await app.gql(`query($id: ID!) { material(id: $id) { title } node(id: $id) { id } }`, { id: material.globalId });
      expect(one.errors).toBeUndefined();
      expect(one.data).toEqual({ material: null, node: null });
    }
    const asking = await app.gql(`query($s: [ID!]) { materials(filter: { subjectIds: $s, statuses: [DRAFT] }) { totalCount } }`, {
      s: [subject.globalId],
    });
    expect(asking.data.materials.totalCount).toBe(0);
    const visible = await app.gql(`query($id: ID!) { material(id: $id) { title status } }`, { id: published.globalId });
    expect(visible.data.material).toEqual({ title: 'Видимость: опубликован', status: 'PUBLISHED' });
  });
});

describe('materials: filters', () => {
  it('narrows by kind, subject, level, grade, organization, author, municipality and year', async () => {
    const em = app.em();
    const algebra = await buildSubject(em, 'Фильтр-алгебра');
    const poetry = await buildSubject(em, 'Фильтр-поэзия');
    const ooo = await buildLevel(em, 'Ф-ООО');
    const noo = await buildLevel(em, 'Ф-НОО');
    const north = await buildOrganization(em, { name: 'Северная школа', municipality: 'Фильтр-район' });
    const south = await buildOrganization(em, { name: 'Южная школа', municipality: 'Другой район' });
    const ivanova = await buildPerson(em, { fullName: 'Иванова Фильтр', organization: north });
    const petrov = await buildPerson(em, { fullName: 'Петров Фильтр', organization: south });
    const all = [algebra, poetry];
    await buildMaterial(em, {
      title: 'Ф1',
      kind: MaterialKind.BEST_PRACTICE,
      subjects: [algebra],
      levels: [ooo],
      grades: [7, 8],
      authors: [ivanova],
      publishedAt: new Date('2024-03-01'),
    });
    await buildMaterial(em, {
      title: 'Ф2',
      kind: MaterialKind.PUBLICATION,
      subjects: [algebra],
      levels: [ooo],
      grades: [9],
      authors: [petrov],
      publishedAt: new Date('2025-03-01'),
    });
    await buildMaterial(em, {
      title: 'Ф3',
      kind: MaterialKind.METHODOLOGICAL_MATERIAL,
      subjects: [poetry],
      levels: [noo],
      grades: [3],
      authors: [ivanova, petrov],
      publishedAt: new Date('2025-06-01'),
    });
    await buildMaterial(em, {
      title: 'Ф4',
      kind: MaterialKind.NORMATIVE_DOCUMENT,
      subjects: [poetry, algebra],
      levels: [noo, ooo],
      authors: [],
      organization: south,
      publishedAt: new Date('2025-12-31T23:00:00Z'),
    });

    const run = async (filter: Record<string, unknown>) =>
      titles(
        await app.gql(`query($f: MaterialFilter) { materials(first: 100, filter: $f) { edges { node { title } } } }`, {
          f: { subjectIds: all.map((s) => s.globalId), ...filter },
        }),
      );

    expect(await run({})).toEqual(['Ф1', 'Ф2', 'Ф3', 'Ф4']);
    expect(await run({ kinds: ['PUBLICATION', 'NORMATIVE_DOCUMENT'] })).toEqual(['Ф2', 'Ф4']);
    expect(await run({ subjectIds: [poetry.globalId] })).toEqual(['Ф3', 'Ф4']);
    expect(await run({ levelIds: [ooo.globalId] })).toEqual(['Ф1', 'Ф2', 'Ф4']);
    expect(await run({ grades: [8, 9] })).toEqual(['Ф1', 'Ф2']);
    expect(await run({ organizationIds: [north.globalId] })).toEqual(['Ф1', 'Ф3']);
    expect(await run({ authorIds: [petrov.globalId] })).toEqual(['Ф2', 'Ф3']);
    expect(await run({ municipality: 'Другой район' })).toEqual(['Ф2', 'Ф4']);
    expect(await run({ year: 2025 })).toEqual(['Ф2', 'Ф3', 'Ф4']);
    expect(await run({ year: 2025, levelIds: [noo.globalId], kinds: ['METHODOLOGICAL_MATERIAL'] })).toEqual(['Ф3']);
  });

  it('returns every field of every kind with authors in their printed order', async () => {
    const em = app.em();
    const first = await buildPerson(em, { fullName: 'Яковлева Первая' });
    const second = await buildPerson(em, { fullName: 'Абрамова Вторая' });
    const practice = await buildMaterial(em, {
      title: 'Практика с полями',
      authors: [first, second],
      keywords: ['ФГОС', 'Проектная деятельность'],
      grades: [5, 6],
      fields: { problem: 'Проблема', goal: 'Цель', expertLevel: 'MUNICIPAL' },
    });
    const normative = await buildMaterial(em, {
      kind: MaterialKind.NORMATIVE_DOCUMENT,
      authors: [],
      fields: { number: '286', adoptedAt: '2021-05-31', issuer: 'Минпросвещения России', legalStatus: 'IN_FORCE' },
    });
    const res = await app.gql(
      `query($a: ID!, $b: ID!) {
        a: material(id: $a) { __typename kind title grades keywords authors { fullName } organization { name }
          ... on BestPractice { problem goal expertLevel } }
        b: node(id: $b) { __typename ... on NormativeDocument { number adoptedAt issuer legalStatus authors { id } } }
      }`,
      { a: practice.globalId, b: normative.globalId },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.a).toMatchObject({
      __typename: 'BestPractice',
      kind: 'BEST_PRACTICE',
      title: 'Практика с полями',
      grades: [5, 6],
      keywords: ['Проектная деятельность', 'ФГОС'],
      authors: [{ fullName: 'Яковлева Первая' }, { fullName: 'Абрамова Вторая' }],
      organization: { name: first.organization!.getEntity().name },
      problem: 'Проблема',
      goal: 'Цель',
      expertLevel: 'MUNICIPAL',
    });
    expect(res.data.b).toEqual({
      __typename: 'NormativeDocument',
      number: '286',
      adoptedAt: '2021-05-31',
      issuer: 'Минпросвещения России',
      legalStatus: 'IN_FORCE',
      authors: [],
    });
  });
});

describe('materials: pagination', () => {
  it('walks every page without gaps or repeats, in each order', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Страницы');
    const author = await buildPerson(em);
    const same = new Date('2025-05-05T10:00:00Z');
    // Equal dates and titles on purpose: the id must break ties so that no row falls between pages.
    for (let i = 0; i < 23; i++) {
      await buildMaterial(em, {
        title: `Стр ${i % 4}`,
        subjects: [subject],
        authors: [author],
        publishedAt: i % 3 ? same : new Date(same.getTime() + i * 1000),
      });
    }
    for (const orderBy of [
      undefined,
      { field: 'TITLE', direction: 'ASC' },
      { field: 'PUBLISHED_AT', direction: 'ASC' },
      { field: 'VIEW_COUNT', direction: 'DESC' },
    ]) {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const res: any = await app.gql(
          `query($s: [ID!], $after: String, $o: MaterialOrder) { materials(first: 5, after: $after, orderBy: $o, filter: { subjectIds: $s }) {
            totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`,
          { s: [subject.globalId], after, o: orderBy },
        );
        expect(res.errors).toBeUndefined();
        const page = res.data.materials;
        expect(page.totalCount).toBe(23);
        seen.push(...page.edges.map((e: any) => e.node.id));
        pages += 1;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(pages).toBe(5);
      expect(seen).toHaveLength(23);
      expect(new Set(seen).size).toBe(23);
    }
  });

  it('orders titles the Russian way: case-blind, ё beside е', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Алфавит');
    for (const title of ['Жук', 'ёлка', 'Ель', 'арбуз', 'Яблоко']) await buildMaterial(em, { title, subjects: [subject] });
    const res = await app.gql(
      `query($s: [ID!]) { materials(orderBy: { field: TITLE, direction: ASC }, filter: { subjectIds: $s }) { nodes { title } } }`,
      { s: [subject.globalId] },
    );
    expect(res.data.materials.nodes.map((n: any) => n.title)).toEqual(['арбуз', 'ёлка', 'Ель', 'Жук', 'Яблоко']);
  });
});

describe('materials: bad arguments', () => {
  it.each([
    ['{ materials(first: 101) { totalCount } }', 'first', 'не больше 100'],
    ['{ materials(first: -1) { totalCount } }', 'first', 'неотрицательным'],
    ['{ materials(after: "not-a-cursor") { totalCount } }', 'after', 'курсор'],
    ['{ material(id: "garbage") { title } }', 'id', 'не идентификатор'],
    ['{ node(id: "") { id } }', 'id', 'не идентификатор'],
    ['{ materials(filter: { grades: [12] }) { totalCount } }', 'filter.grades', 'не больше 11'],
    ['{ materials(filter: { year: 99999 }) { totalCount } }', 'filter.year', 'не больше 2100'],
    ['{ materials(filter: { subjectIds: ["x"] }) { totalCount } }', 'filter.subjectIds[0]', 'не идентификатор'],
  ])('%s → BAD_USER_INPUT naming %s', async (query, name, reason) => {
    const res = await app.gql(query);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain(name);
    expect(res.errors?.[0]?.message).toContain(reason);
  });

  it('refuses a cursor made for another order and an id of another type', async () => {
    const em = app.em();
    const person = await buildPerson(em);
    await buildMaterial(em);
    const first = await app.gql('{ materials(first: 1) { pageInfo { endCursor } } }');
    const cursor = first.data.materials.pageInfo.endCursor;
    const other = await app.gql(`query($c: String) { materials(after: $c, orderBy: { field: TITLE }) { totalCount } }`, { c: cursor });
    expect(other.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const wrongType = await app.gql(`query($id: ID!) { material(id: $id) { title } }`, { id: person.globalId });
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrongType.errors?.[0]?.message).toContain('Person');
  });
});

describe('materials: SQL per page', () => {
  const BACKGROUND = /rate_counter|search_outbox|usage_daily|query_daily|import_job|extraction_/;
  it('costs the same number of statements for 5 and for 50 materials with authors, organization and subjects', async () => {
    const em = app.em();
    const subjects = [await buildSubject(em, 'N+1 первый'), await buildSubject(em, 'N+1 второй')];
    const level = await buildLevel(em, 'N+1');
    for (let i = 0; i < 50; i++) {
      const authors = [await buildPerson(em), await buildPerson(em)];
      await buildMaterial(em, { subjects, levels: [level], authors, keywords: ['счёт'] });
    }
    const query = `query($n: Int, $l: [ID!]) { materials(first: $n, filter: { levelIds: $l }) { totalCount edges { node {
      title authors { fullName organization { name } } organization { name municipality } subjects { name } levels { code } keywords } } } }`;
    const count = async (n: number) => {
      app.statements.length = 0;
      const res = await app.gql(query, { n, l: [level.globalId] });
      expect(res.errors).toBeUndefined();
      expect(res.data.materials.edges).toHaveLength(n);
      expect(res.data.materials.edges[n - 1].node.authors).toHaveLength(2);
      // Timers of the server (rate counters, outbox, usage, job queues) may write meanwhile: not the request's.
      return app.statements.filter((sql) => !BACKGROUND.test(sql)).length;
    };
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
    expect(fifty).toBeLessThanOrEqual(8);
  });

  it("reads a page's authors, organization, subjects and levels in the page's own statement: two statements in all", async () => {
    const em = app.em();
    const level = await buildLevel(em, 'Два запроса');
    const subjects = [await buildSubject(em, 'Два запроса: первый', 2), await buildSubject(em, 'Два запроса: второй', 1)];
    const organization = await buildOrganization(em, { name: 'Школа двух запросов', shortName: 'Ш2З' });
    const authors = [await buildPerson(em, { fullName: 'Двухзапросова Анна' }), await buildPerson(em, { fullName: 'Двухзапросов Борис' })];
    for (let i = 0; i < 12; i++)
      await buildMaterial(em, { levels: [level], subjects, organization, authors: i % 2 ? authors : [...authors].reverse() });
    app.statements.length = 0;
    const res = await app.gql(
      `query($l: [ID!]) { materials(first: 10, filter: { levelIds: $l }) { nodes { title authors { fullName position }
        organization { name shortName } subjects { name } levels { code } } } }`,
      { l: [level.globalId] },
    );
    expect(res.errors).toBeUndefined();
    const statements = app.statements.filter((sql) => !BACKGROUND.test(sql));
    expect(statements).toHaveLength(2);
    const nodes = res.data.materials.nodes as Array<{
      authors: Array<{ fullName: string }>;
      organization: unknown;
      subjects: unknown;
      levels: unknown;
    }>;
    expect(nodes).toHaveLength(10);
    for (const node of nodes) {
      expect(node.organization).toEqual({ name: 'Школа двух запросов', shortName: 'Ш2З' });
      expect(node.subjects).toEqual([{ name: 'Два запроса: второй' }, { name: 'Два запроса: первый' }]);
      expect(node.levels).toEqual([{ code: level.code }]);
    }
    // Authors in the order printed on each material.
    expect(new Set(nodes.map((node) => node.authors.map((a) => a.fullName).join(', ')))).toEqual(
      new Set(['Двухзапросова Анна, Двухзапросов Борис', 'Двухзапросов Борис, Двухзапросова Анна']),
    );
  });

  it('serves a list of list fields without entities: the same page, the same cursors, statements constant in its size', async () => {
    const em = app.em();
    const level = await buildLevel(em, 'Список без сущностей');
    const organization = await buildOrganization(em, { name: 'Школа списков' });
    for (let i = 0; i < 12; i++) {
      await buildMaterial(em, {
        title: `Список ${i}`,
        levels: [level],
        organization,
        authors: [await buildPerson(em)],
        grades: [(i % 11) + 1],
      });
    }
    const fields = `id __typename title kind summary grades publishedAt viewCount authors { fullName } organization { name } subjects { name } levels { code }`;
    const page = (
      extra: string,
    ) => `query($n: Int, $l: [ID!], $after: String) { materials(first: $n, after: $after, filter: { levelIds: $l }, orderBy: { field: TITLE, direction: ASC }) {
      totalCount edges { cursor node { ${fields} ${extra} } } nodes { id } pageInfo { hasNextPage endCursor } } }`;
    const run = async (query: string, n: number, after?: string) => {
      app.statements.length = 0;
      const res = await app.gql(query, { n, l: [level.globalId], after });
      expect(res.errors).toBeUndefined();
      return { data: res.data.materials, statements: app.statements.filter((sql) => !BACKGROUND.test(sql)) };
    };
    // An entity is built from every column; the read model never selects the body for a list.
    const entities = (statements: string[]) => statements.some((sql) => sql.includes('"m0"."body"'));
    // Keywords are not a list's field: asking for them loads entities, the way to compare.
    const read = await run(page(''), 5);
    const whole = await run(page('keywords'), 5);
    const withoutKeywords = (data: any) => ({
      ...data,
      edges: data.edges.map((e: any) => ({ ...e, node: { ...e.node, keywords: undefined } })),
    });
    expect(read.data).toEqual(JSON.parse(JSON.stringify(withoutKeywords(whole.data))));
    expect(read.data.edges.map((e: any) => e.node.title)).toEqual(['Список 0', 'Список 1', 'Список 10', 'Список 11', 'Список 2']);
    expect(read.data.edges[0].node.organization).toEqual({ name: 'Школа списков' });
    expect(entities(read.statements)).toBe(false);
    expect(entities(whole.statements)).toBe(true);
    // The next page from the read model's cursor continues where the entities' would.
    const next = await run(page(''), 5, read.data.pageInfo.endCursor);
    expect(next.data.edges.map((e: any) => e.node.title)).toEqual(['Список 3', 'Список 4', 'Список 5', 'Список 6', 'Список 7']);
    expect((await run(page(''), 12)).statements.length).toBe(read.statements.length);
  });

  it('builds no entity for a page of list fields: materials, authors, subjects and levels are plain rows, their own lists still answer', async () => {
    const em = app.em();
    const level = await buildLevel(em, 'Сущности');
    const subjects = [await buildSubject(em, 'Сущности первый'), await buildSubject(em, 'Сущности второй')];
    subjects[0]!.levels.add(level);
    const authors = [await buildPerson(em), await buildPerson(em)];
    authors[0]!.subjects.add(subjects[1]!);
    await em.flush();
    for (let i = 0; i < 20; i++) await buildMaterial(em, { subjects, levels: [level], authors });
    // Every entity the ORM builds (hydrates) while the request runs, by class.
    const built = new Map<string, number>();
    let counting = false;
    app.orm.em.getEventManager().registerSubscriber({
      onInit: ({ meta }) => {
        if (counting) built.set(meta.className, (built.get(meta.className) ?? 0) + 1);
      },
    });
    counting = true;
    const res = await app.gql(
      `query($l: [ID!]) { materials(first: 20, filter: { levelIds: $l }) { nodes { id title
        authors { fullName subjects { name } } subjects { name levels { code } } levels { code } } } }`,
      { l: [level.globalId] },
    );
    counting = false;
    expect(res.errors).toBeUndefined();
    expect(res.data.materials.nodes).toHaveLength(20);
    for (const node of res.data.materials.nodes) {
      expect(node.authors.map((a: any) => a.fullName)).toEqual(authors.map((a) => a.fullName));
      expect(node.authors.map((a: any) => a.subjects)).toEqual([[{ name: 'Сущности второй' }], []]);
      expect([...node.subjects].sort((a: any, b: any) => a.name.localeCompare(b.name))).toEqual([
        { name: 'Сущности второй', levels: [] },
        { name: 'Сущности первый', levels: [{ code: level.code }] },
      ]);
      expect(node.levels).toEqual([{ code: level.code }]);
    }
    const listed = new Set(['Material', ...Object.values(KIND_CLASSES).map((kind) => kind.name), 'Person', 'Subject', 'EducationLevel']);
    expect([...built].filter(([name]) => listed.has(name))).toEqual([]);
  });

  it("builds no material entity for a material's related materials or a collection's list, and answers them as entities do", async () => {
    const em = app.em();
    const topic = await buildSubject(em, 'Родственные материалы');
    const base = await buildMaterial(em, { title: 'Родственный: исходный', subjects: [topic] });
    const others = [];
    for (let i = 0; i < 4; i++) others.push(await buildMaterial(em, { title: `Родственный ${i}`, subjects: [topic], grades: [i + 1] }));
    await buildMaterial(em, { title: 'Родственный черновик', subjects: [topic], status: MaterialStatus.DRAFT });
    const collection = await buildCollection(em, { title: 'Подборка без сущностей', materials: [others[2]!, base, others[0]!] });
    await app.indexer.drainAll();
    const fields = '__typename id title grades subjects { name } authors { fullName }';
    const related = `query($id: ID!) { material(id: $id) { related(first: 5) { ${fields} } } }`;
    const listed = `query($id: ID!) { collection(id: $id) { materials(first: 10) { nodes { ${fields} } } } }`;
    // Keywords are not a list's field: asking for them reads entities, the reference to compare with.
    const kinds = new Set(['Material', ...Object.values(KIND_CLASSES).map((kind) => kind.name)]);
    let built: number | undefined;
    app.orm.em.getEventManager().registerSubscriber({
      // Loaded ones: a reference (an attachment's material) holds only an id.
      onInit: ({ meta, entity }) => {
        if (built !== undefined && kinds.has(meta.className) && wrap(entity).isInitialized()) built++;
      },
    });
    const materialEntities = async (query: string, id: string) => {
      built = 0;
      const res = await app.gql(query, { id });
      const count = built;
      built = undefined;
      expect(res.errors).toBeUndefined();
      return { data: res.data, built: count };
    };
    const plainRelated = await materialEntities(related, base.globalId);
    const entityRelated = await materialEntities(related.replace('authors {', 'keywords authors {'), base.globalId);
    expect(plainRelated.data.material.related.map((m: any) => m.title).sort()).toEqual(others.map((m) => m.title).sort());
    expect(plainRelated.data.material.related).toEqual(entityRelated.data.material.related.map(({ keywords, ...m }: any) => m));
    // Keywords are a page's field, not a list's: the material itself stays a plain row either way.
    expect(plainRelated.built).toBe(0);
    expect(entityRelated.built).toBe(4);
    const plainList = await materialEntities(listed, collection.globalId);
    const entityList = await materialEntities(listed.replace('authors {', 'keywords authors {'), collection.globalId);
    expect(plainList.data.collection.materials.nodes.map((m: any) => m.title)).toEqual([others[2]!.title, base.title, others[0]!.title]);
    expect(plainList.data.collection.materials.nodes).toEqual(
      entityList.data.collection.materials.nodes.map(({ keywords, ...m }: any) => m),
    );
    expect(plainList.built).toBe(0);
    expect(entityList.built).toBe(3);
  });

  it("builds no material entity for the media library's cards or the author's desk, and answers them as entities do", async () => {
    const em = app.em();
    const author = await signIn(app, Role.AUTHOR);
    const expert = await signIn(app, Role.EXPERT);
    const [authorUser, expertUser] = [author, expert].map((who) => em.getReference(User, fromGlobalId(who.id, 'id', ['User']).id));
    const topic = await buildSubject(em, 'Медиатека без сущностей');
    const mine: Material[] = [];
    for (const [i, status] of [MaterialStatus.DRAFT, MaterialStatus.IN_REVIEW, MaterialStatus.PUBLISHED].entries()) {
      const material = await buildMaterial(em, { title: `Стол автора ${i}`, status, subjects: [topic] });
      material.createdBy = ref(authorUser);
      if (status === MaterialStatus.IN_REVIEW) {
        material.reviewer = ref(expertUser);
        em.create(Review, { material, reviewer: expertUser, scores: { relevance: 3 }, decision: ReviewDecision.RECOMMEND });
      }
      mine.push(material);
    }
    await em.flush();
    // Files carried by published materials, one of them by two, one also by a draft the reader must not see.
    const others = [await buildMaterial(em, { title: 'Медиатека: второй', subjects: [topic] }), mine[2]!];
    const files = [];
    for (let i = 0; i < 6; i++) files.push(await buildFile(em, { fileName: `карточка-${i}.pdf`, material: others[i % 2]! }));
    em.create(MaterialFile, { material: others[1]!, file: files[0]!, position: 9 });
    em.create(MaterialFile, { material: mine[0]!, file: files[1]!, position: 0 });
    await em.flush();

    const kinds = new Set(['Material', ...Object.values(KIND_CLASSES).map((kind) => kind.name)]);
    let built: number | undefined;
    app.orm.em.getEventManager().registerSubscriber({
      onInit: ({ meta, entity }) => {
        if (built !== undefined && kinds.has(meta.className) && wrap(entity).isInitialized()) built++;
      },
    });
    const run = async (query: string, variables: Record<string, unknown>, token?: string) => {
      built = 0;
      app.statements.length = 0;
      const res = await app.gql(query, variables, token);
      const count = built;
      built = undefined;
      expect(res.errors).toBeUndefined();
      return { data: res.data, built: count, statements: app.statements.filter((sql) => !BACKGROUND.test(sql)).length };
    };
    // The media library's own query; keywords are not a list's field: asking for them reads entities, the reference.
    const library = clientGql('pages/MediaLibraryPage.tsx', /gql`\s*(query MediaLibraryPageQuery[^`]*)`/);
    const asEntities = library.replace(/materials \{(\s*)id/, 'materials {$1keywords id');
    const filter = { subject: topic.globalId };
    const plain = await run(library, { first: 6, filter });
    const entities = await run(asEntities, { first: 6, filter });
    const cards = plain.data.mediaLibrary.nodes as Array<{ fileName: string; materials: Array<{ title: string }> }>;
    expect(cards.map((card) => card.fileName).sort()).toEqual(files.map((f) => f.fileName).sort());
    const card = (name: string) => cards.find((c) => c.fileName === name)!.materials.map((m) => m.title);
    expect(card('карточка-0.pdf')).toEqual(expect.arrayContaining(['Медиатека: второй', 'Стол автора 2']));
    expect(card('карточка-1.pdf')).toEqual(['Стол автора 2']); // the draft carrying it stays hidden
    expect(plain.data).toEqual(JSON.parse(JSON.stringify(entities.data, (key, value) => (key === 'keywords' ? undefined : value))));
    expect(plain.built).toBe(0);
    expect(entities.built).toBeGreaterThan(0);
    // Constant in the page's size: the carriers and their materials are one statement each for the page.
    expect((await run(library, { first: 2, filter })).statements).toBe(plain.statements);

    // The author's desk, as the client asks for it: kind, status, the workflow's note with reviews and the expert.
    const desk = `${clientGql('pages/MyMaterialsPage.tsx', /gql`\s*(query MyMaterialsPageQuery[^`]*)`/)}\n${clientGql('features/workflow/fragments.ts', /gql`\s*(fragment WorkflowNote_material[^`]*)`/)}`;
    const plainDesk = await run(desk, {}, author.token);
    const entityDesk = await run(desk.replace('updatedAt', 'updatedAt keywords'), {}, author.token);
    const titles = plainDesk.data.viewer.materials.nodes.map((m: any) => m.title);
    expect(titles.sort()).toEqual(['Стол автора 0', 'Стол автора 1', 'Стол автора 2']);
    const inReview = plainDesk.data.viewer.materials.nodes.find((m: any) => m.status === 'IN_REVIEW');
    expect(inReview.assignedExpert).toEqual({ id: expert.id, name: expect.any(String) });
    expect(inReview.reviews).toHaveLength(1);
    expect(plainDesk.data).toEqual(JSON.parse(JSON.stringify(entityDesk.data, (key, value) => (key === 'keywords' ? undefined : value))));
    expect(plainDesk.built).toBe(0);
    expect(entityDesk.built).toBe(3);
  });

  it("reads authors the request already knows only by reference (a method association's leader) with their names", async () => {
    const em = app.em();
    const authors = [await buildPerson(em, { fullName: 'Ссылкина Анна' }), await buildPerson(em, { fullName: 'Ссылкин Борис' })];
    const material = await buildMaterial(em, { authors });
    // A request that met the first author as another row's many-to-one first holds an uninitialized reference of her.
    const request = app.em();
    request.getReference(Person, authors[0]!.id);
    const read = await new MaterialService(request, null).authors(await request.findOneOrFail(Material, { id: material.id }));
    expect(read.map((person) => person.fullName)).toEqual(['Ссылкина Анна', 'Ссылкин Борис']);
  });

  /** The review desk's own query, as the client sends it. */
  const clientGql = (file: string, pattern: RegExp) =>
    pattern.exec(fs.readFileSync(path.resolve(import.meta.dirname, '../../../../client/src', file), 'utf8'))![1]!;
  // The desk's query as the client sends it: with the fragment it spreads (the cache's registry adds it there).
  const deskQuery = () =>
    `${clientGql('pages/ReviewDeskPage.tsx', /gql`\s*(query ReviewDeskQuery[^`]*)`/)}\n${clientGql('features/workflow/fragments.ts', /gql`\s*(fragment WorkflowNote_material[^`]*)`/)}`;

  it("answers a material's page, as the client asks for it, without a material entity and as the entity does", async () => {
    const em = app.em();
    const topic = await buildSubject(em, 'Страница без сущностей');
    const level = await buildLevel(em, 'СТР');
    const material = await buildMaterial(em, {
      title: 'Страница материала без сущностей',
      summary: 'Кратко',
      subjects: [topic],
      levels: [level],
      grades: [5, 6],
      keywords: ['проектная задача', 'Анализ'],
      fields: { problem: 'Проблема', goal: 'Цель', body: 'Текст', registrationNumber: 'ИМЦ-2026-0042' },
    });
    await buildFile(em, { fileName: 'приложение.pdf', material });
    await buildFile(em, { fileName: 'схема.pdf', material });
    for (let i = 0; i < 3; i++) await buildMaterial(em, { title: `Похожий на страницу ${i}`, subjects: [topic] });
    await app.indexer.drainAll();
    const fragments = [
      clientGql('features/materials/material.query.ts', /gql`\s*(query MaterialPageQuery[^`]*)`/),
      clientGql('features/files/fragments.ts', /gql`\s*(fragment FileList_material[^`]*)`/),
      clientGql('components/material-list.fragment.ts', /gql`\s*(fragment MaterialList_item[^`]*)`/),
      clientGql('gql/kinds.ts', /gql`\s*(fragment KindFields_material[^`]*)`/),
    ];
    const page = fragments.join('\n');
    // The same selection through `node(id)`, which loads the entity.
    const selection = /material\(id: \$id\) (\{[\s\S]*\})\s*\}\s*$/.exec(fragments[0]!)![1]!;
    const asNode = [`query NodePage($id: ID!) { node(id: $id) { ... on Material ${selection} } }`, ...fragments.slice(1)].join('\n');
    const kinds = new Set(['Material', ...Object.values(KIND_CLASSES).map((kind) => kind.name)]);
    let built: number | undefined;
    app.orm.em.getEventManager().registerSubscriber({
      // Loaded ones: a reference (an attachment's material) holds only an id.
      onInit: ({ meta, entity }) => {
        if (built !== undefined && kinds.has(meta.className) && wrap(entity).isInitialized()) built++;
      },
    });
    const read = async (query: string) => {
      built = 0;
      const res = await app.gql(query, { id: material.globalId });
      const count = built;
      built = undefined;
      expect(res.errors).toBeUndefined();
      return { data: res.data, built: count };
    };
    const plain = await read(page);
    const entity = await read(asNode);
    expect(plain.data.material).toEqual(entity.data.node);
    expect(plain.data.material).toMatchObject({
      title: material.title,
      body: 'Текст',
      problem: 'Проблема',
      keywords: ['Анализ', 'проектная задача'],
      certificateUrl: `/certificates/${encodeURIComponent('ИМЦ-2026-0042')}.pdf`,
      levels: [{ code: 'СТР' }],
    });
    expect(plain.data.material.attachments.map((a: any) => a.file.fileName)).toEqual(['приложение.pdf', 'схема.pdf']);
    expect(plain.data.material.related).toHaveLength(3);
    expect(plain.built).toBe(0);
    expect(entity.built).toBeGreaterThan(0);
  });

  it('costs the same number of statements for the review desk of 5 and of 50 materials, with their reviews, reviewers and revisions', async () => {
    const em = app.em();
    const methodist = await signIn(app, Role.METHODIST);
    const experts = [await signIn(app, Role.EXPERT), await signIn(app, Role.EXPERT)];
    const reviewers = await em.find(User, { email: { $in: experts.map((e) => e.email) } });
    const methodistUser = await em.findOneOrFail(User, { email: methodist.email });
    const queue = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const material = await buildMaterial(em, { status: MaterialStatus.IN_REVIEW, title: `Экспертиза N+1 ${i}` });
        for (const reviewer of reviewers)
          em.create(Review, { material, reviewer, scores: { relevance: 3 }, decision: ReviewDecision.RECOMMEND });
        for (const action of ['created', 'submitted'])
          em.create(MaterialRevision, { material, version: 1, author: methodistUser, action, changes: {}, snapshot: {} });
      }
      await em.flush();
    };
    const count = async (query: string) => {
      app.statements.length = 0;
      const res = await app.gql(query, {}, methodist.token);
      expect(res.errors).toBeUndefined();
      const nodes = res.data.materials.nodes as Array<{ reviews: Array<{ reviewer: { name: string } }>; revisions?: unknown[] }>;
      expect(nodes.filter((m) => m.reviews.length === 2).length).toBeGreaterThanOrEqual(5);
      return { statements: app.statements.filter((sql) => !BACKGROUND.test(sql)).length, materials: nodes.length };
    };
    const withRevisions = deskQuery().replace('reviews {', 'revisions { action author { name } } reviews {');
    await queue(5);
    const [deskFew, historyFew] = [await count(deskQuery()), await count(withRevisions)];
    await queue(45);
    const [deskMany, historyMany] = [await count(deskQuery()), await count(withRevisions)];
    expect(deskMany.materials).toBe(deskFew.materials + 45);
    expect(deskMany.statements).toBe(deskFew.statements);
    expect(historyMany.statements).toBe(historyFew.statements);
  });
});

describe('materials: related', () => {
  it('ranks published materials by shared keywords, then subjects and levels, and leaves out drafts and the material itself', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Похожие-биология');
    const other = await buildSubject(em, 'Похожие-музыка');
    const level = await buildLevel(em, 'П-СОО');
    const base = await buildMaterial(em, {
      title: 'Похожие: исходный',
      subjects: [subject],
      levels: [level],
      keywords: ['гербарий', 'экскурсия'],
    });
    await buildMaterial(em, { title: 'Похожие: тот же предмет', subjects: [subject] });
    await buildMaterial(em, { title: 'Похожие: два ключевых слова', subjects: [other], keywords: ['гербарий', 'экскурсия'] });
    await buildMaterial(em, { title: 'Похожие: предмет и уровень', subjects: [subject], levels: [level] });
    await buildMaterial(em, {
      title: 'Похожие: черновик',
      status: MaterialStatus.DRAFT,
      subjects: [subject],
      levels: [level],
      keywords: ['гербарий', 'экскурсия'],
    });
    await buildMaterial(em, { title: 'Похожие: ничего общего', subjects: [other] });
    await app.indexer.drainAll(); // related materials come from the engine's documents

    const res = await app.gql(`query($id: ID!) { material(id: $id) { related(first: 5) { title } } }`, { id: base.globalId });
    expect(res.errors).toBeUndefined();
    expect(res.data.material.related.map((m: { title: string }) => m.title)).toEqual([
      'Похожие: два ключевых слова',
      'Похожие: предмет и уровень',
      'Похожие: тот же предмет',
    ]);
    const tooMany = await app.gql(`query($id: ID!) { material(id: $id) { related(first: 500) { title } } }`, { id: base.globalId });
    expect(tooMany.errors?.[0]?.message).toContain('first');
  });

  it('finds related materials by keywords with quotes and backslashes in them', async () => {
    const em = app.em();
    const words = ['Проект «Ромашка» и "Василёк"', 'C:\\Документы\\планы', "д'Артаньян"];
    const base = await buildMaterial(em, { title: 'Кавычки: исходный', keywords: words });
    for (const [i, word] of words.entries()) await buildMaterial(em, { title: `Кавычки: ${i}`, keywords: [word] });
    await app.indexer.drainAll();
    const res = await app.gql(`query($id: ID!) { material(id: $id) { related(first: 5) { title } } }`, { id: base.globalId });
    expect(res.errors).toBeUndefined();
    expect(res.data.material.related.map((m: { title: string }) => m.title).sort()).toEqual(['Кавычки: 0', 'Кавычки: 1', 'Кавычки: 2']);
  });

  it('scores related materials in PostgreSQL when the engine refuses the question, and the page still answers', async () => {
    const em = app.em();
    const word = 'Отказ движка';
    const base = await buildMaterial(em, { title: 'Отказ: исходный', keywords: [word] });
    await buildMaterial(em, { title: 'Отказ: с тем же словом', keywords: [word] });
    await app.indexer.drainAll();
    const { client, names } = app.search;
    const index = client.index(names.materials);
    const page = async () => {
      const res = await app.gql(`query($id: ID!) { material(id: $id) { title related(first: 5) { title } } }`, { id: base.globalId });
      expect(res.errors).toBeUndefined();
      expect(res.data.material).toEqual({ title: 'Отказ: исходный', related: [{ title: 'Отказ: с тем же словом' }] });
    };
    // The attribute list of one setting without `keywords` for a while, as an index whose settings lag would have it.
    const whileLagging = async (get: () => Promise<unknown>, set: (attributes: string[]) => Promise<{ taskUid: number }>) => {
      const current = (await get()) as string[];
      await client.tasks.waitForTask((await set(current.filter((a) => a !== 'keywords'))).taskUid);
      try {
        await page();
      } finally {
        await client.tasks.waitForTask((await set(current)).taskUid);
      }
    };
    // Keywords not filterable: the engine answers with an error.
    await whileLagging(
      () => index.getFilterableAttributes(),
      (attributes) => index.updateFilterableAttributes(attributes),
    );
    // The documents' keywords not returned: the engine answers, but the material sharing only a
    // keyword would score nothing, so PostgreSQL scores instead.
    await whileLagging(
      () => index.getDisplayedAttributes(),
      (attributes) => index.updateDisplayedAttributes(attributes),
    );
  });

  it("ranks from the engine's documents as PostgreSQL ranks every material, with no scoring statement, and never shows one withdrawn since indexing", async () => {
    const em = app.em();
    const subjects = [await buildSubject(em, 'Похожие-А'), await buildSubject(em, 'Похожие-Б')];
    const levels = [await buildLevel(em, 'П-А'), await buildLevel(em, 'П-Б')];
    const words = ['Кластер', 'синквейн', 'ТРИЗ'];
    const pick = <T>(items: T[], n: number) => items.filter((_, i) => (n >> i) & 1);
    const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000);
    // The common shape, more than the engine's pools keep (20 each for `first: 5`): one subject and one
    // level each, now and then a keyword (in either letter case). Those whose subject and level go
    // together are the older: the newest that share something share only one of them.
    const common: Material[] = [];
    for (let n = 0; n < 64; n++) {
      common.push(
        await buildMaterial(em, {
          title: `Похожие-обычный ${n}`,
          subjects: [subjects[n % 2]!],
          levels: [levels[(n >> 1) % 2]!],
          keywords: n % 5 === 0 ? [n % 2 ? words[(n / 5) % 3]! : words[(n / 5) % 3]!.toLowerCase()] : [],
          publishedAt: day(n % 2 === (n >> 1) % 2 ? (n * 37) % 64 : 100 + ((n * 37) % 64)),
        }),
      );
    }
    // Every combination of two subjects, two levels and three keywords of their own, fewer than a pool keeps.
    const own = {
      subjects: [await buildSubject(em, 'Похожие-В'), await buildSubject(em, 'Похожие-Г')],
      levels: [await buildLevel(em, 'П-В'), await buildLevel(em, 'П-Г')],
      words: ['Квест', 'кейс', 'Лэпбук'],
    };
    const combinations: Material[] = [];
    for (let n = 0; n < 16; n++) {
      combinations.push(
        await buildMaterial(em, {
          title: `Похожие-комбинация ${n}`,
          subjects: pick(own.subjects, n % 4),
          levels: pick(own.levels, (n >> 2) % 4),
          keywords: pick(own.words, (n * 5 + 3) % 8),
          publishedAt: day((n * 7) % 16),
        }),
      );
    }
    await app.indexer.drainAll();
    const query = `query($id: ID!) { material(id: $id) { related(first: 5) { id title } } }`;
    const exact = async (material: Material) => (await new MaterialService(app.em(), null).related(material, 5)).map((m) => m.title);
    for (const material of [...common, ...combinations]) {
      app.statements.length = 0;
      const res = await app.gql(query, { id: material.globalId });
      expect(res.errors).toBeUndefined();
      expect(app.statements.some((sql) => sql.includes('sum(weight)'))).toBe(false);
      expect(res.data.material.related.map((m: { title: string }) => m.title)).toEqual(await exact(material));
    }
    // Withdrawn behind the engine's back: the engine still has it, the database has the last word, and the list stays full.
    const base = combinations[15]!; // both subjects, both levels, every keyword
    const before = (await app.gql(query, { id: base.globalId })).data.material.related as Array<{ id: string; title: string }>;
    const gone = before[0]!;
    await em.getConnection().execute(`update material set status = 'ARCHIVED' where id = ?`, [fromGlobalId(gone.id, 'id').id]);
    const after = (await app.gql(query, { id: base.globalId })).data.material.related as Array<{ id: string; title: string }>;
    expect(after.map((m) => m.title)).not.toContain(gone.title);
    expect(after).toHaveLength(5);
    expect(after.slice(0, 4)).toEqual(before.slice(1));
  });
});

describe('materials: keywords', () => {
  it('keep the capitals an author gave them («УУД»), and are one keyword whatever the case', async () => {
    const author = await signIn(app, Role.AUTHOR);
    const create = async (title: string, keywords: string[]) => {
      const res = await app.gql(
        `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id keywords } }`,
        { input: { kind: 'PUBLICATION', title, keywords } },
        author.token,
      );
      expect(res.errors).toBeUndefined();
      return res.data.createMaterial as { id: string; keywords: string[] };
    };
    const first = await create('Регулятивные УУД на уроках', ['УУД', '  Проектная   деятельность ', 'ууд']);
    expect(first.keywords).toEqual(['Проектная деятельность', 'УУД']);
    // A later author typing it in small letters joins the same keyword and keeps its capitals.
    const second = await create('Познавательные учебные действия', ['ууд']);
    expect(second.keywords).toEqual(['УУД']);
    // A keyword stored in small letters by an earlier version takes the capitals a later author gives it.
    const old = await buildMaterial(app.em(), { title: 'Старый материал о ФГОС', keywords: ['фгос'] });
    await app.indexer.drainAll(); // indexed as «фгос» before anyone gave it capitals
    const third = await create('Новый материал о ФГОС', ['ФГОС']);
    expect(third.keywords).toEqual(['ФГОС']);
    const reread = await app.gql(`query($id: ID!) { material(id: $id) { keywords } }`, { id: old.globalId });
    expect(reread.data.material.keywords).toEqual(['ФГОС']);
    const rows = await app
      .em()
      .getConnection()
      .execute<Array<{ name: string }>>(`select name from keyword where lower(name) in ('ууд', 'фгос') order by name`);
    expect(rows.map((r) => r.name)).toEqual(['УУД', 'ФГОС']);
    // Search shows the capitals too, on the older material's facet as well.
    await app.indexer.drainAll();
    const search = await app.gql(
      `{ search(query: "", filter: { keywords: ["фгос"] }) { hits { material { title } } facets { name values { label } } } }`,
    );
    expect(search.data.search.hits.map((h: any) => h.material.title)).toContain('Старый материал о ФГОС');
    const labels = search.data.search.facets.find((f: any) => f.name === 'KEYWORD').values.map((v: any) => v.label);
    expect(labels).toContain('ФГОС');
    expect(labels).not.toContain('фгос');
  });
});
