import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CentreSettings } from '../../config.ts';
import { KIND_LABELS, type ExpertLevel, type MaterialKind } from '../materials/material.enums.ts';
import type { CertificateData } from './certificate.service.ts';
import { FONT, FONT_BOLD, pdfBuffer } from '../../common/pdf.ts';

export const formatDate = (date: Date | undefined) =>
  date ? new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date) : '—';

/** «Рекомендован(а) к распространению …»: the level as the phrase needs it. */
export const RECOMMENDED_AT: Record<ExpertLevel, string> = {
  ORGANIZATION: 'на уровне образовательной организации',
  MUNICIPAL: 'на муниципальном уровне',
  REGIONAL: 'на региональном уровне',
};

/** The centre as its letterhead reads: name, then municipality. */
export const letterhead = (centre: CentreSettings) => [centre.name, centre.municipality].filter(Boolean) as string[];

/**
 * A one-page A4 certificate of publication on the centre's letterhead: the authors each with their
 * own position, the material, its recommendation level, the head's signature line with a place for
 * the stamp, and a QR code of its verification page.
 */
export async function renderCertificate(data: CertificateData, verifyUrl: string, centre: CentreSettings): Promise<Buffer> {
  const qr = await QRCode.toBuffer(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `Свидетельство о публикации ${data.number}`, Author: centre.name },
  });
  const done = pdfBuffer(doc);
  doc.registerFont('text', FONT).registerFont('bold', FONT_BOLD);

  const left = 56;
  const width = doc.page.width - 112;
  const [name, municipality] = letterhead(centre);
  doc.font('bold').fontSize(12).text(name!, { align: 'center', width });
  if (municipality) doc.font('text').fontSize(11).text(municipality, { align: 'center', width });
  doc
    .moveTo(left, doc.y + 6)
    .lineTo(left + width, doc.y + 6)
    .lineWidth(0.8)
    .stroke()
    .moveDown(1.5);

  doc.font('bold').fontSize(22).text('СВИДЕТЕЛЬСТВО', { align: 'center', width });
  doc.font('text').fontSize(14).text('о публикации в методической базе знаний', { align: 'center', width }).moveDown(0.5);
  doc.fontSize(12).text(`№ ${data.number}`, { align: 'center', width }).moveDown(1.2);

  doc.fontSize(12).text('Настоящим подтверждается, что', { width });
  for (const author of data.authors) {
    doc.moveDown(0.3).font('bold').fontSize(14).text(author.fullName, { width });
    if (author.position) doc.font('text').fontSize(11).text(author.position, { width });
  }
  if (data.organization)
    doc
      .moveDown(0.3)
      .font('text')
      .fontSize(11)
      .text(`${data.organization}${data.municipality ? `, ${data.municipality}` : ''}`, { width });
  doc
    .moveDown(0.8)
    .font('text')
    .fontSize(12)
    .text(`опубликовал(и) материал (${KIND_LABELS[data.kind as MaterialKind]?.toLowerCase() ?? data.kind}):`, { width });
  doc.moveDown(0.3).font('bold').fontSize(14).text(`«${data.title}»`, { width }).moveDown(0.8);
  if (data.expertLevel)
    doc
      .font('text')
      .fontSize(12)
      .text(`Рекомендован к распространению ${RECOMMENDED_AT[data.expertLevel]} по итогам экспертизы.`, { width })
      .moveDown(0.3);
  doc
    .font('text')
    .fontSize(12)
    .text(`Дата публикации: ${formatDate(data.publishedAt)}`, { width });
  doc.text(`Регистрационный номер: ${data.number}`, { width }).moveDown(2);

  // The signature line and, beside it, the place for the stamp.
  const signTop = doc.y;
  doc.fontSize(11).text(centre.headTitle, left, signTop, { width: width * 0.42 });
  const lineY = signTop + 26;
  doc
    .moveTo(left + width * 0.45, lineY)
    .lineTo(left + width * 0.7, lineY)
    .lineWidth(0.6)
    .stroke();
  doc
    .fontSize(8)
    .fillColor('#555')
    .text('подпись', left + width * 0.45, lineY + 3, { width: width * 0.25, align: 'center' })
    .fillColor('black');
  doc.fontSize(11).text(centre.headName ?? '_______________', left + width * 0.72, lineY - 14, { width: width * 0.28 });
  doc.fontSize(10).text('М. П.', left + width * 0.45, lineY + 22);
  doc.y = lineY + 60;

  const qrTop = doc.y;
  doc.image(qr, left, qrTop, { width: 110 });
  doc
    .fontSize(10)
    .text('Подлинность свидетельства можно проверить по QR-коду или по адресу:', left + 130, qrTop + 20, { width: width - 130 });
  // Shown decoded (readable), linked encoded.
  doc
    .fillColor('#1a4f9c')
    .text(decodeURI(verifyUrl), { width: width - 130, link: verifyUrl, underline: true })
    .fillColor('black');
  doc.end();
  return done;
}
