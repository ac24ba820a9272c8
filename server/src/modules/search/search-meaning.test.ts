import { beforeAll, describe, expect, it } from 'vitest';
import { buildLevel, buildMaterial, buildOrganization, buildPerson, buildSubject } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';

const app = useTestApp();

/** Materials a teacher's words must reach in other derivations, cases and orders of importance. */
const T = {
  theatre: 'Школьный театр как средство развития речи',
  theatrical: 'Театральная студия в детском саду',
  game: 'Игра как ведущая деятельность дошкольника',
  gaming: 'Игровые технологии на уроках окружающего мира',
  experiment: 'Эксперимент на уроке химии',
  experimental: 'Экспериментальные задачи по физике',
  maths: 'Методические рекомендации для учителей основной школы по математике',
  physics: 'Методические рекомендации для учителей основной школы по физике',
  astronomy: 'Астрономия: наблюдения звёздного неба',
  astronomyAll: 'Методические рекомендации по астрономии для учителей основной школы',
  byIvanova: 'Рабочий лист по теме «Дроби»',
  byRomanov: 'Опорные конспекты по теме «Векторы»',
  aboutMaterials: 'Материалы к уроку: раздаточные карточки',
} as const;

beforeAll(async () => {
  const em = app.em();
  const school = await buildOrganization(em, { name: 'МБОУ «Школа № 9»' });
  const ivanova = await buildPerson(em, { fullName: 'Иванова Мария Петровна', organization: school });
  const romanov = await buildPerson(em, { fullName: 'Романов Павел Андреевич', organization: school });
  const other = await buildPerson(em, { fullName: 'Кузьмина Ольга Юрьевна', organization: school });
  for (const [key, title] of Object.entries(T)) {
    const authors = key === 'byIvanova' ? [ivanova] : key === 'byRomanov' ? [romanov] : [other];
    await buildMaterial(em, { title, summary: key === 'aboutMaterials' ? 'Статьи и материалы для учителя' : 'Опыт работы', authors });
  }
  const [chemistry, biology] = [await buildSubject(em, 'Химия'), await buildSubject(em, 'Биология')];
  const [noo, ooo] = [await buildLevel(em, 'НОО'), await buildLevel(em, 'ООО')];
  // The boosted materials have the query's words later in the title: without the boost they come last.
  await buildMaterial(em, { title: W.plain, grades: [5], subjects: [biology], levels: [ooo], authors: [other] });
  await buildMaterial(em, { title: W.eighth, grades: [8], subjects: [chemistry], levels: [ooo], authors: [other] });
  await buildMaterial(em, { title: W.primary, grades: [2], subjects: [biology], levels: [noo], authors: [other] });
  await app.indexer.drainAll();
});

const W = {
  plain: 'Опыты с водой: подборка заданий',
  eighth: 'Задания и ответы: опыты с водой',
  primary: 'Для любознательных: опыты с водой',
} as const;

const titles = async (query: string): Promise<string[]> => {
  const res = await app.gql(`query($q: String) { search(query: $q, first: 20) { hits { material { title } } } }`, { q: query });
  expect(res.errors).toBeUndefined();
  return res.data.search.hits.map((h: { material: { title: string } }) => h.material.title);
};

describe('derivations: a noun finds its adjective and back, the exact form first', () => {
  it.each([
    ['театр', T.theatre, T.theatrical],
    ['театральная', T.theatrical, T.theatre],
    ['игра', T.game, T.gaming],
    ['игровые', T.gaming, T.game],
    ['эксперимент', T.experiment, T.experimental],
    ['экспериментальные', T.experimental, T.experiment],
  ])('«%s» → «%s» first, then «%s»', async (query, exact, derived) => {
    const found = await titles(query);
    expect(found).toContain(derived);
    expect(found.indexOf(exact)).toBe(0);
  });
});

describe('rare words decide a long query', () => {
  it('ranks the material with the rare word above those with only the common words, all words first', async () => {
    const found = await titles('методические рекомендации для учителей основной школы астрономия');
    expect(found[0]).toBe(T.astronomyAll);
    expect(found.indexOf(T.astronomy)).toBe(1);
    // The materials with only the common words come after it, if at all.
    expect(found.slice(0, 2)).not.toContain(T.maths);
    expect(found.slice(0, 2)).not.toContain(T.physics);
  });
});

describe('authors in any case', () => {
  it.each([
    ['материалы Ивановой', T.byIvanova],
    ['Иванова', T.byIvanova],
    ['статьи Романова', T.byRomanov],
    ['Романову', T.byRomanov],
    ['Романов', T.byRomanov],
  ])('«%s» puts the author’s material first, above materials that merely have the other words', async (query, title) => {
    expect((await titles(query))[0]).toBe(title);
  });
});

