import fs from 'node:fs/promises';
import path from 'node:path';
import { registerLabelledEnum } from '../../common/enums.ts';
import { GuardedZip, type InflateLimits } from './zip.ts';

export enum MediaKind {
  DOCUMENT = 'DOCUMENT',
  PRESENTATION = 'PRESENTATION',
  SPREADSHEET = 'SPREADSHEET',
  IMAGE = 'IMAGE',
  AUDIO = 'AUDIO',
  VIDEO = 'VIDEO',
  ARCHIVE = 'ARCHIVE',
}
export const MEDIA_KIND_LABELS = registerLabelledEnum(MediaKind, 'MediaKind', 'Вид файла медиатеки', {
  DOCUMENT: 'Документы',
  PRESENTATION: 'Презентации',
  SPREADSHEET: 'Таблицы',
  IMAGE: 'Изображения',
  AUDIO: 'Аудио',
  VIDEO: 'Видео',
  ARCHIVE: 'Архивы',
});

export interface FileType {
  mime: string;
  label: string;
  kind: MediaKind;
  /** Names this content may carry; the first is added to a name that has none. */
  extensions: string[];
}

const type = (mime: string, label: string, kind: MediaKind, ...extensions: string[]): FileType => ({ mime, label, kind, extensions });
const { DOCUMENT, PRESENTATION, SPREADSHEET, IMAGE, AUDIO, VIDEO, ARCHIVE } = MediaKind;

/** Every type the library accepts. */
export const FILE_TYPES = {
  pdf: type('application/pdf', 'PDF', DOCUMENT, 'pdf'),
  doc: type('application/msword', 'документ Word 97–2003 (DOC)', DOCUMENT, 'doc'),
  docx: type('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'документ Word (DOCX)', DOCUMENT, 'docx'),
  odt: type('application/vnd.oasis.opendocument.text', 'документ OpenDocument (ODT)', DOCUMENT, 'odt'),
  rtf: type('application/rtf', 'документ RTF', DOCUMENT, 'rtf'),
  txt: type('text/plain; charset=utf-8', 'текст (TXT)', DOCUMENT, 'txt', 'csv', 'md', 'jsonl', 'ndjson'),
  ppt: type('application/vnd.ms-powerpoint', 'презентация PowerPoint 97–2003 (PPT)', PRESENTATION, 'ppt', 'pps'),
  pptx: type(
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'презентация PowerPoint (PPTX)',
    PRESENTATION,
    'pptx',
    'ppsx',
  ),
  odp: type('application/vnd.oasis.opendocument.presentation', 'презентация OpenDocument (ODP)', PRESENTATION, 'odp'),
  xls: type('application/vnd.ms-excel', 'таблица Excel 97–2003 (XLS)', SPREADSHEET, 'xls'),
  xlsx: type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'таблица Excel (XLSX)', SPREADSHEET, 'xlsx'),
  ods: type('application/vnd.oasis.opendocument.spreadsheet', 'таблица OpenDocument (ODS)', SPREADSHEET, 'ods'),
  jpeg: type('image/jpeg', 'изображение JPEG', IMAGE, 'jpg', 'jpeg', 'jfif'),
  png: type('image/png', 'изображение PNG', IMAGE, 'png'),
  webp: type('image/webp', 'изображение WebP', IMAGE, 'webp'),
  svg: type('image/svg+xml', 'изображение SVG', IMAGE, 'svg'),
  mp3: type('audio/mpeg', 'аудио MP3', AUDIO, 'mp3'),
  ogg: type('audio/ogg', 'аудио OGG', AUDIO, 'ogg', 'oga', 'opus'),
  mp4: type('video/mp4', 'видео MP4', VIDEO, 'mp4', 'm4v'),
  webm: type('video/webm', 'видео WebM', VIDEO, 'webm'),
  zip: type('application/zip', 'архив ZIP', ARCHIVE, 'zip'),
} as const;

export type Detected = { accepted: true; type: FileType } | { accepted: false; label: string };

const refused = (label: string): Detected => ({ accepted: false, label });
const accepted = (type: FileType): Detected => ({ accepted: true, type });

export const HEAD_BYTES = 8192;

const startsWith = (head: Buffer, bytes: number[] | string, offset = 0) =>
  (typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes)).equals(head.subarray(offset, offset + bytes.length));

/** Decides the type from the first bytes alone; ZIP and OLE containers need `detectFileType`. */
export function detectFromHead(head: Buffer): Detected | 'zip' | 'ole' {
  if (startsWith(head, '%PDF-')) return accepted(FILE_TYPES.pdf);
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(head, 'PK\x03\x04') || startsWith(head, 'PK\x05\x06')) return 'zip';
  if (startsWith(head, '{\\rtf')) return accepted(FILE_TYPES.rtf);
  if (startsWith(head, [0xff, 0xd8, 0xff])) return accepted(FILE_TYPES.jpeg);
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return accepted(FILE_TYPES.png);
  if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) return accepted(FILE_TYPES.webp);
  if (startsWith(head, 'RIFF') && startsWith(head, 'AVI ', 8)) return refused('видео AVI');
  if (startsWith(head, 'RIFF') && startsWith(head, 'WAVE', 8)) return refused('аудио WAV');
  if (startsWith(head, 'GIF8')) return refused('изображение GIF');
  if (startsWith(head, 'BM')) return refused('изображение BMP');
  if (startsWith(head, 'ID3') || isMpegFrame(head)) return accepted(FILE_TYPES.mp3);
  if (startsWith(head, 'OggS')) return accepted(FILE_TYPES.ogg);
  if (startsWith(head, 'fLaC')) return refused('аудио FLAC');
  if (startsWith(head, 'ftyp', 4)) {
    const brand = head.subarray(8, 12).toString('latin1');
    return ['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'dash', 'mmp4'].includes(brand)
      ? accepted(FILE_TYPES.mp4)
      : refused(`контейнер MP4/QuickTime с брендом «${brand.trim()}»`);
  }
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3]))
    return head.includes('webm', 0, 'latin1') ? accepted(FILE_TYPES.webm) : refused('видео Matroska (MKV)');
  if (startsWith(head, 'MZ')) return refused('исполняемый файл Windows');
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return refused('исполняемый файл ELF');
  if (startsWith(head, [0x1f, 0x8b])) return refused('архив GZIP');
  if (startsWith(head, 'Rar!')) return refused('архив RAR');
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return refused('архив 7z');
  return detectText(head);
}

