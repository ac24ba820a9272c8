import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { ref } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../common/global-id.ts';
import { buildMaterial, buildOrganization, buildPerson, buildUser, TEST_PASSWORD } from '../../test/factories.ts';
import { Role } from '../accounts/user.entity.ts';
import { loadSafelist } from '../../common/safelist.ts';
import { useTestApp } from '../../test/harness.ts';
import { Collection, CollectionItem } from '../collections/collection.entity.ts';
import { MaterialKind, MaterialStatus } from '../materials/material.enums.ts';
import { Person } from '../people/person.entity.ts';

// The client's own index.html as the shell: the build keeps its head and only rewrites the script tags.
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-shell-'));
fs.copyFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../client/index.html'),
  path.join(clientDir, 'index.html'),
);
const app = useTestApp({ clientDir });

/** The page as a crawler or a messenger gets it: one plain GET, no script run. */
async function page(pathname: string) {
  const response = await fetch(`${app.url}${pathname}`);
  const html = await response.text();
  const head = html.slice(0, html.indexOf('</head>'));
  const meta = (selector: string) => new RegExp(`<meta ${selector} content="([^"]*)"`).exec(head)?.[1];
  const decode = (text: string | undefined) =>
    text
      ?.replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return {
    status: response.status,
    html,
    head,
    title: decode(/<title>([^<]*)<\/title>/.exec(head)?.[1]),
    description: decode(meta('name="description"')),
    og: (property: string) => decode(meta(`property="og:${property}"`)),
    canonical: decode(/<link rel="canonical" href="([^"]*)"/.exec(head)?.[1]),
    jsonLd: (() => {
      const text = /<script type="application\/ld\+json" data-page-head>([\s\S]*?)<\/script>/.exec(head)?.[1];
      return text ? JSON.parse(text) : undefined;
    })(),
    noindex: head.includes('<meta name="robots" content="noindex"'),
  };
}

