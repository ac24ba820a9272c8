import { beforeAll, describe, expect, it } from 'vitest';
import { buildMaterial, buildOrganization, buildPerson } from '../../test/factories.ts';
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
  await app.indexer.drainAll();
});

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

