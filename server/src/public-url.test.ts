import http from 'node:http';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { buildMaterial } from './test/factories.ts';
import { useTestApp } from './test/harness.ts';

const PUBLIC = 'https://metod.example.ru';
const app = useTestApp({ publicUrl: PUBLIC });

/** A GET with a forged Host header, as a client that wants its own address in our links would send. */
function getWithHost(path: string, host: string): Promise<{ status: number; body: Buffer }> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path, headers: { host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('absolute links', () => {
  it('come from PUBLIC_URL in the feed, OAI-PMH, sitemap, robots.txt and certificates, never from the Host header', async () => {
    const number = 'ИМЦ-2026-00501';
    await buildMaterial(app.em(), {
      title: 'Ссылки только с настроенного адреса',
      fields: { registrationNumber: number, publishedAt: new Date('2026-04-01T10:00:00Z') },
    });

    const feed = (await getWithHost('/feed.xml', 'evil.example')).body.toString();
    expect(feed).toContain(`${PUBLIC}/materials/`);
    expect(feed).not.toContain('evil.example');

    const oai = (await getWithHost('/oai?verb=Identify', 'evil.example')).body.toString();
    expect(oai).toContain(`<baseURL>${PUBLIC}/oai</baseURL>`);
    expect(oai).not.toContain('evil.example');

    const robots = (await getWithHost('/robots.txt', 'evil.example')).body.toString();
    expect(robots).toContain(`Sitemap: ${PUBLIC}/sitemap.xml`);
    const sitemap = (await getWithHost('/sitemap.xml', 'evil.example')).body.toString();
    expect(sitemap).toContain(`<loc>${PUBLIC}/sitemaps/materials-1.xml</loc>`);
    const pages = (await getWithHost('/sitemaps/materials-1.xml', 'evil.example')).body.toString();
    expect(pages).toContain(`<loc>${PUBLIC}/materials/`);
    for (const text of [robots, sitemap, pages]) expect(text).not.toContain('evil.example');

    const certificate = await getWithHost(`/certificates/${encodeURIComponent(number)}.pdf`, 'evil.example');
    expect(certificate.status).toBe(200);
    const { text } = await extractText(new Uint8Array(certificate.body), { mergePages: true });
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(`${PUBLIC}/verify/${number}`.replace(/\s+/g, ''));
    expect(flat).not.toContain('evil.example');
  });
});

describe('PUBLIC_URL', () => {
  it('is required in production and refused in one line when it is not an origin', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/^PUBLIC_URL: /);
    expect(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://metod.example.ru/' }).publicUrl).toBe('https://metod.example.ru');
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:4000' }).publicUrl).toBe('http://10.0.0.5:4000');
    expect(loadConfig({}).publicUrl).toBeUndefined();
    for (const bad of ['metod.example.ru', 'ftp://metod.example.ru', 'https://metod.example.ru/kb', 'https://metod.example.ru/?a=1']) {
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(/^PUBLIC_URL/);
    }
  });
});
