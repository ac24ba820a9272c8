import fs from 'node:fs/promises';
import sharp from 'sharp';
import { FILE_TYPES } from '../file-types.ts';
import { GuardedZip, type InflateLimits } from '../zip.ts';
import { odfText, rtfText, runsText, tidy } from './markup.ts';

export interface ExtractionInput {
  file: string;
  mimeType: string;
  limits: InflateLimits;
  /** Longer text is cut: the search document has a budget too. */
  maxTextChars: number;
}

export interface ExtractionResult {
  /** Undefined when the type carries no text we read (images, media, old binary Office, archives). */
  text?: string;
  truncated?: boolean;
  pageCount?: number;
  durationSeconds?: number;
  /** WebP thumbnail. */
  preview?: Uint8Array;
}

const PREVIEW_WIDTH = 320;

/** Runs in the extraction worker: a crash, a hang or a memory blow-up there cannot take the server with it. */
export async function extractContent(input: ExtractionInput): Promise<ExtractionResult> {
  const result = await byType(input);
  if (result.text !== undefined && result.text.length > input.maxTextChars) {
    return { ...result, text: result.text.slice(0, input.maxTextChars), truncated: true };
  }
  return result;
}

async function byType({ file, mimeType, limits }: ExtractionInput): Promise<ExtractionResult> {
  const mime = mimeType.split(';')[0]!.trim();
  switch (mime) {
    case FILE_TYPES.pdf.mime:
      return pdf(file);
    case FILE_TYPES.docx.mime:
      return withZip(file, limits, async (zip) => ({
        text: runsText(await zip.readText('word/document.xml'), { text: 'w:t', paragraph: 'w:p', tab: 'w:tab', lineBreak: 'w:br' }),
        pageCount: zip.has('docProps/app.xml') ? numberIn(await zip.readText('docProps/app.xml'), /<Pages>(\d+)<\/Pages>/) : undefined,
      }));
    case FILE_TYPES.pptx.mime:
      return withZip(file, limits, async (zip) => {
        const slides = numbered(zip, /^ppt\/slides\/slide(\d+)\.xml$/);
        const texts: string[] = [];
        for (const slide of slides) texts.push(runsText(await zip.readText(slide), { text: 'a:t', paragraph: 'a:p', lineBreak: 'a:br' }));
        return { text: tidy(texts.join('\n\n')), pageCount: slides.length };
      });
    case FILE_TYPES.xlsx.mime:
      return withZip(file, limits, async (zip) => {
        const sheets = numbered(zip, /^xl\/worksheets\/sheet(\d+)\.xml$/);
        const texts = zip.has('xl/sharedStrings.xml')
          ? [runsText(await zip.readText('xl/sharedStrings.xml'), { text: 't', paragraph: 'si' })]
          : [];
        for (const sheet of sheets) texts.push(runsText(await zip.readText(sheet), { text: 't', paragraph: 'is' }));
        return { text: tidy(texts.join('\n')), pageCount: sheets.length };
      });
    case FILE_TYPES.odt.mime:
    case FILE_TYPES.odp.mime:
    case FILE_TYPES.ods.mime:
      return withZip(file, limits, async (zip) => {
        const content = await zip.readText('content.xml');
        const pages =
          mime === FILE_TYPES.odp.mime
            ? count(content, /<draw:page[\s>]/g)
            : mime === FILE_TYPES.ods.mime
              ? count(content, /<table:table[\s>]/g)
              : zip.has('meta.xml')
                ? numberIn(await zip.readText('meta.xml'), /meta:page-count="(\d+)"/)
                : undefined;
        return { text: odfText(content), pageCount: pages };
      });
    case FILE_TYPES.rtf.mime:
      return { text: rtfText((await fs.readFile(file)).toString('latin1')) };
    case 'text/plain':
      return { text: tidy(decodeText(await fs.readFile(file))) };
    case FILE_TYPES.jpeg.mime:
    case FILE_TYPES.png.mime:
    case FILE_TYPES.webp.mime:
    case FILE_TYPES.svg.mime:
      return { preview: await thumbnail(sharp(file, { limitInputPixels: 100_000_000 })) };
    case FILE_TYPES.mp3.mime:
    case FILE_TYPES.ogg.mime:
    case FILE_TYPES.mp4.mime:
    case FILE_TYPES.webm.mime:
      return { durationSeconds: await duration(file) };
    default:
      return {};
  }
}

async function pdf(file: string): Promise<ExtractionResult> {
  const { createIsomorphicCanvasFactory, getDocumentProxy, extractText, renderPageAsImage } = await import('unpdf');
  const canvasImport = () => import('@napi-rs/canvas');
  // Fonts and scripts inside a PDF never run as code: eval stays off.
  const document = await getDocumentProxy(new Uint8Array(await fs.readFile(file)), {
    isEvalSupported: false,
    canvasFactory: await createIsomorphicCanvasFactory(canvasImport),
  } as never);
  try {
    const { totalPages, text } = await extractText(document, { mergePages: false });
    let preview: Uint8Array | undefined;
    try {
      const page = await renderPageAsImage(document, 1, { canvasImport, width: PREVIEW_WIDTH * 2 });
      preview = await thumbnail(sharp(Buffer.from(page)));
    } catch {
      // A page that will not render still leaves the text searchable.
    }
    return { text: tidy(text.join('\n\n')), pageCount: totalPages, preview };
  } finally {
    await document.loadingTask.destroy();
  }
}

async function thumbnail(image: ReturnType<typeof sharp>): Promise<Uint8Array> {
  return image
    .rotate()
    .resize({ width: PREVIEW_WIDTH, withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .webp({ quality: 78 })
    .toBuffer();
}

async function duration(file: string): Promise<number | undefined> {
  const { parseFile } = await import('music-metadata');
  const { format } = await parseFile(file, { duration: true, skipCovers: true });
  return format.duration && Number.isFinite(format.duration) ? Math.round(format.duration * 10) / 10 : undefined;
}

/** UTF-8 when it decodes cleanly, else Windows-1251 (what Russian Windows saves as "ANSI"). */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

async function withZip(
  file: string,
  limits: InflateLimits,
  work: (zip: GuardedZip) => Promise<ExtractionResult>,
): Promise<ExtractionResult> {
  const zip = await GuardedZip.open(file, limits);
  try {
    return await work(zip);
  } finally {
    zip.close();
  }
}

function numbered(zip: GuardedZip, pattern: RegExp): string[] {
  return zip.entries
    .map((e) => ({ name: e.name, n: Number(pattern.exec(e.name)?.[1]) }))
    .filter((e) => Number.isFinite(e.n))
    .sort((a, b) => a.n - b.n)
    .map((e) => e.name);
}

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

function numberIn(text: string, pattern: RegExp): number | undefined {
  const value = Number(pattern.exec(text)?.[1]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** 'ru' when Cyrillic letters dominate, 'en' for Latin; undefined for too little text. */
export function detectLanguage(text: string): string | undefined {
  const sample = text.slice(0, 20_000);
  const cyrillic = sample.match(/[а-яё]/gi)?.length ?? 0;
  const latin = sample.match(/[a-z]/gi)?.length ?? 0;
  if (cyrillic + latin < 20) return undefined;
  return cyrillic >= latin ? 'ru' : 'en';
}