describe('query understanding: a class, a level, a subject boost, never filter', () => {
  const SEARCH = `query($q: String, $ignore: [String!]) { search(query: $q, ignore: $ignore, first: 20) {
    totalCount understood { kind key label text } hits { material { title } } } }`;
  const ask = async (q: string, ignore?: string[]) => {
    const res = await app.gql(SEARCH, { q, ignore });
    expect(res.errors).toBeUndefined();
    return { ...res.data.search, titles: res.data.search.hits.map((h: { material: { title: string } }) => h.material.title) as string[] };
  };

  // A class is not in the materials' words: without its chip the boosted material goes back to
  // where its words put it. A level and a subject are words too (the thesaurus reads «начальная
  // школа» as НОО, subjects are indexed), so they are only checked to be read and then dropped.
  it.each([
    ['опыты с водой 8 класс', W.eighth, { kind: 'GRADE', key: 'grade:8', label: '8 класс', text: '8 класс' }, true],
    ['опыты с водой в 7–8 классах', W.eighth, { kind: 'GRADE', key: 'grade:7-8', label: '7–8 классы', text: 'в 7–8 классах' }, true],
    ['опыты с водой по химии', W.eighth, { kind: 'SUBJECT', label: 'Химия', text: 'по химии' }, false],
    ['опыты с водой начальная школа', W.primary, { kind: 'LEVEL', key: 'level:НОО', text: 'начальная школа' }, false],
    ['опыты с водой младшие школьники', W.primary, { kind: 'LEVEL', key: 'level:НОО' }, false],
  ])('«%s» puts «%s» first and keeps the others', async (query, boosted, part, wordsAlone) => {
    const result = await ask(query);
    expect(result.understood).toEqual([expect.objectContaining(part)]);
    expect(result.titles[0]).toBe(boosted);
    expect(result.titles).toEqual(expect.arrayContaining(Object.values(W)));
    const plain = await ask(query, [result.understood[0].key]);
    expect(plain.understood).toEqual([]);
    if (wordsAlone) expect(plain.titles[0]).not.toBe(boosted);
  });

  it('refuses too many or too long ignored keys, naming the argument', async () => {
    for (const ignore of [Array.from({ length: 21 }, (_, i) => `grade:${i}`), ['x'.repeat(101)]]) {
      const res = await app.gql('query($i: [String!]) { search(query: "опыты", ignore: $i) { totalCount } }', { i: ignore });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain('ignore');
    }
  });
});

describe('when nothing is found', () => {
  const SEARCH = `query($q: String) { search(query: $q) { totalCount partialMatch correctedQuery hits { material { title } } } }`;
  const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';
  const ask = async (q: string) => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER },
      body: JSON.stringify({ query: SEARCH, variables: { q } }),
    });
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    return { ...body.data.search, titles: body.data.search.hits.map((h: { material: { title: string } }) => h.material.title) as string[] };
  };

  it('answers a typo beyond the engine’s tolerance with the bank’s own word, and says so', async () => {
    const result = await ask('хемия');
    expect(result.correctedQuery).toMatch(/^хими[яи]$/);
    expect(result.titles).toContain(T.experiment);
    const fine = await ask('химия');
    expect(fine.correctedQuery).toBeNull();
    // Beside a word that matched, the typo would leave partial matches: the correction finds every word.
    expect(await ask('эксперимент хемия')).toMatchObject({
      correctedQuery: expect.stringMatching(/^эксперимент хими[яи]$/),
      partialMatch: false,
      titles: [T.experiment],
    });
  });

  it('falls back to the best partial matches when no material has every word, and says so', async () => {
    expect(await ask('материалы Ивановой')).toMatchObject({ partialMatch: true, titles: expect.arrayContaining([T.byIvanova]) });
    expect(await ask('Иванова')).toMatchObject({ partialMatch: false });
    expect(await ask('квазизвёздный радиотелескоп')).toMatchObject({ totalCount: 0, partialMatch: false, correctedQuery: null });
  });

  it('counts both in the zero-result report', async () => {
    await app.files.usage.flush();
    const zero = async () =>
      new Map(
        (
          await app
            .em()
            .getConnection()
            .execute<Array<{ query: string; zero: number }>>(
              `select query, sum(zero_results)::int as zero from search_query_daily group by query`,
            )
        ).map((r) => [r.query, r.zero]),
      );
    const before = await zero();
    for (const q of ['хемия', 'материалы Ивановой', 'Иванова']) await ask(q);
    await app.files.usage.flush();
    const after = await zero();
    expect((after.get('хемия') ?? 0) - (before.get('хемия') ?? 0)).toBe(1);
    expect((after.get('материалы ивановой') ?? 0) - (before.get('материалы ивановой') ?? 0)).toBe(1);
    expect((after.get('иванова') ?? 0) - (before.get('иванова') ?? 0)).toBe(0);
  });
});
