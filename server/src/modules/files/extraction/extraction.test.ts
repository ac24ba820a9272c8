import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fixtures from '../../../test/file-fixtures.ts';
import { meterInflation } from '../../../test/inflation-meter.ts';
import { detectFileType, FILE_TYPES, HEAD_BYTES } from '../file-types.ts';
import { DEFAULT_INFLATE_LIMITS, ZipBombError } from '../zip.ts';
import { detectLanguage, extractContent } from './extract-content.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-extract-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

let n = 0;
async function saved(bytes: Buffer | string): Promise<string> {
  const file = path.join(dir, `f${++n}`);
  await fs.writeFile(file, bytes);
  return file;
}

async function detect(bytes: Buffer | string) {
  const file = await saved(bytes);
  const head = (await fs.readFile(file)).subarray(0, HEAD_BYTES);
  return detectFileType(file, head, DEFAULT_INFLATE_LIMITS);
}

const extract = async (bytes: Buffer | string, mimeType: string) =>
  extractContent({ file: await saved(bytes), mimeType, limits: DEFAULT_INFLATE_LIMITS, maxTextChars: 1_000_000 });

describe('type by content', () => {
  it('tells the office formats apart by their parts, and refuses markup and programs by name', async () => {
    expect(await detect(await fixtures.docx(['Текст']))).toEqual({ accepted: true, type: FILE_TYPES.docx });
    expect(await detect(await fixtures.pptx(['Слайд']))).toEqual({ accepted: true, type: FILE_TYPES.pptx });
    expect(await detect(await fixtures.xlsx(['Ячейка']))).toEqual({ accepted: true, type: FILE_TYPES.xlsx });
    expect(await detect(await fixtures.odt(['Абзац']))).toEqual({ accepted: true, type: FILE_TYPES.odt });
    expect(await detect(await fixtures.pdf(['Страница']))).toEqual({ accepted: true, type: FILE_TYPES.pdf });
    expect(await detect(await fixtures.png())).toEqual({ accepted: true, type: FILE_TYPES.png });
    expect(await detect(fixtures.rtf())).toEqual({ accepted: true, type: FILE_TYPES.rtf });
    expect(await detect(fixtures.svg())).toEqual({ accepted: true, type: FILE_TYPES.svg });
    expect(await detect(Buffer.from('Ярослав и ёжик', 'utf8'))).toEqual({ accepted: true, type: FILE_TYPES.txt });
    // Windows-1251 "яблоко": 0xFF 0xE1 would look like an MP3 frame to a careless check.
    expect(await detect(Buffer.from([0xff, 0xe1, 0xeb, 0xee, 0xea, 0xee]))).toEqual({ accepted: true, type: FILE_TYPES.txt });
    expect(await detect(fixtures.html())).toEqual({ accepted: false, label: 'HTML-страница' });
    expect(await detect(Buffer.from('MZ\x90\x00\x03'))).toEqual({ accepted: false, label: 'исполняемый файл Windows' });
    expect(
      await detect(
        await fixtures.plainZip([
          ['план.pdf', await fixtures.pdf(['x'])],
          ['заметка.txt', 'текст'],
        ]),
      ),
    ).toEqual({ accepted: true, type: FILE_TYPES.zip });
    expect(await detect(await fixtures.plainZip([['setup.exe', Buffer.from('MZ\x90\x00\x03\x00')]]))).toEqual({
      accepted: false,
      label: 'архив ZIP, в котором «setup.exe» — исполняемый файл Windows',
    });
  });

  it('refuses a zip bomb from its directory, before anything unpacks', async () => {
    const bomb = await fixtures.zipBombDocx(100);
    const inflation = meterInflation();
    try {
      await expect(detect(bomb)).rejects.toThrow(/сжат в \d+ раз/);
      await expect(detect(bomb)).rejects.toThrow(ZipBombError);
      // Not one entry opened: the refusal costs reading the directory (its time: bench/RESULTS.md).
      expect(inflation).toMatchObject({ entries: 0, bytes: 0 });
    } finally {
      inflation.stop();
    }
  });
});

