/** Real files of each accepted kind, made in the test run: small, and true to their formats. */
import zlib from 'node:zlib';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import yazl from 'yazl';
import { FONT, pdfBuffer } from '../common/pdf.ts';

/** A PDF with one page per entry (Cyrillic through an embedded font). */
export function pdf(pages: string[]): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, info: { Title: 'Тест' } });
  const bytes = pdfBuffer(doc);
  for (const text of pages) {
    doc.addPage();
    doc.font(FONT).fontSize(14).text(text, { width: 450 });
  }
  doc.end();
  return bytes;
}

function zip(entries: Array<[string, string | Buffer]>, options: { compress?: boolean } = {}): Promise<Buffer> {
  const archive = new yazl.ZipFile();
  for (const [name, content] of entries)
    archive.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name, { compress: options.compress ?? true });
  archive.end();
  return streamToBuffer(archive.outputStream);
}

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

export function docx(paragraphs: string[], pages = 1): Promise<Buffer> {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(p)}</w:t></w:r></w:p>`).join('');
  return zip([
    ['[Content_Types].xml', CONTENT_TYPES],
    [
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    ],
    ['docProps/app.xml', `<?xml version="1.0" encoding="UTF-8"?><Properties><Pages>${pages}</Pages></Properties>`],
  ]);
}

export function pptx(slides: string[]): Promise<Buffer> {
  return zip([
    ['[Content_Types].xml', CONTENT_TYPES],
    ['ppt/presentation.xml', '<?xml version="1.0"?><p:presentation xmlns:p="p"/>'],
    ...slides.map((text, i): [string, string] => [
      `ppt/slides/slide${i + 1}.xml`,
      `<?xml version="1.0"?><p:sld xmlns:a="a" xmlns:p="p"><a:p><a:r><a:t>${xmlEscape(text)}</a:t></a:r></a:p></p:sld>`,
    ]),
  ]);
}

export function xlsx(cells: string[]): Promise<Buffer> {
  return zip([
    ['[Content_Types].xml', CONTENT_TYPES],
    ['xl/workbook.xml', '<?xml version="1.0"?><workbook/>'],
    ['xl/sharedStrings.xml', `<?xml version="1.0"?><sst>${cells.map((c) => `<si><t>${xmlEscape(c)}</t></si>`).join('')}</sst>`],
    ['xl/worksheets/sheet1.xml', '<?xml version="1.0"?><worksheet><sheetData><row><c t="s"><v>0</v></c></row></sheetData></worksheet>'],
  ]);
}

export function odt(paragraphs: string[]): Promise<Buffer> {
  return zip([
    ['mimetype', 'application/vnd.oasis.opendocument.text'],
    [
      'content.xml',
      `<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>${paragraphs.map((p) => `<text:p>${xmlEscape(p)}</text:p>`).join('')}</office:text></office:body></office:document-content>`,
    ],
    ['meta.xml', '<?xml version="1.0"?><office:document-meta><meta:document-statistic meta:page-count="2"/></office:document-meta>'],
  ]);
}

export function plainZip(entries: Array<[string, string | Buffer]>): Promise<Buffer> {
  return zip(entries);
}

/**
 * A DOCX whose document part unpacks to `megabytes` of spaces from a few hundred kilobytes.
 * With `lie`, the directory claims a tiny size, as a hostile file would.
 */
export async function zipBombDocx(megabytes: number, options: { lie?: boolean } = {}): Promise<Buffer> {
  const packed = zlib.deflateRawSync(Buffer.alloc(megabytes * 1024 * 1024, 0x20), { level: 9 });
  const archive = await zip(
    [
      ['[Content_Types].xml', CONTENT_TYPES],
      ['word/document.xml', Buffer.from('placeholder')],
    ],
    { compress: false },
  );
  return rewriteEntry(archive, 'word/document.xml', packed, options.lie ? 1000 : megabytes * 1024 * 1024);
}

/** Rebuilds a stored ZIP with one entry replaced by raw deflate data and the declared size given. */
function rewriteEntry(archive: Buffer, name: string, deflated: Buffer, declaredSize: number): Buffer {
  // yazl cannot write pre-deflated data, so the entry's local header and central record are patched by hand.
  const local = archive.indexOf(Buffer.from(name, 'utf8')) - 30;
  const nameLength = archive.readUInt16LE(local + 26);
  const extraLength = archive.readUInt16LE(local + 28);
  const oldSize = archive.readUInt32LE(local + 18);
  const dataStart = local + 30 + nameLength + extraLength;
  const before = Buffer.from(archive.subarray(0, dataStart));
  before.writeUInt16LE(8, local + 8); // deflate
  before.writeUInt32LE(0, local + 14); // crc unknown: yauzl checks sizes, not CRCs
  before.writeUInt32LE(deflated.length, local + 18);
  before.writeUInt32LE(declaredSize, local + 22);
  before.writeUInt16LE(before.readUInt16LE(local + 6) & ~0x8, local + 6);
  const after = Buffer.from(archive.subarray(dataStart + oldSize));
  const shift = deflated.length - oldSize;
  // Central directory: fix this entry's record, and the directory's offset in the end record.
  const central = after.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  for (let at = central; at >= 0 && at < after.length;) {
    if (after.readUInt32LE(at) !== 0x02014b50) break;
    const recordName = after.subarray(at + 46, at + 46 + after.readUInt16LE(at + 28)).toString('utf8');
    const offset = after.readUInt32LE(at + 42);
    if (recordName === name) {
      after.writeUInt16LE(8, at + 10);
      after.writeUInt32LE(0, at + 16);
      after.writeUInt32LE(deflated.length, at + 20);
      after.writeUInt32LE(declaredSize, at + 24);
      after.writeUInt16LE(after.readUInt16LE(at + 8) & ~0x8, at + 8);
    } else if (offset > local) after.writeUInt32LE(offset + shift, at + 42);
    at += 46 + after.readUInt16LE(at + 28) + after.readUInt16LE(at + 30) + after.readUInt16LE(at + 32);
  }
  const end = after.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  after.writeUInt32LE(after.readUInt32LE(end + 16) + shift, end + 16);
  return Buffer.concat([before, deflated, after]);
}

export function rtf(): string {
  // «Урок» in Windows-1251 bytes, then «мир» as \u escapes with '?' fallbacks.
  return "{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0 Times New Roman;}}{\\*\\generator Test;}\\f0 \\'d3\\'f0\\'ee\\'ea \\u1084?\\u1080?\\u1088?\\par Second\\tab line}";
}

/** `frames` silent MPEG-1 Layer III frames, 128 kbit/s, 44.1 kHz: 1152 samples, 417 bytes each. */
export function mp3(frames: number): Buffer {
  const frame = Buffer.alloc(417);
  frame.writeUInt32BE(0xfffb9000, 0);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

export function png(width = 800, height = 600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 90, b: 160 } } })
    .png()
    .toBuffer();
}

export function svg(): Buffer {
  return Buffer.from(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><script>alert(1)</script><rect width="40" height="40" fill="red"/></svg>',
  );
}

export const html = () =>
  Buffer.from('<!DOCTYPE html><html><head><title>Не PDF</title></head><body><script>alert(1)</script></body></html>');
