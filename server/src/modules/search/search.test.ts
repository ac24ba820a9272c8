import { beforeAll, describe, expect, it } from 'vitest';
import { buildFile, buildLevel, buildMaterial, buildOrganization, buildPerson, buildSubject } from '../../test/factories.ts';
import { useTestApp, type TestApp } from '../../test/harness.ts';
import type { EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { Material } from '../materials/material.entity.ts';
import { MaterialKind, MaterialStatus } from '../materials/material.enums.ts';
import { Person } from '../people/person.entity.ts';
import { checkIndex } from './reindex.ts';

const app = useTestApp();

/** A hand-checked fixture: six published materials and a draft, indexed through the outbox. No test changes it. */
let maths: Subject, biology: Subject, world: Subject, music: Subject;
let noo: EducationLevel, ooo: EducationLevel;
let author: Person;
let m: Record<'teacher' | 'literacy' | 'percent' | 'inclusive' | 'tree' | 'norm' | 'draft', Material>;

beforeAll(async () => {
  const em = app.em();
  [maths, biology, world, music] = [
    await buildSubject(em, 'Математика', 1),
    await buildSubject(em, 'Биология', 2),
    await buildSubject(em, 'Окружающий мир', 3),
    await buildSubject(em, 'Музыка', 4),
  ];
  [noo, ooo] = [await buildLevel(em, 'НОО', 1), await buildLevel(em, 'ООО', 2)];
  const north = await buildOrganization(em, { name: 'Северная школа', municipality: 'Северный район' });
  const south = await buildOrganization(em, { name: 'Южная школа', municipality: 'Южный район' });
  author = await buildPerson(em, { fullName: 'Кузнецова Ольга Ивановна', organization: north });
  const other = await buildPerson(em, { fullName: 'Смирнов Пётр Андреевич', organization: south });
  m = {
    teacher: await buildMaterial(em, {
      title: 'Учитель начальной школы: формирование вычислительных навыков',
      subjects: [maths],
      levels: [noo],
      grades: [2, 3],
      authors: [author],
      keywords: ['устный счёт'],
    }),
    literacy: await buildMaterial(em, {
      title: 'Формирование функциональной грамотности на уроках биологии',
      subjects: [biology],
      levels: [ooo],
      grades: [7],
      authors: [other],
      summary: 'Задания PISA и функциональная грамотность в 7 классе.',
    }),
    percent: await buildMaterial(em, {
      kind: MaterialKind.METHODOLOGICAL_MATERIAL,
      title: 'Математика в задачах: проценты',
      subjects: [maths],
      levels: [ooo],
      grades: [6],
      authors: [author],
      keywords: ['ОВЗ'],
    }),
    inclusive: await buildMaterial(em, {
      title: 'Инклюзивный класс: дети с ограниченными возможностями здоровья',
      subjects: [world],
      levels: [noo],
      grades: [3],
      authors: [other],
    }),
    tree: await buildMaterial(em, {
      kind: MaterialKind.METHODOLOGICAL_MATERIAL,
      title: 'Новогодняя ёлка: сценарий праздника',
      subjects: [music],
      levels: [noo],
      grades: [1],
      authors: [author],
    }),
    norm: await buildMaterial(em, {
      kind: MaterialKind.NORMATIVE_DOCUMENT,
      title: 'Положение о районном конкурсе',
      subjects: [],
      levels: [ooo],
      authors: [],
      organization: south,
    }),
    draft: await buildMaterial(em, {
      title: 'Черновик о функциональной грамотности',
      status: MaterialStatus.DRAFT,
      subjects: [biology],
      authors: [other],
    }),
  };
  await app.indexer.drainAll();
});

const SEARCH = `query($q: String, $f: SearchFilter, $first: Int, $after: String, $sort: SearchSort) {
  search(query: $q, filter: $f, first: $first, after: $after, sort: $sort) {
    totalCount engine processingTimeMs pageInfo { hasNextPage endCursor }
    hits { cursor material { id title } highlights { field fragment fileName } }
    facets { name values { value label count } } } }`;
const search = async (variables: Record<string, unknown>, target: TestApp = app) => {
  const res = await target.gql(SEARCH, variables);
  expect(res.errors).toBeUndefined();
  return res.data.search;
};
const titles = (result: any) => result.hits.map((h: any) => h.material.title);

describe('search: Russian', () => {
  it.each([
    ['учителей начальных классов', 'teacher'],
    ['функциональная грамотность', 'literacy'],
    ['матиматика', 'percent'],
    ['ОВЗ', 'inclusive'],
    ['ограниченные возможности здоровья', 'percent'],
    ['ёлка', 'tree'],
    ['елка', 'tree'],
    ['Кузнецовой', 'teacher'],
  ] as const)('«%s» finds %s', async (query, key) => {
    const result = await search({ q: query });
    expect(result.engine).toBe('MEILISEARCH');
    expect(titles(result)).toContain(m[key].title);
  });

  it('highlights the matched words in any form, escaping the rest', async () => {
    const result = await search({ q: 'функциональная грамотность' });
    const hit = result.hits.find((h: any) => h.material.title === m.literacy.title);
    expect(hit.highlights).toContainEqual({
      field: 'TITLE',
      fragment: 'Формирование <mark>функциональной</mark> <mark>грамотности</mark> на уроках биологии',
      fileName: null,
    });
    expect(hit.highlights.find((h: any) => h.field === 'SUMMARY').fragment).toContain(
      '<mark>функциональная</mark> <mark>грамотность</mark>',
    );
    const abbreviation = await search({ q: 'ОВЗ' });
    const inclusive = abbreviation.hits.find((h: any) => h.material.title === m.inclusive.title);
    expect(inclusive.highlights[0].fragment).toBe(
      'Инклюзивный класс: дети с <mark>ограниченными</mark> <mark>возможностями</mark> <mark>здоровья</mark>',
    );
  });

  it('never shows drafts', async () => {
    const all = await search({ q: '', first: 100 });
    expect(all.totalCount).toBe(6);
    expect(titles(all)).not.toContain(m.draft.title);
    expect(titles(await search({ q: 'черновик' }))).toEqual([]);
  });
});

describe('search: facets and pages', () => {
  const counts = (result: any, name: string) =>
    Object.fromEntries(result.facets.find((f: any) => f.name === name).values.map((v: any) => [v.label, v.count]));

  it('counts every facet for an empty query', async () => {
    const result = await search({ q: '' });
    expect(counts(result, 'KIND')).toEqual({ 'Педагогическая практика': 3, 'Методический материал': 2, 'Нормативный документ': 1 });
    expect(counts(result, 'SUBJECT')).toEqual({ Математика: 2, Биология: 1, 'Окружающий мир': 1, Музыка: 1 });
    expect(counts(result, 'GRADE')).toEqual({ '1 класс': 1, '2 класс': 1, '3 класс': 2, '6 класс': 1, '7 класс': 1 });
    expect(counts(result, 'MUNICIPALITY')).toEqual({ 'Северный район': 3, 'Южный район': 3 });
  });

  it('counts a selected facet as if only the other filters applied', async () => {
    const result = await search({ q: '', f: { subjectIds: [maths.globalId], levelIds: [noo.globalId] } });
    expect(titles(result)).toEqual([m.teacher.title]);
    // Other subjects still show what choosing them too would add (at level НОО) …
    expect(counts(result, 'SUBJECT')).toEqual({ Математика: 1, 'Окружающий мир': 1, Музыка: 1 });
    // … and the level facet counts maths materials at every level.
    expect(counts(result, 'LEVEL')).toEqual({ 'НОО — Уровень НОО': 1, 'ООО — Уровень ООО': 1 });
    const value = result.facets.find((f: any) => f.name === 'SUBJECT').values.find((v: any) => v.label === 'Музыка').value;
    expect(value).toBe(music.globalId);
  });

  it('counts no facet when the operation reads none: the engine is not asked to, and no labels are read', async () => {
    const asked: Array<Record<string, unknown>> = [];
    const client = app.search.client;
    const multiSearch = client.multiSearch.bind(client);
    client.multiSearch = ((request: { queries: Array<Record<string, unknown>> }) => {
      asked.push(...request.queries);
      return multiSearch(request as never);
    }) as typeof client.multiSearch;
    try {
      const run = async (fields: string) => {
        asked.length = 0;
        app.statements.length = 0;
        const res = await app.gql(
          `query($f: SearchFilter) { search(query: "", filter: $f) { totalCount hits { material { title } } ${fields} } }`,
          {
            f: { subjectIds: [maths.globalId] },
          },
        );
        expect(res.errors).toBeUndefined();
        return { result: res.data.search, asked: [...asked], labels: app.statements.filter((sql) => sql.includes(' as node, id, label ')) };
      };
      const plain = await run('');
      const faceted = await run('facets { name values { label count } }');
      expect(plain.result.hits).toEqual(faceted.result.hits);
      expect(plain.result.totalCount).toBe(2);
      expect(plain.asked).toHaveLength(1);
      expect(plain.asked[0]!.facets).toBeUndefined();
      expect(plain.labels).toEqual([]);
      // With facets: every facet counted, and the selected one again without its own filter.
      expect(faceted.asked).toHaveLength(2);
      expect(faceted.labels).toHaveLength(1);
      expect(counts(faceted.result, 'SUBJECT')).toEqual({ Математика: 2, Биология: 1, 'Окружающий мир': 1, Музыка: 1 });
    } finally {
      client.multiSearch = multiSearch;
    }
  });

  it('shows a keyword as written («ОВЗ») and narrows by it in any case', async () => {
    expect(counts(await search({ q: '' }), 'KEYWORD')).toEqual({ ОВЗ: 1, 'устный счёт': 1 });
    for (const keyword of ['ОВЗ', 'овз', ' Овз '])
      expect(titles(await search({ q: '', f: { keywords: [keyword] } })), keyword).toEqual([m.percent.title]);
  });

  it('pages through every hit once, in each sort', async () => {
    for (const sort of ['RELEVANCE', 'NEWEST', 'TITLE', 'MOST_DOWNLOADED']) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 5; page++) {
        const result: any = await search({ q: '', first: 4, after, sort });
        seen.push(...result.hits.map((h: any) => h.material.id));
        if (!result.pageInfo.hasNextPage) break;
        after = result.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(6);
      expect(new Set(seen).size).toBe(6);
    }
    expect(titles(await search({ q: '', sort: 'TITLE', first: 2 }))).toEqual([
      'Инклюзивный класс: дети с ограниченными возможностями здоровья',
      'Математика в задачах: проценты',
    ]);
  });

  it('refuses bad arguments with BAD_USER_INPUT naming them', async () => {
    for (const [variables, name] of [
      [{ f: { subjectIds: ['nonsense'] } }, 'filter.subjectIds[0]'],
      [{ f: { subjectIds: [author.globalId] } }, 'filter.subjectIds[0]'],
      [{ f: { grades: [0] } }, 'filter.grades'],
      [{ q: 'а'.repeat(501) }, 'query'],
      [{ first: 500 }, 'first'],
      [{ after: 'xyz' }, 'after'],
    ] as const) {
      const res = await app.gql(SEARCH, variables);
      expect(res.errors?.[0]?.extensions?.code, name).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain(name);
    }
  });
});