describe('text extraction', () => {
  it('reads PDF pages with a page count and a thumbnail of the first page', async () => {
    const result = await extract(await fixtures.pdf(['Первая страница: дробные числа', 'Вторая страница: проценты']), FILE_TYPES.pdf.mime);
    expect(result.text).toContain('дробные числа');
    expect(result.text).toContain('проценты');
    expect(result.pageCount).toBe(2);
    const preview = Buffer.from(result.preview!);
    expect(preview.subarray(8, 12).toString('latin1')).toBe('WEBP');
    // The page was drawn: the thumbnail has dark text pixels, not just the white page.
    const { channels } = await sharp(preview).stats();
    expect(channels[0]!.min).toBeLessThan(100);
    expect((await sharp(preview).metadata()).width).toBe(320);
  });

  it('reads DOCX paragraphs, PPTX slides, XLSX cells and ODT paragraphs', async () => {
    const doc = await extract(await fixtures.docx(['Цель урока: &lt; дроби >', 'Ход урока'], 3), FILE_TYPES.docx.mime);
    expect(doc).toMatchObject({ text: 'Цель урока: &lt; дроби >\nХод урока', pageCount: 3 });
    expect(await extract(await fixtures.pptx(['Слайд один', 'Слайд два']), FILE_TYPES.pptx.mime)).toMatchObject({
      text: 'Слайд один\n\nСлайд два',
      pageCount: 2,
    });
    expect((await extract(await fixtures.xlsx(['Фамилия', 'Оценка']), FILE_TYPES.xlsx.mime)).text).toBe('Фамилия\nОценка');
    expect(await extract(await fixtures.odt(['Абзац первый', 'Абзац второй']), FILE_TYPES.odt.mime)).toMatchObject({
      text: 'Абзац первый\nАбзац второй',
      pageCount: 2,
    });
  });

  it('reads RTF in its code page and TXT in UTF-8 or Windows-1251', async () => {
    expect((await extract(fixtures.rtf(), FILE_TYPES.rtf.mime)).text).toBe('Урок мир\nSecond\tline');
    expect((await extract(Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), 'text/plain; charset=windows-1251')).text).toBe('Привет');
  });

  it('makes thumbnails of images and leaves their text out', async () => {
    const result = await extract(await fixtures.png(1200, 900), FILE_TYPES.png.mime);
    expect(result.text).toBeUndefined();
    expect(Buffer.from(result.preview!).subarray(8, 12).toString('latin1')).toBe('WEBP');
  });

  it('stops a bomb whose directory lies about its size while unpacking, with memory to spare', async () => {
    const bomb = await fixtures.zipBombDocx(100, { lie: true });
    const inflation = meterInflation();
    try {
      await expect(extract(bomb, FILE_TYPES.docx.mime)).rejects.toThrow(/too many bytes|сжат в \d+ раз/);
      // Of its 100 MiB, at most the ratio check's floor and a chunk unpacked (time and RSS: bench/RESULTS.md).
      expect(inflation.entries).toBeGreaterThan(0);
      expect(inflation.bytes).toBeLessThanOrEqual(DEFAULT_INFLATE_LIMITS.ratioFloorBytes + 1024 * 1024);
    } finally {
      inflation.stop();
    }
  });

  it('measures the duration of audio', async () => {
    const frames = 200;
    expect(await detect(fixtures.mp3(frames))).toEqual({ accepted: true, type: FILE_TYPES.mp3 });
    const result = await extract(fixtures.mp3(frames), FILE_TYPES.mp3.mime);
    expect(result.durationSeconds).toBeCloseTo((frames * 1152) / 44100, 0);
    expect(result.text).toBeUndefined();
  });

  it('names the language of a text', () => {
    expect(detectLanguage('Методические рекомендации по организации проектной деятельности')).toBe('ru');
    expect(detectLanguage('Guidelines for project-based learning in rural schools')).toBe('en');
    expect(detectLanguage('12 34')).toBeUndefined();
  });
});