/** An MPEG audio frame header with valid version, layer, bitrate and sample rate (not just 0xFFE…, which Cyrillic text can start with). */
function isMpegFrame(head: Buffer): boolean {
  if (head.length < 4 || head[0] !== 0xff || (head[1]! & 0xe0) !== 0xe0) return false;
  const version = (head[1]! >> 3) & 3;
  const layer = (head[1]! >> 1) & 3;
  const bitrate = head[2]! >> 4;
  const sampleRate = (head[2]! >> 2) & 3;
  return version !== 1 && layer !== 0 && bitrate !== 15 && bitrate !== 0 && sampleRate !== 3;
}

/** Text formats: SVG is accepted (served only as a download), other markup is not. */
function detectText(head: Buffer): Detected {
  if (head.includes(0)) return refused('неизвестный двоичный формат');
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 4096)
    .toLowerCase();
  const markup = text
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trimStart();
  if (/^<svg[\s>]/.test(markup) || /^<!doctype svg/.test(markup)) return accepted(FILE_TYPES.svg);
  if (/^<!doctype html|^<(html|head|body|script|iframe|meta|div|p|a)[\s>]/.test(markup)) return refused('HTML-страница');
  if (text.startsWith('<?xml')) return refused('XML-документ');
  return accepted(FILE_TYPES.txt);
}

/** OOXML and ODF are ZIPs with known parts; anything else is a plain archive whose entries must be allowed types. */
async function detectZip(file: string, limits: InflateLimits): Promise<Detected> {
  const zip = await GuardedZip.open(file, limits);
  try {
    if (zip.has('[Content_Types].xml')) {
      if (zip.has('word/document.xml')) return accepted(FILE_TYPES.docx);
      if (zip.has('ppt/presentation.xml')) return accepted(FILE_TYPES.pptx);
      if (zip.has('xl/workbook.xml')) return accepted(FILE_TYPES.xlsx);
      return refused('документ Office неизвестного вида');
    }
    if (zip.has('mimetype')) {
      const mime = (await zip.read('mimetype', 200)).toString('latin1').trim();
      const odf = [FILE_TYPES.odt, FILE_TYPES.odp, FILE_TYPES.ods].find((t) => t.mime === mime);
      if (odf) return accepted(odf);
      if (mime.startsWith('application/vnd.oasis.opendocument')) return refused(`документ OpenDocument (${mime})`);
    }
    for (const entry of zip.entries) {
      if (entry.name.endsWith('/')) continue;
      const head = await zip.read(entry.name, 512);
      const inner = detectFromHead(head);
      if (typeof inner === 'object' && !inner.accepted) return refused(`архив ZIP, в котором «${entry.name}» — ${inner.label}`);
    }
    return accepted(FILE_TYPES.zip);
  } finally {
    zip.close();
  }
}

/** Old Office files are OLE containers; the name of the main stream tells Word, Excel and PowerPoint apart. */
async function detectOle(file: string): Promise<Detected> {
  const streams = new Map(
    Object.entries({ WordDocument: FILE_TYPES.doc, Workbook: FILE_TYPES.xls, Book: FILE_TYPES.xls, 'PowerPoint Document': FILE_TYPES.ppt }),
  );
  const handle = await fs.open(file);
  try {
    // Directory entries are 128-byte records on 128-byte boundaries after the 512-byte header: scan them.
    const chunk = Buffer.alloc(1024 * 1024);
    for (let position = 512; ; position += chunk.length) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      for (let offset = 0; offset + 128 <= bytesRead; offset += 128) {
        const nameLength = chunk.readUInt16LE(offset + 0x40);
        const objectType = chunk[offset + 0x42];
        if (objectType !== 2 || nameLength < 4 || nameLength > 64 || nameLength % 2) continue;
        const name = chunk.toString('utf16le', offset, offset + nameLength - 2);
        const type = streams.get(name);
        if (type) return accepted(type);
      }
      if (bytesRead < chunk.length) return refused('документ OLE неизвестного вида');
    }
  } finally {
    await handle.close();
  }
}

/** The type of a stored upload, from its content only. */
export async function detectFileType(file: string, head: Buffer, limits: InflateLimits): Promise<Detected> {
  const first = detectFromHead(head);
  if (first === 'zip') return detectZip(file, limits);
  if (first === 'ole') return detectOle(file);
  return first;
}

export function extensionOf(fileName: string): string {
  return path.extname(fileName).slice(1).toLowerCase();
}

/** A name whose extension promises another type than the content is a mismatch; a name without one is fine. */
export function nameMatches(fileName: string, type: FileType): boolean {
  const extension = extensionOf(fileName);
  return extension === '' || type.extensions.includes(extension);
}

/** The type whose extensions include the name's, for messages ("named PDF, but is HTML"). */
export function typeByName(fileName: string): FileType | undefined {
  const extension = extensionOf(fileName);
  return Object.values(FILE_TYPES).find((t) => (t.extensions as readonly string[]).includes(extension));
}
