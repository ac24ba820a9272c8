import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import PDFDocument from 'pdfkit';
import { FONT, FONT_BOLD, pdfBuffer } from '../common/pdf.ts';
import { MaterialFile } from '../modules/materials/material-file.entity.ts';
import { UploadService, type FilesConfig } from '../modules/files/upload.service.ts';
import { Material } from '../modules/materials/material.entity.ts';
import { MaterialKind, MaterialStatus } from '../modules/materials/material.enums.ts';

const NORMATIVE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'normative');
const SOURCE_FILES: Record<string, string> = {
  'demo-norm-imc-polozhenie': 'polozhenie-imc-severo-eniseyskiy-rayon.txt',
  'demo-norm-imo-magadan': 'polozhenie-imo-magadan.txt',
};
/** How many published practices and methodical materials get a PDF of their text. */
const PDF_MATERIALS = 24;

/** The material as the PDF an author would have attached: title, summary, then the body. */
async function materialPdf(material: Material): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: material.title, Author: 'Методическая база знаний (демонстрационный файл)' },
  });
  const bytes = pdfBuffer(doc);
  doc.registerFont('text', FONT).registerFont('bold', FONT_BOLD);
  doc.font('bold').fontSize(16).text(material.title).moveDown(0.6);
  if (material.summary) doc.font('text').fontSize(11).fillColor('#444444').text(material.summary).moveDown(0.8);
  doc.fillColor('#000000').font('text').fontSize(11);
  for (const paragraph of (material.body ?? '').split(/\n{2,}/)) doc.text(paragraph.trim(), { align: 'justify' }).moveDown(0.5);
  doc.end();
  return bytes;
}

/**
 * Files for the demo corpus: the regulations' source texts beside their normative documents,
 * and PDFs of some practices and methodical materials. They go through the real upload path
 * (type check, storage, processing queue), so the demo shows previews and searchable file text.
 */
export async function seedDemoFiles(orm: MikroORM, files: FilesConfig): Promise<number> {
  const em = orm.em.fork() as EntityManager;
  const uploads = new UploadService(em, files);
  let attached = 0;
  const attach = async (material: Material, fileName: string, bytes: Buffer, title: string) => {
    const { file } = await uploads.receive(Readable.from([bytes]), fileName, null);
    em.create(MaterialFile, { material, file, title, position: 1 });
    await em.flush();
    attached++;
  };

  for (const [externalId, source] of Object.entries(SOURCE_FILES)) {
    const material = await em.findOne(Material, { externalId });
    if (material) await attach(material, source, fs.readFileSync(path.join(NORMATIVE_DIR, source)), 'Текст положения');
  }
  const materials = await em.find(
    Material,
    { status: MaterialStatus.PUBLISHED, kind: { $in: [MaterialKind.BEST_PRACTICE, MaterialKind.METHODOLOGICAL_MATERIAL] } },
    { orderBy: { publishedAt: 'desc', id: 'asc' }, limit: PDF_MATERIALS },
  );
  for (const material of materials)
    await attach(
      material,
      `${material.title
        .replace(/[«»"/\\:?*|<>]/g, '')
        .slice(0, 80)
        .trim()}.pdf`,
      await materialPdf(material),
      'Полный текст (PDF)',
    );
  return attached;
}
