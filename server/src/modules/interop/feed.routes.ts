import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import express from 'express';
import { isEnumValue } from '../../common/enums.ts';
import { xml } from '../../common/xml.ts';
import { normalizeName } from './matching.ts';
import { KIND_LABELS, MaterialKind, MaterialStatus } from '../materials/material.enums.ts';
import { Material } from '../materials/material.entity.ts';
import { Subject } from '../dictionaries/dictionary.entity.ts';

const ENTRIES = 50;


/**
 * `/feed.xml`: an Atom feed (RFC 4287) of the newest published materials, narrowed by
 * `?kind=BEST_PRACTICE` and `?subject=Математика` (name or id; each may repeat).
 */
export function feedRoutes(orm: MikroORM, publicUrl: () => string): express.Router {
  const router = express.Router();
  router.get('/feed.xml', async (req, res) => {
    const em = orm.em.fork() as EntityManager;
    const kinds = [req.query.kind].flat().filter((k): k is string => typeof k === 'string');
    const badKind = kinds.find((k) => !isEnumValue(MaterialKind, k));
    if (badKind !== undefined) return res.status(400).type('text/plain; charset=utf-8').send(`kind=${badKind}: допустимы ${Object.keys(MaterialKind).join(', ')}`);
    const subjectNames = [req.query.subject].flat().filter((s): s is string => typeof s === 'string');
    const subjects = subjectNames.length ? (await em.find(Subject, {})).filter((s) => subjectNames.some((n) => n === s.id || normalizeName(n) === normalizeName(s.name))) : [];
    if (subjectNames.length && !subjects.length) return res.status(400).type('text/plain; charset=utf-8').send(`subject=${subjectNames.join(', ')}: такого предмета нет`);

    const where: Record<string, unknown> = { status: MaterialStatus.PUBLISHED };
    if (kinds.length) where.kind = { $in: kinds };
    if (subjects.length) where.subjects = { $in: subjects.map((s) => s.id) };
    const materials = await em.find(Material, where, { populate: ['authorships.person', 'subjects'] as never, orderBy: { publishedAt: 'desc', id: 'asc' }, limit: ENTRIES });

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
      '<title>Методическая база знаний: новые материалы</title>',
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