describe('pages as the server sends them', () => {
  it('a material page carries its own title, description, canonical address, OpenGraph tags and JSON-LD before any script', async () => {
    const em = app.em();
    const author = await buildPerson(em, { fullName: 'Соколова Анна Игоревна', position: 'учитель биологии' });
    const material = await buildMaterial(em, {
      title: 'Экскурсия в осенний лес',
      summary: 'Маршрут и задания для 5 класса.',
      authors: [author],
      keywords: ['экскурсия'],
    });
    const url = `/materials/${material.globalId}`;

    const got = await page(url);
    expect(got.status).toBe(200);
    expect(got.title).toBe('Экскурсия в осенний лес — Методическая база знаний');
    expect(got.description).toBe('Маршрут и задания для 5 класса.');
    expect(got.canonical).toBe(`${app.url}${url}`);
    expect([got.og('type'), got.og('title'), got.og('description'), got.og('url'), got.og('locale')]).toEqual([
      'article',
      got.title,
      got.description,
      `${app.url}${url}`,
      'ru_RU',
    ]);
    expect(got.jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'LearningResource',
      name: 'Экскурсия в осенний лес',
      author: [{ '@type': 'Person', name: 'Соколова Анна Игоревна', jobTitle: 'учитель биологии' }],
      keywords: 'экскурсия',
    });
    // All of it before the first script: a crawler that runs none still reads it.
    expect(got.html.indexOf('<title>')).toBeLessThan(got.html.indexOf('<script type="module"'));
    for (const tag of ['application/ld+json', 'rel="canonical"', 'property="og:title"'])
      expect(got.html.indexOf(tag)).toBeLessThan(got.html.indexOf('<script type="module"'));
    expect(got.noindex).toBe(false);
    // Only one title and one description: the shell's own are replaced, not repeated.
    expect(got.html.match(/<title>/g)).toHaveLength(1);
    expect(got.html.match(/<meta name="description"/g)).toHaveLength(1);
  });

  it('escapes every value: a title with </script>, quotes, ampersands and $& cannot break out of the head', async () => {
    const title = 'Урок «</script><script>alert(1)</script>» "кавычки" \' & $& $1 <b>жирный</b>';
    const material = await buildMaterial(app.em(), {
      title,
      summary: 'Аннотация с "кавычками" и </title><h1>взлом</h1>',
      kind: MaterialKind.NORMATIVE_DOCUMENT,
    });
    const got = await page(`/materials/${material.globalId}`);
    expect(got.html).not.toContain('<script>alert(1)');
    expect(got.html).not.toContain('<h1>взлом');
    expect(got.html).not.toContain('<b>жирный');
    expect(got.title).toBe(`${title} — Методическая база знаний`);
    expect(got.description).toBe('Аннотация с "кавычками" и </title><h1>взлом</h1>');
    expect(got.og('title')).toBe(got.title);
    expect(got.jsonLd).toMatchObject({ '@type': 'Legislation', name: title });
    // The page still has exactly the shell's structure after the head.
    expect(got.html.match(/<\/head>/g)).toHaveLength(1);
    expect(got.html).toContain('<div id="root"></div>');
  });

  it('answers 404 for a path that is no page, an unknown or malformed id and a draft; the client page says what is missing', async () => {
    const draft = await buildMaterial(app.em(), { status: MaterialStatus.DRAFT, title: 'Черновик для 404' });
    const missing = toGlobalId('BestPractice', '00000000-0000-4000-8000-000000000000');
    const cases: Array<[string, string]> = [
      ['/no-such-page', 'Страница не найдена'],
      ['/materials/x/extra', 'Страница не найдена'],
      [`/materials/${missing}`, 'Материал не найден'],
      ['/materials/not-an-id', 'Материал не найден'],
      [`/materials/${toGlobalId('Person', '00000000-0000-4000-8000-000000000000')}`, 'Материал не найден'],
      [`/materials/${draft.globalId}`, 'Материал не найден'],
      [`/people/${toGlobalId('Person', '00000000-0000-4000-8000-000000000000')}`, 'Педагог не найден'],
      [`/organizations/${missing}`, 'Организация не найдена'],
      [`/collections/${toGlobalId('Collection', '00000000-0000-4000-8000-000000000000')}`, 'Подборка не найдена'],
    ];
    for (const [url, what] of cases) {
      const got = await page(url);
      expect({ url, status: got.status, title: got.title, noindex: got.noindex }).toEqual({
        url,
        status: 404,
        title: `${what} — Методическая база знаний`,
        noindex: true,
      });
      expect(got.html).toContain('<div id="root"></div>');
    }
    // A path that is not even valid percent-encoding is a bad request.
    expect((await page('/materials/%E0%A4%A')).status).toBe(400);
    for (const url of ['/', '/media', '/login', '/my', '/reports', '/surveys/some-link', '/my/materials/anything'])
      expect((await page(url)).status).toBe(200);
    expect((await page('/my')).noindex).toBe(true);
  });

  it('person, organization and collection pages have their own heads; an unpublished collection is not found', async () => {
    const em = app.em();
    const school = await buildOrganization(em, { name: 'МБОУ «Лицей № 2»', municipality: 'Северный район' });
    const person = await buildPerson(em, { fullName: 'Ершов Пётр Ильич', position: 'учитель истории', organization: school });
    const material = await buildMaterial(em, { authors: [person], title: 'Урок истории края' });
    const open = em.create(Collection, {
      title: 'Подборка: история края',
      description: 'Уроки и экскурсии по истории района',
      published: true,
    });
    const hidden = em.create(Collection, { title: 'Подборка в работе', published: false });
    em.create(CollectionItem, { collection: open, material, position: 1 });
    await em.flush();

    const personPage = await page(`/people/${person.globalId}`);
    expect([personPage.status, personPage.title, personPage.og('type')]).toEqual([
      200,
      'Ершов Пётр Ильич — Методическая база знаний',
      'profile',
    ]);
    expect(personPage.description).toContain('учитель истории');
    expect(personPage.jsonLd).toMatchObject({ '@type': 'Person', name: 'Ершов Пётр Ильич', worksFor: { name: 'МБОУ «Лицей № 2»' } });

    const schoolPage = await page(`/organizations/${school.globalId}`);
    expect([schoolPage.status, schoolPage.title]).toEqual([200, 'МБОУ «Лицей № 2» — Методическая база знаний']);
    expect(schoolPage.html).toContain('<title>МБОУ «Лицей № 2» — Методическая база знаний</title>');
    expect(schoolPage.jsonLd).toMatchObject({ '@type': 'EducationalOrganization', name: 'МБОУ «Лицей № 2»' });

    const collectionPage = await page(`/collections/${open.globalId}`);
    expect([collectionPage.status, collectionPage.title, collectionPage.description]).toEqual([
      200,
      'Подборка: история края — Методическая база знаний',
      'Уроки и экскурсии по истории района',
    ]);
    expect((await page(`/collections/${hidden.globalId}`)).status).toBe(404);
  });

  it("carries the page's first answers for whoever asks, as its own queries would get them, and nobody else's draft", async () => {
    const em = app.em();
    const teacher = await buildPerson(em, { fullName: 'Лебедева Ольга Петровна' });
    const published = await buildMaterial(em, { title: 'Опыты с магнитами', authors: [teacher] });
    const author = await buildUser(em, { role: Role.AUTHOR, person: teacher });
    const draft = await buildMaterial(em, { title: 'Черновик о магнитах', status: MaterialStatus.DRAFT, authors: [teacher] });
    draft.createdBy = ref(author);
    await em.flush();
    const login = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(email: "${author.email}", password: "${TEST_PASSWORD}") { token } }` }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    /** The cache the client restores: its root fields and the objects they name. */
    const firstData = async (pathname: string, headers: Record<string, string> = {}) => {
      const html = await (await fetch(`${app.url}${pathname}`, { headers })).text();
      const text = /<script type="application\/json" id="first-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
      return { html, cache: text ? (JSON.parse(text) as Record<string, Record<string, any>>) : undefined };
    };

    const material = await firstData(`/materials/${published.globalId}`);
    const root = material.cache!.ROOT_QUERY!;
    expect(root.viewer).toBeNull();
    const entry = root[`material({"id":"${published.globalId}"})`].__ref as string;
    expect(material.cache![entry]).toMatchObject({ title: 'Опыты с магнитами', status: 'PUBLISHED' });

    const home = (await firstData('/')).cache!.ROOT_QUERY!;
    expect(Object.keys(home)).toEqual(
      expect.arrayContaining([
        'viewer',
        'materials({"first":5})',
        'collections({"first":6})',
        expect.stringMatching(/^search\(.*"first":0/),
      ]),
    );
    const search = (await firstData(`/?q=${encodeURIComponent('магниты')}&sort=NEWEST`)).cache!.ROOT_QUERY!;
    expect(Object.keys(search)).toContain('search({"filter":{},"first":20,"ignore":[],"query":"магниты","sort":"NEWEST"})');
    expect(search.centre).toEqual({ __typename: 'Centre', digestByMail: expect.any(Boolean) });

    // A draft is its author's page only: a stranger gets a 404 without a word of it. Signed-in pages carry
    // no answers at all (no name, address or draft in HTML a browser keeps): the author's page asks itself.
    const stranger = await firstData(`/materials/${draft.globalId}`);
    expect(stranger.html).not.toContain('Черновик о магнитах');
    expect(stranger.cache).toBeUndefined();
    const own = await firstData(`/materials/${draft.globalId}`, { cookie });
    expect(own.html).toContain('<title>Черновик о магнитах — Методическая база знаний</title>');
    expect(own.cache).toBeUndefined();
    expect(own.html).not.toContain(author.email);
    expect((await firstData('/', { authorization: 'Bearer some-token' })).cache).toBeUndefined();
    // An answer with errors (an address naming no subject) is left out, the rest still comes: the page asks again and says what failed.
    const broken = await fetch(`${app.url}/?q=${encodeURIComponent('магниты')}&subject=not-an-id`);
    expect(broken.status).toBe(200);
    const brokenRoot = (await firstData(`/?q=${encodeURIComponent('магниты')}&subject=not-an-id`)).cache!.ROOT_QUERY!;
    expect(Object.keys(brokenRoot).filter((key) => key.startsWith('search('))).toEqual([]);
    expect(brokenRoot).toHaveProperty('viewer', null);
    // A path that is no page carries nothing.
    expect((await firstData('/no-such-page')).cache).toBeUndefined();
  });

  it('answers odd addresses with the shell and counts a view only for a reader opening the page', async () => {
    // Paths a URL parser refuses or reads as another host: the shell's 404, a bad request for broken escapes, never a fault.
    const odd: Array<[string, number]> = [
      ['//', 404],
      ['///', 404],
      ['//a:b/', 404],
      ['//[/', 404],
      ['//%/', 400],
      ['//evil.example/materials/x', 404],
      ['/?q=%E0%A4%A&subject=&subject=%00', 200],
    ];
    for (const [path, status] of odd) expect([path, (await fetch(`${app.url}${path}`)).status]).toEqual([path, status]);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);

    const material = await buildMaterial(app.em(), { title: 'Счётные палочки' });
    const address = `${app.url}/materials/${material.globalId}`;
    const views = async () => {
      await app.files.usage.flush();
      // Read from the table: a GraphQL read of the material would count a view itself.
      const [row] = await app.em().getConnection().execute('select view_count from material where id = ?', [material.id]);
      return Number(row.view_count);
    };
    // An image or a frame elsewhere naming the page, a prefetch and a HEAD are not readers.
    await fetch(address, { headers: { 'sec-fetch-dest': 'image' } });
    await fetch(address);
    await fetch(address, { headers: { 'sec-fetch-dest': 'document', 'sec-purpose': 'prefetch' } });
    await fetch(address, { method: 'HEAD', headers: { 'sec-fetch-dest': 'document' } });
    expect(await views()).toBe(0);
    await fetch(address, { headers: { 'sec-fetch-dest': 'document' } });
    expect(await views()).toBe(1);
  });

  it("a page's own scripts are preloaded with the HTML: its route chunk and what it imports, not what the shell loads already", async () => {
    // A build's manifest as Vite writes it: the entry, a page's chunk that imports shared and own chunks.
    const manifest = {
      'index.html': {
        file: 'assets/index-A1.js',
        isEntry: true,
        imports: ['_react-B2.js', '_i18n-C3.js'],
        dynamicImports: ['src/pages/MaterialPage.tsx', 'src/pages/PersonPage.tsx'],
      },
      '_react-B2.js': { file: 'assets/react-B2.js' },
      '_i18n-C3.js': { file: 'assets/i18n-C3.js' },
      '_life-D4.js': { file: 'assets/life-D4.js', imports: ['_i18n-C3.js'] },
      '_Markdown-E5.js': { file: 'assets/Markdown-E5.js', imports: ['_react-B2.js', '_format-F6.js'] },
      '_format-F6.js': { file: 'assets/format-F6.js' },
      'src/pages/MaterialPage.tsx': {
        file: 'assets/MaterialPage-G7.js',
        isDynamicEntry: true,
        imports: ['index.html', '_react-B2.js', '_life-D4.js', '_Markdown-E5.js'],
      },
      'src/pages/PersonPage.tsx': { file: 'assets/PersonPage-H8.js', isDynamicEntry: true, imports: ['index.html', '_Markdown-E5.js'] },
    };
    fs.mkdirSync(path.join(clientDir, '.vite'), { recursive: true });
    fs.writeFileSync(path.join(clientDir, '.vite/manifest.json'), JSON.stringify(manifest));
    const preloads = (html: string) => [...html.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g)].map((m) => m[1]);
    const material = await buildMaterial(app.em(), { title: 'Проектная задача по математике' });

    const materialPage = await page(`/materials/${material.globalId}`);
    expect(preloads(materialPage.head)).toEqual([
      '/assets/MaterialPage-G7.js',
      '/assets/life-D4.js',
      '/assets/Markdown-E5.js',
      '/assets/format-F6.js',
    ]);
    // Named before the entry's script, so the browser asks for them at once.
    expect(materialPage.html.indexOf('rel="modulepreload"')).toBeLessThan(materialPage.html.indexOf('<script type="module"'));
    expect(preloads((await page('/people/some-person')).head)).toEqual([
      '/assets/PersonPage-H8.js',
      '/assets/Markdown-E5.js',
      '/assets/format-F6.js',
    ]);
    // The search page is the entry itself; a path that is no page has no page to preload.
    expect(preloads((await page('/')).head)).toEqual([]);
    expect(preloads((await page('/no/such/page')).head)).toEqual([]);
  });
});

describe('first answers with the operation safelist on, as in production', () => {
  const strict = useTestApp({ clientDir, safelist: loadSafelist() });

  it("passes the safelist: the server runs the client's own operations, as the browser would send them", async () => {
    const material = await buildMaterial(strict.em(), { title: 'Гербарий своими руками' });
    for (const [path, key] of [
      ['/', 'collections({"first":6})'],
      [`/?q=${encodeURIComponent('гербарий')}`, 'centre'],
      [`/materials/${material.globalId}`, `material({"id":"${material.globalId}"})`],
    ]) {
      const html = await (await fetch(`${strict.url}${path}`)).text();
      const text = /<script type="application\/json" id="first-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
      expect({ path, has: text ? Object.keys(JSON.parse(text).ROOT_QUERY).includes(key) : false }).toEqual({ path, has: true });
    }
  });
});

describe('sitemap and robots.txt', () => {
  const parser = new XMLParser({ isArray: (name) => ['sitemap', 'url'].includes(name) });

  it('lists every published page with its last change, and no drafts', async () => {
    const em = app.em();
    const author = await buildPerson(em, { fullName: 'Карта Сайтова Ивановна' });
    const published = await buildMaterial(em, { authors: [author], title: 'Опубликован для карты' });
    const draft = await buildMaterial(em, {
      status: MaterialStatus.DRAFT,
      title: 'Черновик для карты',
      authors: [await buildPerson(em, { fullName: 'Только Черновиков' })],
    });

    const index = await fetch(`${app.url}/sitemap.xml`);
    expect(index.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const files: string[] = parser.parse(await index.text()).sitemapindex.sitemap.map((s: { loc: string }) => s.loc);
    expect(files).toEqual(
      expect.arrayContaining([
        `${app.url}/sitemaps/materials-1.xml`,
        `${app.url}/sitemaps/people-1.xml`,
        `${app.url}/sitemaps/organizations-1.xml`,
      ]),
    );

    const urls = new Map<string, string>();
    for (const file of files) {
      const response = await fetch(file);
      expect(response.status).toBe(200);
      for (const url of parser.parse(await response.text()).urlset.url as Array<{ loc: string; lastmod: string }>)
        urls.set(url.loc, url.lastmod);
    }
    expect(urls.get(`${app.url}/materials/${published.globalId}`)).toBe(published.updatedAt.toISOString().slice(0, 10));
    expect(urls.has(`${app.url}/materials/${draft.globalId}`)).toBe(false);
    expect(urls.has(`${app.url}/people/${author.globalId}`)).toBe(true);
    // A person named only on a draft has no public page worth listing.
    expect([...urls.keys()].filter((u) => u.includes('/people/')).length).toBeGreaterThan(0);
    const draftAuthor = await em.findOneOrFail(Person, { fullName: 'Только Черновиков' });
    expect(urls.has(`${app.url}/people/${draftAuthor.globalId}`)).toBe(false);
    // Every listed page answers 200.
    for (const url of urls.keys()) expect((await fetch(url)).status).toBe(200);
    expect((await fetch(`${app.url}/sitemaps/materials-99.xml`)).status).toBe(404);
  });

  it('robots.txt keeps crawlers out of personal pages and search results and names the sitemap', async () => {
    const response = await fetch(`${app.url}/robots.txt`);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await response.text();
    expect(text).toMatch(/^User-agent: \*$/m);
    for (const path of ['/my', '/my/materials/', '/review', '/reports', '/login', '/admin', '/dictionaries', '/reset-password', '/?'])
      expect(text).toContain(`Disallow: ${path}\n`);
    expect(text).toContain(`Sitemap: ${app.url}/sitemap.xml`);
  });
});