describe('search: suggestions', () => {
  it('suggests titles and people as a teacher types, and searches everything at once', async () => {
    const suggest = await app.gql(`{ suggest(query: "вычислит") { materials { title } people { fullName } } }`);
    expect(suggest.data.suggest.materials.map((x: any) => x.title)).toContain(m.teacher.title);
    const all = await app.gql(
      `{ searchAll(query: "Смирнов") { materialCount materials { material { title } } people { fullName } organizations { name } engine } }`,
    );
    expect(all.data.searchAll.people.map((p: any) => p.fullName)).toContain('Смирнов Пётр Андреевич');
    const schools = await app.gql(`{ searchAll(query: "северная школа") { organizations { name } } }`);
    expect(schools.data.searchAll.organizations.map((o: any) => o.name)).toContain('Северная школа');
  });
});

describe('search: sync through the outbox', () => {
  // It changes what it indexed: a database and indexes of its own, so that the counts above hold in any order.
  const own = useTestApp();

  it('shows a renamed author, drops an archived material, and finds text inside attached files', async () => {
    const em = own.em();
    const author = await buildPerson(em, { fullName: 'Кузнецова Ольга Ивановна' });
    const hers = [
      await buildMaterial(em, { title: 'Устный счёт во 2 классе', authors: [author] }),
      await buildMaterial(em, { title: 'Математика в задачах: проценты', authors: [author] }),
    ];
    const norm = await buildMaterial(em, { kind: MaterialKind.NORMATIVE_DOCUMENT, title: 'Положение о районном конкурсе', authors: [] });
    const inclusive = await buildMaterial(em, { title: 'Инклюзивный класс: дети с ограниченными возможностями здоровья' });
    await own.indexer.drainAll();
    expect(titles(await search({ q: 'положение конкурс' }, own))).toEqual([norm.title]);
    expect(titles(await search({ q: 'Лебедева' }, own))).toEqual([]);

    const person = await em.findOneOrFail(Person, { id: author.id });
    person.fullName = 'Лебедева-Кузнецова Ольга Ивановна';
    const archived = await em.findOneOrFail(Material, { id: norm.id });
    archived.status = MaterialStatus.ARCHIVED;
    await em.flush();
    await buildFile(em, {
      fileName: 'геокэшинг.pdf',
      text: 'Маршрут геокэшинга по посёлку для учеников третьего класса.',
      material: inclusive,
    });
    await own.indexer.drainAll();

    expect(titles(await search({ q: 'Лебедева' }, own)).sort()).toEqual(hers.map((x) => x.title).sort());
    expect(titles(await search({ q: 'положение конкурс' }, own))).toEqual([]);
    const inFile = await search({ q: 'геокэшинг' }, own);
    expect(titles(inFile)).toEqual([inclusive.title]);
    expect(inFile.hits[0].highlights).toContainEqual({
      field: 'FILE',
      fileName: 'геокэшинг.pdf',
      fragment: 'Маршрут <mark>геокэшинга</mark> по посёлку для учеников третьего класса.',
    });

    const check = await checkIndex(own.orm, own.search);
    expect(check).toEqual({ missing: [], extra: [], stale: [], pendingUpdates: 0 });
  });
});

