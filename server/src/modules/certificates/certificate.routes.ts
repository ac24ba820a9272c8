import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import express from 'express';
import { formatDate, renderCertificate } from './certificate.pdf.ts';
import { findCertificate, type CertificateData } from './certificate.service.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
.valid{color:#0b6b2b}.withdrawn{color:#a4161a}dt{font-weight:600;margin-top:.5rem}</style></head><body><main>${body}</main></body></html>`;
}

function verification(data: CertificateData): string {
  const status = data.valid
    ? `<p class="valid"><strong>Свидетельство действительно.</strong></p>`
    : `<p class="withdrawn"><strong>Свидетельство отозвано:</strong> материал снят с публикации.</p>`;
  return page(`Проверка свидетельства ${data.number}`, `<h1>Свидетельство № ${escapeHtml(data.number)}</h1>${status}
<dl><dt>Материал</dt><dd>${escapeHtml(data.title)}</dd>
<dt>Авторы</dt><dd>${data.authors.map((a) => escapeHtml(a.fullName + (a.position ? `, ${a.position}` : ''))).join('<br>')}</dd>
${data.organization ? `<dt>Организация</dt><dd>${escapeHtml(data.organization)}</dd>` : ''}
<dt>Дата публикации</dt><dd>${formatDate(data.publishedAt)}</dd></dl>`);
}

/** `/certificates/<number>.pdf` and `/verify/<number>`: public, by registration number. */
export function certificateRoutes(orm: MikroORM, publicUrl: () => string): express.Router {
  const router = express.Router();
  const lookup = (number: string) => findCertificate(orm.em.fork() as EntityManager, number);

  router.get('/certificates/:file', async (req, res, next) => {
    try {
      const number = /^(.+)\.pdf$/.exec(req.params.file)?.[1];
      const data = number ? await lookup(number) : null;
      if (!data) return void res.status(404).type('text/plain; charset=utf-8').send('Свидетельство с таким номером не найдено');
      if (!data.valid) return void res.status(410).type('text/plain; charset=utf-8').send('Свидетельство отозвано: материал снят с публикации');
      const pdf = await renderCertificate(data, `${publicUrl()}/verify/${encodeURIComponent(data.number)}`);
      res.type('application/pdf').set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`svidetelstvo-${data.number}.pdf`)}`).send(pdf);
    } catch (error) {
      next(error);
    }
  });

  router.get('/verify/:number', async (req, res, next) => {
    try {
      const data = await lookup(req.params.number);
      if (!data) return void res.status(404).type('html').send(page('Свидетельство не найдено', `<h1>Свидетельство не найдено</h1><p>Номер «${escapeHtml(req.params.number)}» не выдавался. Проверьте номер на свидетельстве.</p>`));
      res.type('html').send(verification(data));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
