import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import express from 'express';
import { isEnumValue } from '../../common/enums.ts';
import { xml } from '../../common/xml.ts';
import { normalizeName } from './matching.ts';
import { KIND_LABELS, MaterialKind, MaterialStatus } from '../materials/material.enums.ts';
import { Material } from '../materials/material.entity.ts';
import { Subject } from '../dictionaries/dictionary.entity.ts';
import { CollectionItem } from '../collections/collection.entity.ts';
import { CollectionService } from '../collections/collection.service.ts';
import { uuidOrNull } from '../../common/global-id.ts';
import { SearchService, type SearchDeps } from '../search/search.service.ts';
import { SearchSort, type SearchFilter } from '../search/search.types.ts';
import { parseSearchState, toFilter } from '../../../../client/src/features/search/search-state.ts';

const ENTRIES = 50;


/**
 * `/feed.xml`: an Atom feed (RFC 4287) of the newest published materials, narrowed by
 * `?kind=BEST_PRACTICE` and `?subject=Математика` (name or id; each may repeat), or the materials
 * of one collection (`?collection=<id>`), or any search of the search page: its own query string
 * (`?q=…&level=…`) subscribes to what that search finds, newest first.
 */
export function feedRoutes(orm: MikroORM, search: SearchDeps, publicUrl: () => string): express.Router {
  const router = express.Router();
  router.get('/feed.xml', async (req, res) => {
    const em = orm.em.fork() as EntityManager;
    const refuse = (message: string) => res.status(400).type('text/plain; charset=utf-8').send(message);
    const params = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    const kinds = params.getAll('kind');
    const badKind = kinds.find((k) => !isEnumValue(MaterialKind, k));
    if (badKind !== undefined) return refuse(`kind=${badKind}: допустимы ${Object.keys(MaterialKind).join(', ')}`);
    const state = parseSearchState(params);
    const searched = state.query !== '' || Object.keys(state.selected).some((facet) => facet !== 'KIND' && facet !== 'SUBJECT');
    let materials: Material[];
    let feedTitle = 'Методическая база знаний: новые материалы';
    const collectionId = params.get('collection');
    if (collectionId) {
      const id = uuidOrNull(collectionId, ['Collection']);
      const collection = id ? await new CollectionService(em, null).findById(id) : null;
      if (!collection) return res.status(404).type('text/plain; charset=utf-8').send(`collection=${collectionId}: такой опубликованной подборки нет`);
      const items = await em.find(CollectionItem, { collection: collection.id, material: { status: MaterialStatus.PUBLISHED } }, { populate: ['material'] as never, orderBy: { material: { publishedAt: 'desc' } } as never, limit: ENTRIES });
      materials = items.map((item) => item.material.getEntity());
      feedTitle = `Подборка «${collection.title}»`;
    } else if (searched) {
      // The search page's own state: the same words and facets find the same materials.
      try {
        const result = await new SearchService(em, null, search).search({ query: state.query, filter: toFilter(state) as SearchFilter, sort: SearchSort.NEWEST, first: ENTRIES });
        materials = result.hits.map((hit) => hit.material);
      } catch (error) {
        return refuse((error as Error).message);
      }
      if (state.query) feedTitle = `Методическая база знаний: «${state.query}»`;
    } else {
      const subjectNames = params.getAll('subject');
      const subjects = subjectNames.length ? (await em.find(Subject, {})).filter((s) => subjectNames.some((n) => n === s.id || n === s.globalId || normalizeName(n) === normalizeName(s.name))) : [];
      if (subjectNames.length && !subjects.length) return refuse(`subject=${subjectNames.join(', ')}: такого предмета нет`);
      const where: Record<string, unknown> = { status: MaterialStatus.PUBLISHED };
      if (kinds.length) where.kind = { $in: kinds };
      if (subjects.length) where.subjects = { $in: subjects.map((s) => s.id) };
      materials = await em.find(Material, where, { orderBy: { publishedAt: 'desc', id: 'asc' }, limit: ENTRIES });
      if (subjects.length) feedTitle = `Методическая база знаний: ${subjects.map((s) => s.name).join(', ')}`;
    }
    await em.populate(materials, ['authorships.person', 'subjects'] as never[]);

    const base = publicUrl();
    const self = `${base}${req.originalUrl}`;
    const updated = materials.reduce((latest, m) => (m.updatedAt > latest ? m.updatedAt : latest), new Date(0));
    const entries = materials.map((m) => {
      const link = `${base}/materials/${m.globalId}`;
      const authors = [...m.authorships.getItems()].sort((a, b) => a.position - b.position).map((a) => `<author><name>${xml(a.person.getEntity().fullName)}</name></author>`);
      const categories = [`<category term="${m.kind}" label="${xml(KIND_LABELS[m.kind as MaterialKind])}"/>`, ...m.subjects.getItems().map((s) => `<category term="${xml(s.name)}"/>`)];
      return [
        '<entry>',
        `<id>urn:uuid:${m.id}</id>`,
        `<title>${xml(m.title)}</title>`,
        `<link rel="alternate" type="text/html" href="${xml(link)}"/>`,
        `<published>${(m.publishedAt ?? m.createdAt).toISOString()}</published>`,
        `<updated>${m.updatedAt.toISOString()}</updated>`,
        ...authors,
        ...categories,
        `<summary>${xml(m.summary || m.title)}</summary>`,
        '</entry>',
      ].join('');
    });
    const body = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">',
      `<id>${xml(self)}</id>`,
      `<title>${xml(feedTitle)}</title>`,
      `<updated>${(materials.length ? updated : new Date()).toISOString()}</updated>`,
      // Entries without authors (normative acts) take the feed's.
      '<author><name>Информационно-методический центр</name></author>',
      `<link rel="self" type="application/atom+xml" href="${xml(self)}"/>`,
      `<link rel="alternate" type="text/html" href="${xml(base)}/"/>`,
      ...entries,
      '</feed>',
    ].join('\n');
    res.set('Cache-Control', 'public, max-age=300').type('application/atom+xml; charset=utf-8').send(body);
  });
  return router;
}