const PLAIN = '__typename id kind title summary status grades publishedAt updatedAt viewCount downloadCount';
const hitsQuery = (material: string, highlights = true) =>
  `query($q: String) { search(query: $q, first: 10) { hits { material { ${material} } ${highlights ? 'highlights { field fragment fileName }' : ''} } } }`;

const runHits = async (target: TestApp, query: string, q: string) => {
  target.statements.length = 0;
  const res = await target.gql(query, { q });
  expect(res.errors).toBeUndefined();
  return { hits: res.data.search.hits, statements: [...target.statements] };
};

/** What a result list reads that the engine's documents (and the page's one statement) answer. */
const ENGINE_LIST = `__typename id kind title summary status grades publishedAt updatedAt viewCount downloadCount
  authors { id fullName } organization { id name shortName } subjects { id name } levels { id code name } files { id fileName }
  ... on BestPractice { expertLevel } ... on MethodologicalMaterial { materialType } ... on Publication { year }`;

/**
 * The hits of ENGINE_LIST, with and without highlights, equal what the database path gives (keywords
 * are not in a document: asking for them sends the page there), from one statement of the database.
 */
async function expectEngineAnswers(target: TestApp, q: string) {
  const materialStatements = (statements: string[]) => statements.filter((sql) => /\bmaterial\b|material_/.test(sql));
  // The facets' labels name organizations: those statements aside, nothing reads a hit's relations.
  const readsRelations = (sql: string) =>
    !sql.includes(' as label') && /\b(person|organization|material_author|material_subject|material_level)\b/.test(sql);
  for (const highlights of [true, false]) {
    const engine = await runHits(target, hitsQuery(ENGINE_LIST, highlights), q);
    const database = await runHits(target, hitsQuery(`${ENGINE_LIST} keywords`, highlights), q);
    expect(engine.hits.length).toBeGreaterThan(0);
    expect(engine.hits).toEqual(
      database.hits.map((h: any) => withoutUndefined({ ...h, material: { ...h.material, keywords: undefined } })),
    );
    expect(materialStatements(engine.statements)).toHaveLength(1);
    expect(engine.statements.some(readsRelations)).toBe(false);
    expect(materialStatements(database.statements).length).toBeGreaterThan(1);
  }
}

