import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildMaterial, buildSubject } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { MaterialKind, MaterialStatus } from '../materials/material.enums.ts';
import { Collection, CollectionItem } from '../collections/collection.entity.ts';

const app = useTestApp();
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

async function feed(query = '') {
  const response = await fetch(`${app.url}/feed.xml${query}`);
  const text = await response.text();
  return { response, text };
}

const parse = (text: string) =>
  new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'author', 'category', 'link'].includes(name) }).parse(text).feed;

describe('Atom feed', () => {
  it('lists the newest published materials with everything RFC 4287 requires, and no drafts', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Лента-химия');
    await buildMaterial(em, {
      title: 'Лента: практика по химии & опыты <с водой>',
      kind: MaterialKind.BEST_PRACTICE,
      subjects: [subject],
      publishedAt: new Date('2026-10-01'),
    });
    await buildMaterial(em, { title: 'Лента: конспект', kind: MaterialKind.METHODOLOGICAL_MATERIAL, publishedAt: new Date('2026-10-02') });
    await buildMaterial(em, { title: 'Лента: черновик', status: MaterialStatus.DRAFT });

    const { response, text } = await feed();
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(text)).toBe(true);
    const atom = parse(text);
    expect(atom['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(atom.id).toBeTruthy();
    expect(atom.title).toBeTruthy();
    expect(atom.updated).toMatch(RFC3339);
    expect(atom.author[0].name).toBeTruthy();
    expect(atom.link.find((l: Record<string, string>) => l['@_rel'] === 'self')['@_href']).toBe(`${app.url}/feed.xml`);
    const titles = atom.entry.map((e: { title: string }) => e.title);
    expect(titles.slice(0, 2)).toEqual(['Лента: конспект', 'Лента: практика по химии & опыты <с водой>']);
    expect(titles).not.toContain('Лента: черновик');
    for (const entry of atom.entry) {
      expect(entry.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(entry.updated).toMatch(RFC3339);
      expect(entry.link[0]['@_href']).toMatch(/\/materials\/[A-Za-z0-9_-]+$/);
    }
  });

  it('narrows by kind and by subject name, and refuses an unknown kind', async () => {
    const byKind = parse((await feed('?kind=BEST_PRACTICE')).text);
    expect(
      byKind.entry.every((e: { category: Array<Record<string, string>> }) => e.category.some((c) => c['@_term'] === 'BEST_PRACTICE')),
    ).toBe(true);
    const bySubject = parse((await feed(`?subject=${encodeURIComponent('лента-химия')}`)).text);
    expect(bySubject.entry.map((e: { title: string }) => e.title)).toEqual(['Лента: практика по химии & опыты <с водой>']);
    const bad = await feed('?kind=LESSON');
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain('kind=LESSON');
  });

  it('subscribes to a search of the search page (its own query string) and to a collection', async () => {
    const em = app.em();
    const hit = await buildMaterial(em, { title: 'Лента поиска: квест по астрономии', publishedAt: new Date('2026-10-05') });
    await buildMaterial(em, { title: 'Лента поиска: что-то другое', publishedAt: new Date('2026-10-06') });
    await app.indexer.drainAll();
    const searched = await feed(`?q=${encodeURIComponent('астрономии')}`);
    expect(searched.response.status).toBe(200);
    const atom = parse(searched.text);
    expect(atom.title).toBe('Методическая база знаний: «астрономии»');
    expect(atom.entry.map((e: { title: string }) => e.title)).toEqual(['Лента поиска: квест по астрономии']);
    expect(atom.entry[0].link[0]['@_href']).toMatch(new RegExp(`/materials/${hit.globalId}$`));
    // A broken facet value is refused with the field, as the API would.
    const bad = await feed('?q=x&level=not-an-id');
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain('filter.levelIds');

    const collection = em.create(Collection, { title: 'Лента: подборка', published: true });
    em.create(CollectionItem, { collection, material: hit, position: 1 });
    await em.flush();
    const byCollection = parse((await feed(`?collection=${collection.globalId}`)).text);
    expect(byCollection.title).toBe('Подборка «Лента: подборка»');
    expect(byCollection.entry.map((e: { title: string }) => e.title)).toEqual(['Лента поиска: квест по астрономии']);
    expect((await feed('?collection=nonsense')).response.status).toBe(404);
  });
});
