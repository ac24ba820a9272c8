import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import express from 'express';
import { toGlobalId } from '../../common/global-id.ts';
import { xml } from '../../common/xml.ts';
import type { Viewer } from '../accounts/viewer.ts';
import type { MaterialKind } from '../materials/material.enums.ts';
import { KIND_CLASSES } from '../materials/material.entity.ts';
import { firstData, type RunOperation } from './first-data.ts';
import { renderShell } from './html-shell.ts';
import { pageHead } from './page-head.ts';
import { routePreloads, type Manifest } from './route-preload.ts';
import { PAGES, PRIVATE_PAGES } from '../../../../client/src/app/paths.ts';

/** Where the private pages live, from the client's page table: `/my`, `/my/materials/` (a page with an id: its prefix). */
const PRIVATE_PATHS = [
  ...new Set(
    PRIVATE_PAGES.map((page) =>
      PAGES[page].source
        .replace(/^\^|\$$/g, '')
        .replace(/\\\//g, '/')
        .replace(/\(.*$/, ''),
    ),
  ),
];

/** At most this many addresses in one sitemap file (the protocol's limit is 50,000). */
export const SITEMAP_FILE_SIZE = 50_000;

/**
 * The public pages with their last change, per section. People and organizations count as pages
 * once a published material names them; a page changes when anything it shows changes.
 */
const SECTIONS = {
  materials: `select m.id, m.kind as type, m.updated_at as changed from material m where m.status = 'PUBLISHED'`,
  collections: `select c.id, 'Collection' as type, greatest(c.updated_at, max(m.updated_at)) as changed
    from collection c left join collection_item i on i.collection_id = c.id left join material m on m.id = i.material_id and m.status = 'PUBLISHED'
    where c.published group by c.id`,
  people: `select p.id, 'Person' as type, greatest(p.updated_at, max(m.updated_at)) as changed
    from person p join material_author a on a.person_id = p.id join material m on m.id = a.material_id and m.status = 'PUBLISHED' group by p.id`,
  organizations: `select o.id, 'Organization' as type, greatest(o.updated_at, max(m.updated_at)) as changed
    from organization o join material m on m.organization_id = o.id and m.status = 'PUBLISHED' group by o.id`,
} as const;
type Section = keyof typeof SECTIONS;
const PATH_OF: Record<Section, string> = {
  materials: 'materials',
  collections: 'collections',
  people: 'people',
  organizations: 'organizations',
};

interface Row {
  id: string;
  type: string;
  changed: Date | string;
}

const typeName = (row: Row) => (Object.hasOwn(KIND_CLASSES, row.type) ? KIND_CLASSES[row.type as MaterialKind].name : row.type);
const day = (value: Date | string) => new Date(value).toISOString().slice(0, 10);

/** A file of the client's build, read again only when a new build replaced it; undefined before the first build. */
function builtFile<T>(file: string, parse: (text: string) => T): () => T | undefined {
  let cached: { mtimeMs: number; value: T } | undefined;
  return () => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return undefined;
    if (cached?.mtimeMs !== stat.mtimeMs) cached = { mtimeMs: stat.mtimeMs, value: parse(fs.readFileSync(file, 'utf8')) };
    return cached.value;
  };
}

function xmlAnswer(res: express.Response, body: string) {
  res
    .set('Cache-Control', 'public, max-age=3600')
    .type('application/xml; charset=utf-8')
    .send(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

export interface SeoOptions {
  orm: MikroORM;
  /** The site's origin for absolute links (canonical, OpenGraph, sitemap, robots.txt): PUBLIC_URL, never the Host header. */
  publicUrl: () => string;
  /** The client's built `index.html`; absent before the first build. */
  shellFile: string;
  /** Who asks (from the session cookie): an author's own draft is a page for its author. */
  viewerOf(req: express.Request): Promise<Viewer | null>;
  /** Runs GraphQL operations as `/graphql` would for this request's caller: the page's first answers go into its HTML. */
  operationsFor?(req: express.Request, res: express.Response): Promise<RunOperation>;
}

/**
 * What search engines and messengers read: `/robots.txt`, `/sitemap.xml` (an index of the
 * sitemap files of each section, 50,000 addresses each) and every client page as the client's
 * HTML shell with the page's own head, answered 404 for a path or id that names nothing.
 */
export function seoRoutes({ orm, publicUrl, shellFile, viewerOf, operationsFor }: SeoOptions): express.Router {
  const router = express.Router();

  router.get('/robots.txt', (_req, res) => {
    const origin = publicUrl();
    const lines = [
      'User-agent: *',
      ...[...PRIVATE_PATHS, '/graphql', '/api/', '/?'].map((path) => `Disallow: ${path}`),
      '',
      `Sitemap: ${origin}/sitemap.xml`,
      '',
    ];
    res.set('Cache-Control', 'public, max-age=3600').type('text/plain; charset=utf-8').send(lines.join('\n'));
  });

  router.get('/sitemap.xml', async (req, res) => {
    const em = orm.em.fork() as EntityManager;
    const origin = publicUrl();
    const files: string[] = [];
    for (const section of Object.keys(SECTIONS) as Section[]) {
      const [row] = await em.execute<Array<{ count: string; changed: Date | null }>>(
        `select count(*) as count, max(changed) as changed from (${SECTIONS[section]}) s`,
      );
      const pages = Math.ceil(Number(row!.count) / SITEMAP_FILE_SIZE);
      for (let page = 1; page <= pages; page++) {
        files.push(
          `<sitemap><loc>${xml(`${origin}/sitemaps/${section}-${page}.xml`)}</loc>${row!.changed ? `<lastmod>${day(row!.changed)}</lastmod>` : ''}</sitemap>`,
        );
      }
    }
    xmlAnswer(res, `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${files.join('\n')}\n</sitemapindex>`);
  });

  router.get('/sitemaps/:file', async (req, res, next) => {
    const match = /^(materials|collections|people|organizations)-([1-9]\d{0,5})\.xml$/.exec(req.params.file ?? '');
    if (!match) return next();
    const section = match[1] as Section;
    const page = Number(match[2]);
    const em = orm.em.fork() as EntityManager;
    const rows = await em.execute<Row[]>(
      `select * from (${SECTIONS[section]}) s order by s.id limit ${SITEMAP_FILE_SIZE} offset ${(page - 1) * SITEMAP_FILE_SIZE}`,
    );
    if (!rows.length) return res.status(404).type('text/plain; charset=utf-8').send(`В разделе ${section} нет страницы ${page}`);
    const origin = publicUrl();
    const urls = rows.map(
      (row) =>
        `<url><loc>${xml(`${origin}/${PATH_OF[section]}/${toGlobalId(typeName(row), row.id)}`)}</loc><lastmod>${day(row.changed)}</lastmod></url>`,
    );
    xmlAnswer(res, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>`);
  });

  const shell = builtFile(shellFile, (text) => text);
  // The build's list of chunks: which scripts each page needs besides the shell's.
  const manifest = builtFile(path.join(path.dirname(shellFile), '.vite/manifest.json'), (text) => JSON.parse(text) as Manifest);

  router.get('/{*rest}', async (req, res, next) => {
    const template = shell();
    if (!template) return next();
    const viewer = await viewerOf(req);
    // Only an anonymous visitor's page carries answers: nobody's name, address or drafts are written
    // into HTML that browsers keep on disk and compress beside text taken from the address.
    const carriesData = operationsFor && !viewer && !req.get('authorization');
    const query = req.url.indexOf('?');
    const [head, data] = await Promise.all([
      pageHead(orm.em.fork() as EntityManager, viewer, req.path),
      carriesData
        ? firstData(req.path, new URLSearchParams(query < 0 ? '' : req.url.slice(query + 1)), () => operationsFor(req, res))
        : undefined,
    ]);
    const built = manifest();
    // The HTML depends on the session (an author's draft): shared caches must not keep it.
    res
      .status(head.status)
      .set('Cache-Control', 'no-cache, private')
      .type('html')
      .send(renderShell(template, head, publicUrl(), built ? routePreloads(built, req.path) : [], head.status === 200 ? data : undefined));
  });
  return router;
}