describe('search: hits read what the query asks for', () => {
  const run = (query: string, q: string) => runHits(app, query, q);
  const entityLoad = (sql: string) => /from "material" as "m0"/.test(sql);

  it('answers a result list without entities, with the same values the entities give', async () => {
    // An author's position is not in the engine's documents: the read model's rows answer this list.
    const list = `${PLAIN} authors { id fullName position } organization { id name } subjects { name } levels { code } files { id fileName }
      ... on BestPractice { expertLevel } ... on MethodologicalMaterial { materialType } ... on Publication { year }`;
    for (const q of ['', 'функциональная грамотность']) {
      const plain = await run(hitsQuery(list), q);
      // Keywords are not a list's field: asking for them loads entities.
      const whole = await run(hitsQuery(`${list} keywords`), q);
      expect(plain.hits.length).toBeGreaterThan(0);
      expect(plain.hits).toEqual(
        whole.hits.map((h: any) => ({ ...h, material: { ...h.material, keywords: undefined } })).map(withoutUndefined),
      );
      expect(plain.statements.some(entityLoad)).toBe(false);
      expect(whole.statements.some(entityLoad)).toBe(true);
    }
    const all = await run(hitsQuery(list), '');
    const norm = all.hits.find((h: any) => h.material.title === m.norm.title).material;
    expect(norm.organization.name).toBe('Южная школа');
    const teacher = all.hits.find((h: any) => h.material.title === m.teacher.title).material;
    expect(teacher.authors).toEqual([{ id: author.globalId, fullName: 'Кузнецова Ольга Ивановна', position: author.position ?? null }]);
    expect(teacher.subjects).toEqual([{ name: 'Математика' }]);
  });

  it("answers a result list from the engine's documents: the database's values, one statement of it for the page", async () => {
    for (const q of ['', 'функциональная грамотность', 'математика']) await expectEngineAnswers(app, q);
    const all = await run(hitsQuery(ENGINE_LIST, false), '');
    const teacher = all.hits.find((h: any) => h.material.title === m.teacher.title).material;
    expect(teacher.authors).toEqual([{ id: author.globalId, fullName: 'Кузнецова Ольга Ивановна' }]);
    expect(teacher.subjects).toEqual([{ id: maths.globalId, name: 'Математика' }]);
    expect(teacher.levels).toEqual([{ id: noo.globalId, code: 'НОО', name: noo.name }]);
    expect(teacher.organization).toEqual({ id: expect.any(String), name: 'Северная школа', shortName: null });
    expect(teacher.status).toBe('PUBLISHED');
  });

  it('reads no texts of files when the highlights are not asked for', async () => {
    const withHighlights = await run(hitsQuery('id title'), 'функциональная грамотность');
    const without = await run(hitsQuery('id title', false), 'функциональная грамотность');
    expect(without.hits.map((h: any) => h.material)).toEqual(withHighlights.hits.map((h: any) => h.material));
    expect(withHighlights.statements.some((sql) => sql.includes('media_file'))).toBe(true);
    expect(without.statements.some((sql) => sql.includes('media_file'))).toBe(false);
  });
});

