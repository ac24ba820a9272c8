import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import express from 'express';
import { xml } from '../../common/xml.ts';
import { KIND_LABELS, MaterialKind } from '../materials/material.enums.ts';
import type { Material } from '../materials/material.entity.ts';
import type { SearchDeps } from '../search/search.service.ts';
import { FeedQueryError, feedMaterials } from './feed-query.ts';

/**
 * `/feed.xml`: an Atom feed (RFC 4287) of the newest published materials that the query string
 * selects (`feedMaterials`: kinds and subjects, one collection, or any search of the search page).
 */
export function feedRoutes(orm: MikroORM, search: SearchDeps, publicUrl: () => string): express.Router {
  const router = express.Router();
  router.get('/feed.xml', async (req, res) => {
    const em = orm.em.fork() as EntityManager;
    let materials: Material[];
    let feedTitle: string;
    try {
      ({ materials, title: feedTitle } = await feedMaterials(em, search, new URLSearchParams(req.originalUrl.split('?')[1] ?? '')));
    } catch (error) {
      if (!(error instanceof FeedQueryError)) throw error;
      return res.status(error.status).type('text/plain; charset=utf-8').send(error.message);
    }
    const base = publicUrl();
    const self = `${base}${req.originalUrl}`;
    const updated = materials.reduce((latest, m) => (m.updatedAt > latest ? m.updatedAt : latest), new Date(0));
    const entries = materials.map((m) => {
      const link = `${base}/materials/${m.globalId}`;
      const authors = [...m.authorships.getItems()]
        .sort((a, b) => a.position - b.position)
        .map((a) => `<author><name>${xml(a.person.getEntity().fullName)}</name></author>`);
      const categories = [
        `<category term="${m.kind}" label="${xml(KIND_LABELS[m.kind as MaterialKind])}"/>`,
        ...m.subjects.getItems().map((s) => `<category term="${xml(s.name)}"/>`),
      ];
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
