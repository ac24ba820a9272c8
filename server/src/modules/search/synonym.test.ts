import { beforeAll, describe, expect, it } from 'vitest';
import { buildMaterial } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role } from '../accounts/user.entity.ts';

const app = useTestApp();
const TITLE = 'Центр оценки квалификаций: как подготовиться педагогу';

const CREATE = `mutation($input: SearchSynonymInput!) { createSearchSynonym(input: $input) { id kind term variants } }`;
const UPDATE = `mutation($id: ID!, $input: SearchSynonymInput!) { updateSearchSynonym(id: $id, input: $input) { id term variants } }`;
const DELETE = `mutation($id: ID!) { deleteSearchSynonym(id: $id) }`;
const titles = async (q: string) =>
  (
    (await app.gql(`query($q: String) { search(query: $q) { hits { material { title } } } }`, { q })).data.search.hits as Array<{
      material: { title: string };
    }>
  ).map((h) => h.material.title);

beforeAll(async () => {
  await buildMaterial(app.em(), { title: TITLE });
  await app.indexer.drainAll();
});

describe('the search thesaurus as data', () => {
  it('ships a thorough starting thesaurus: 150+ abbreviations of school education and teachers’ wording', async () => {
    const { data } = await app.gql(`{ searchSynonyms { kind term variants } }`);
    const abbreviations = data.searchSynonyms.filter((e: { kind: string }) => e.kind === 'ABBREVIATION');
    expect(abbreviations.length).toBeGreaterThanOrEqual(150);
    const terms = new Set(data.searchSynonyms.map((e: { term: string }) => e.term));
    for (const term of ['ОДНКНР', 'ПМПК', 'АООП', 'ИОМ', 'ЦОС', 'СанПиН', 'ППк', 'физра', 'продлёнка', 'внеурочка'])
      expect(terms, term).toContain(term);
    expect(data.searchSynonyms).toContainEqual({ kind: 'WORDING', term: 'продлёнка', variants: ['группа продлённого дня'] });
  });

  it('a methodist’s new entry reaches search as a settings update, without indexing any material again', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    expect(await titles('ЦОК')).toEqual([]);
    const tasksOfIndex = async () =>
      (await app.search.client.tasks.getTasks({ indexUids: [app.search.names.materials], limit: 50 })).results;
    const before = (await tasksOfIndex())[0]!.uid;

    const created = await app.gql(
      CREATE,
      { input: { kind: 'ABBREVIATION', term: ' ЦОК ', variants: ['центр оценки квалификаций', 'центр оценки квалификаций'] } },
      methodist.token,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createSearchSynonym).toMatchObject({ kind: 'ABBREVIATION', term: 'ЦОК', variants: ['центр оценки квалификаций'] });
    await app.indexer.drainAll();
    expect(await titles('ЦОК')).toEqual([TITLE]);
    const tasks = (await tasksOfIndex()).filter((t) => t.uid > before);
    expect(tasks.map((t) => [t.type, Object.keys(t.details ?? {})])).toEqual([['settingsUpdate', ['synonyms']]]);

    const id = created.data.createSearchSynonym.id;
    const changed = await app.gql(
      UPDATE,
      { id, input: { kind: 'ABBREVIATION', term: 'ЦОК', variants: ['центр оценки качества'] } },
      methodist.token,
    );
    expect(changed.data.updateSearchSynonym.variants).toEqual(['центр оценки качества']);
    await app.indexer.drainAll();
    expect(await titles('ЦОК')).toEqual([]);

    expect((await app.gql(DELETE, { id }, methodist.token)).data.deleteSearchSynonym).toBe(id);
    await app.indexer.drainAll();
    expect((await app.gql(`{ searchSynonyms { term } }`)).data.searchSynonyms.map((e: { term: string }) => e.term)).not.toContain('ЦОК');
  });

  it('only methodists edit it, and a bad entry is refused naming its field, leaving the thesaurus as it was', async () => {
    const input = { kind: 'WORDING', term: 'матеша', variants: ['математика'] };
    expect((await app.gql(CREATE, { input })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const reader = await signIn(app, Role.READER);
    expect((await app.gql(CREATE, { input }, reader.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const methodist = await signIn(app, Role.METHODIST);
    const count = async () => (await app.gql(`{ searchSynonyms { id } }`)).data.searchSynonyms.length;
    const before = await count();
    for (const [bad, field] of [
      [{ ...input, term: 'ОВЗ' }, 'input.term'],
      [{ ...input, term: 'овз' }, 'input.term'],
      [{ ...input, variants: ['Матеша'] }, 'input.variants'],
      [{ ...input, variants: [] }, 'input.variants'],
      [{ ...input, term: ' — ' }, 'input.term'],
    ] as const) {
      const res = await app.gql(CREATE, { input: bad }, methodist.token);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(bad)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain(field);
    }
    expect(await count()).toBe(before);
  });
});