describe('search: a material unpublished since it was indexed', () => {
  // It changes a status behind the index's back: a database and indexes of its own.
  const own = useTestApp();

  it('is left out of the hits, whatever the query asks of them', async () => {
    const em = own.em();
    const gone = await buildMaterial(em, { title: 'Снятый с публикации материал о глобусах' });
    const kept = await buildMaterial(em, { title: 'Опубликованный материал о глобусах' });
    await buildFile(em, { fileName: 'глобус.pdf', text: 'Как склеить глобус', material: kept });
    await own.indexer.drainAll();
    // Archived a moment ago: the database says so, the index does not know yet.
    await own.em().getConnection().execute(`update material set status = 'ARCHIVED' where id = ?`, [gone.id]);
    // From the engine's documents, the read model's rows and entities alike.
    for (const material of ['id title', 'id title files { fileName }', `${PLAIN} keywords files { fileName }`]) {
      const res = await own.gql(hitsQuery(material), { q: 'глобусах' });
      expect(res.errors).toBeUndefined();
      expect(res.data.search.hits.map((h: any) => h.material.title)).toEqual([kept.title]);
      if (material.includes('files')) expect(res.data.search.hits[0].material.files).toEqual([{ fileName: 'глобус.pdf' }]);
    }
  });
});

describe("search: hits from the engine's documents", () => {
  const own = useTestApp();

  it('name the files, the short name of the organization and the year of a publication as the database does, and highlight only the fields asked for', async () => {
    const em = own.em();
    const school = await buildOrganization(em, {
      name: 'Муниципальное бюджетное общеобразовательное учреждение «Школа № 7»',
      shortName: 'МБОУ «Школа № 7»',
    });
    const writer = await buildPerson(em, { fullName: 'Орлова Анна Сергеевна', organization: school });
    const book = await buildMaterial(em, {
      kind: MaterialKind.PUBLICATION,
      title: 'Сборник задач по астрономии',
      authors: [writer],
      fields: { year: 2019 },
    });
    await buildFile(em, { fileName: 'задачи.pdf', text: 'Задачи по астрономии для 10 класса', material: book });
    await buildFile(em, { fileName: 'ответы.pdf', text: 'Ответы к задачам', material: book });
    await own.indexer.drainAll();
    await expectEngineAnswers(own, 'астрономии');
    const { hits } = await runHits(own, hitsQuery(ENGINE_LIST), 'астрономии');
    expect(hits[0].material).toMatchObject({
      year: 2019,
      organization: { name: school.name, shortName: 'МБОУ «Школа № 7»' },
      files: [{ fileName: 'задачи.pdf' }, { fileName: 'ответы.pdf' }],
    });
    expect(hits[0].highlights.map((h: any) => h.field)).toEqual(['TITLE', 'FILE']);

    // Only the highlights asked for, and only the texts they need.
    const only = (fields: string) =>
      runHits(
        own,
        `query($q: String) { search(query: $q, first: 10) { hits { material { id title } highlights(fields: [${fields}]) { field fragment fileName } } } }`,
        'астрономии',
      );
    const readsFiles = (statements: string[]) => statements.some((sql) => sql.includes('media_file'));
    const readsBody = (statements: string[]) => statements.some((sql) => /\bm\.body\b|\bbody\b/.test(sql));
    const title = await only('TITLE');
    expect(title.hits[0].highlights).toEqual([hits[0].highlights[0]]);
    expect(readsFiles(title.statements) || readsBody(title.statements)).toBe(false);
    const file = await only('FILE, BODY');
    expect(file.hits[0].highlights).toEqual([hits[0].highlights[1]]);
    expect(readsFiles(file.statements) && readsBody(file.statements)).toBe(true);
  });

  it('are answered from the database when a document was indexed before a field asked for existed', async () => {
    const em = own.em();
    const school = await buildOrganization(em, { name: 'Гимназия имени Пушкина', shortName: 'Гимназия Пушкина' });
    const old = await buildMaterial(em, { title: 'Барометр своими руками', organization: school });
    await own.indexer.drainAll();
    // As an older version indexed it: without the organization's short name.
    const index = own.search.client.index(own.search.names.materials);
    const { organizationShortName, ...document } = await index.getDocument(old.id);
    expect(organizationShortName).toBe('Гимназия Пушкина');
    await own.search.client.tasks.waitForTask((await index.addDocuments([document])).taskUid);
    const withShortName = await runHits(own, hitsQuery('id organization { name shortName }', false), 'барометр');
    expect(withShortName.hits).toEqual([
      { material: { id: old.globalId, organization: { name: school.name, shortName: 'Гимназия Пушкина' } } },
    ]);
    const withName = await runHits(own, hitsQuery('id organization { name }', false), 'барометр');
    expect(withName.hits).toEqual([{ material: { id: old.globalId, organization: { name: school.name } } }]);
    // The name is in the old document: the engine answers it; the short name is read from the database.
    const readsOrganizations = (statements: string[]) =>
      statements.some((sql) => !sql.includes(' as label') && /\bfrom "?organization\b/.test(sql));
    expect(readsOrganizations(withName.statements)).toBe(false);
    expect(readsOrganizations(withShortName.statements)).toBe(true);
  });

  it('are answered as the database has them when a material changed since it was indexed', async () => {
    const em = own.em();
    const physics = await buildSubject(em, 'Физика', 1);
    const changed = await buildMaterial(em, { title: 'Маятник Фуко на уроке физики', subjects: [physics] });
    await own.indexer.drainAll();
    // Renamed a moment ago (with its stamp, as every write does): the index does not know yet.
    await own
      .em()
      .getConnection()
      .execute(`update material set title = 'Маятник Фуко и маятник Максвелла', updated_at = now() where id = ?`, [changed.id]);
    const res = await own.gql(hitsQuery('id title subjects { name }'), { q: 'маятник' });
    expect(res.errors).toBeUndefined();
    expect(res.data.search.hits.map((h: any) => h.material)).toEqual([
      { id: changed.globalId, title: 'Маятник Фуко и маятник Максвелла', subjects: [{ name: 'Физика' }] },
    ]);
    expect(res.data.search.hits[0].highlights).toEqual([
      { field: 'TITLE', fragment: '<mark>Маятник</mark> Фуко и <mark>маятник</mark> Максвелла', fileName: null },
    ]);
  });
});

const withoutUndefined = (value: unknown) => JSON.parse(JSON.stringify(value));
