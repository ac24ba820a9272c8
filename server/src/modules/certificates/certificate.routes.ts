import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import express from 'express';
import type { CentreSettings } from '../../config.ts';
import { formatDate, letterhead, RECOMMENDED_AT, renderCertificate } from './certificate.pdf.ts';
import { findCertificate, type CertificateData } from './certificate.service.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page on the centre's letterhead, as the certificate has it. */
function page(centre: CentreSettings, title: string, body: string): string {
  const [name, municipality] = letterhead(centre);
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;overflow-wrap:break-word}
header{text-align:center;border-bottom:1px solid #1b1b1b;padding-bottom:.5rem;margin-bottom:1.5rem}header strong{display:block}header span{color:#444}
.valid{color:#0b6b2b}.withdrawn{color:#a4161a}dt{font-weight:600;margin-top:.5rem}dd{margin:0}a{color:#1a4f9c}</style></head><body>
<header><strong>${escapeHtml(name!)}</strong>${municipality ? `<span>${escapeHtml(municipality)}</span>` : ''}</header><main>${body}</main></body></html>`;
}

function verification(centre: CentreSettings, data: CertificateData): string {
  const status = data.valid
    ? `<p class="valid"><strong>Свидетельство действительно.</strong></p>`
    : `<p class="withdrawn"><strong>Свидетельство отозвано:</strong> материал снят с публикации.</p>`;
  const material = `/materials/${encodeURIComponent(data.materialId)}`;
  return page(
    centre,
    `Проверка свидетельства ${data.number}`,
    `<h1>Свидетельство № ${escapeHtml(data.number)}</h1>${status}
<dl><dt>Материал</dt><dd>${data.valid ? `<a href="${material}">${escapeHtml(data.title)}</a>` : escapeHtml(data.title)}</dd>
<dt>Авторы</dt><dd>${data.authors.map((a) => escapeHtml(a.fullName + (a.position ? `, ${a.position}` : ''))).join('<br>')}</dd>
${data.organization ? `<dt>Организация</dt><dd>${escapeHtml(data.organization)}</dd>` : ''}
${data.expertLevel ? `<dt>Рекомендован к распространению</dt><dd>${RECOMMENDED_AT[data.expertLevel]}</dd>` : ''}
<dt>Дата публикации</dt><dd>${formatDate(data.publishedAt)}</dd></dl>
${data.valid ? `<p><a href="${material}">Открыть материал в базе знаний</a></p>` : ''}`,
  );
}

/** `/certificates/<number>.pdf` and `/verify/<number>`: public, by registration number. */
export function certificateRoutes(orm: MikroORM, publicUrl: () => string, centre: CentreSettings): express.Router {
  const router = express.Router();
  const lookup = (number: string) => findCertificate(orm.em.fork() as EntityManager, number);

  router.get('/certificates/:file', async (req, res, next) => {
    try {
      const number = /^(.+)\.pdf$/.exec(req.params.file)?.[1];
      const data = number ? await lookup(number) : null;
      if (!data) return void res.status(404).type('text/plain; charset=utf-8').send('Свидетельство с таким номером не найдено');
      if (!data.valid)
        return void res.status(410).type('text/plain; charset=utf-8').send('Свидетельство отозвано: материал снят с публикации');
      const pdf = await renderCertificate(data, `${publicUrl()}/verify/${encodeURIComponent(data.number)}`, centre);
      res
        .type('application/pdf')
        .set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`svidetelstvo-${data.number}.pdf`)}`)
        .send(pdf);
    } catch (error) {
      next(error);
    }
  });

  router.get('/verify/:number', async (req, res, next) => {
    try {
      const data = await lookup(req.params.number);
      if (!data)
        return void res
          .status(404)
          .type('html')
          .send(
            page(
              centre,
              'Свидетельство не найдено',
              `<h1>Свидетельство не найдено</h1><p>Номер «${escapeHtml(req.params.number)}» не выдавался. Проверьте номер на свидетельстве.</p>`,
            ),
          );
      res.type('html').send(verification(centre, data));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
