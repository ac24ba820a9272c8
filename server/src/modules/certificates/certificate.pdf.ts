import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { KIND_LABELS, type MaterialKind } from '../materials/material.enums.ts';
import type { CertificateData } from './certificate.service.ts';
import { FONT, FONT_BOLD, pdfBuffer } from '../../common/pdf.ts';


export const formatDate = (date: Date | undefined) =>
  date ? new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date) : '—';

/** A one-page A4 certificate of publication with a QR code of its verification page. */
export async function renderCertificate(data: CertificateData, verifyUrl: string): Promise<Buffer> {
  const qr = await QRCode.toBuffer(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Свидетельство о публикации ${data.number}`, Author: 'Методическая база знаний' } });
  const done = pdfBuffer(doc);
  doc.registerFont('text', FONT).registerFont('bold', FONT_BOLD);

  const width = doc.page.width - 112;
  doc.font('bold').fontSize(22).text('СВИДЕТЕЛЬСТВО', { align: 'center' });
  doc.font('text').fontSize(14).text('о публикации в методической базе знаний', { align: 'center' }).moveDown(0.5);
  doc.fontSize(12).text(`№ ${data.number}`, { align: 'center' }).moveDown(1.5);

  doc.fontSize(12).text('Настоящим подтверждается, что', { width });
  for (const author of data.authors) {
    doc.font('bold').fontSize(14).text(author.fullName, { width });
    if (author.position) doc.font('text').fontSize(11).text(author.position, { width });
  }
  if (data.organization) doc.font('text').fontSize(11).text(`${data.organization}${data.municipality ? `, ${data.municipality}` : ''}`, { width });
  doc.moveDown(1).font('text').fontSize(12).text(`опубликовал(и) материал (${KIND_LABELS[data.kind as MaterialKind]?.toLowerCase() ?? data.kind}):`, { width });
  doc.moveDown(0.3).font('bold').fontSize(14).text(`«${data.title}»`, { width }).moveDown(1);
  doc.font('text').fontSize(12).text(`Дата публикации: ${formatDate(data.publishedAt)}`, { width });
  doc.text(`Регистрационный номер: ${data.number}`, { width }).moveDown(1.5);

  const qrTop = doc.y;
  doc.image(qr, 56, qrTop, { width: 120 });
  doc.fontSize(10).text('Подлинность свидетельства можно проверить по QR-коду или по адресу:', 190, qrTop + 20, { width: width - 134 });
  // Shown decoded (readable), linked encoded.
  doc.fillColor('#1a4f9c').text(decodeURI(verifyUrl), { width: width - 134, link: verifyUrl, underline: true }).fillColor('black');
  doc.end();
  return done;
}
