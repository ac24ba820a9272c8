import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LoadStrategy, type MikroORM } from '@mikro-orm/core';
import ExcelJS from 'exceljs';
import { csvCell, sheetValue } from '../../common/spreadsheet.ts';
import type { FileStorage } from '../files/storage.ts';
import { Material } from '../materials/material.entity.ts';
import { OWN_FIELDS, ownFieldsOf } from '../materials/kinds.ts';

export type ExportFormat = 'jsonl' | 'csv' | 'xlsx';

/** The import's columns: the common ones, then every kind's own fields (from the kind registry). */
const CSV_COLUMNS = [
  'externalId',
  'kind',
  'status',
  'title',
  'summary',
  'body',
  'publishedAt',
  'subjects',
  'levels',
  'grades',
  'keywords',
  'authors',
  'organization',
  'municipality',
  'files',
  ...OWN_FIELDS.keys(),
];
const PAGE = 200;

/** One material in the import format: what `import` reads back to the same material. */
async function toRecord(m: Material, fileName: (fileId: string, name: string) => string): Promise<Record<string, unknown>> {
  const record = m as unknown as Record<string, unknown>;
  const own = Object.fromEntries(
    ownFieldsOf(m.kind)
      .map(({ name }) => [name, record[name]])
      .filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
  const organization = m.organization?.getEntity();
  const authors = [...m.authorships.getItems()].sort((a, b) => a.position - b.position).map((a) => a.person.getEntity());
  const files = [...m.attachments.getItems()].sort((a, b) => a.position - b.position).map((a) => a.file.getEntity());
  return {
    externalId: m.externalId ?? m.id,
    kind: m.kind,
    status: m.status,
    title: m.title,
    summary: m.summary,
    body: m.body,
    publishedAt: m.publishedAt?.toISOString(),
    subjects: m.subjects
      .getItems()
      .map((s) => s.name)
      .sort(),
    levels: m.levels
      .getItems()
      .map((l) => l.code)
      .sort(),
    grades: m.grades,
    keywords: m.keywords
      .getItems()
      .map((k) => k.name)
      .sort(),
    authors: authors.map((p) => ({ fullName: p.fullName, ...(p.position ? { position: p.position } : {}) })),
    ...(organization ? { organization: { name: organization.name, municipality: organization.municipality } } : {}),
    ...(files.length ? { files: files.map((f) => ({ path: fileName(f.id, f.fileName) })) } : {}),
    ...own,
  };
}

/** The record with lists as `a|b`, authors as «ФИО / должность», the organization in two columns: one cell per column. */
function flatRecord(record: Record<string, unknown>): Record<string, unknown> {
  const flat: Record<string, unknown> = { ...record };
  for (const list of ['subjects', 'levels', 'grades', 'keywords']) flat[list] = (record[list] as unknown[] | undefined)?.join('|');
  flat.authors = (record.authors as Array<{ fullName: string; position?: string }>)
    .map((a) => (a.position ? `${a.fullName} / ${a.position}` : a.fullName))
    .join('|');
  const organization = record.organization as { name: string; municipality: string } | undefined;
  flat.organization = organization?.name;
  flat.municipality = organization?.municipality;
  flat.files = (record.files as Array<{ path: string }> | undefined)?.map((f) => f.path).join('|');
  return flat;
}

const csvRow = (record: Record<string, unknown>) => {
  const flat = flatRecord(record);
  return CSV_COLUMNS.map((column) => csvCell(flat[column])).join(';');
};

/**
 * Writes every material in the import format, with their files copied into `files/` beside the
 * export, so that importing the export into the same base changes nothing.
 */
export async function exportMaterials(
  orm: MikroORM,
  storage: FileStorage,
  out: string,
  format: ExportFormat,
  onProgress: (done: number) => void = () => {},
): Promise<{ materials: number; files: number }> {
  const filesDir = path.join(path.dirname(out), 'files');
  const sink = format === 'xlsx' ? xlsxSink(out) : textSink(out, format);
  const copied = new Map<string, string>();
  let done = 0;
  try {
    for (let offset = 0; ; offset += PAGE) {
      const em = orm.em.fork();
      const page = await em.find(
        Material,
        {},
        {
          populate: ['subjects', 'levels', 'keywords', 'organization', 'authorships.person', 'attachments.file'] as never,
          strategy: LoadStrategy.SELECT_IN,
          orderBy: { createdAt: 'asc', id: 'asc' },
          limit: PAGE,
          offset,
        },
      );
      if (!page.length) break;
      for (const material of page) {
        for (const attachment of material.attachments.getItems()) {
          const file = attachment.file.getEntity();
          if (copied.has(file.id)) continue;
          const relative = `files/${file.id.slice(0, 8)}-${file.fileName.replace(/[\\/:*?"<>|]/g, '_')}`;
          await fsp.mkdir(filesDir, { recursive: true });
          await pipeline(await storage.read(file.storageKey), fs.createWriteStream(path.join(path.dirname(out), relative)));
          copied.set(file.id, relative);
        }
        await sink.add(await toRecord(material, (id) => copied.get(id)!));
        onProgress(++done);
      }
    }
  } finally {
    await sink.close();
  }
  return { materials: done, files: copied.size };
}

interface Sink {
  add(record: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

function textSink(out: string, format: 'jsonl' | 'csv'): Sink {
  const stream = fs.createWriteStream(out);
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
  let started = false;
  return {
    async add(record) {
      // A BOM and a header row, so that Excel opens the CSV in UTF-8 with its columns.
      if (format === 'csv' && !started) await write(`\uFEFF${CSV_COLUMNS.join(';')}\r\n`);
      started = true;
      await write(format === 'jsonl' ? `${JSON.stringify(record)}\n` : `${csvRow(record)}\r\n`);
    },
    close: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}

/** A workbook streamed to disk: a bold header row, sensible widths, one material per row. */
function xlsxSink(out: string): Sink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true });
  const sheet = workbook.addWorksheet('Материалы', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = CSV_COLUMNS.map((key) => ({
    header: key,
    key,
    width: ['title', 'summary', 'authors', 'organization'].includes(key) ? 40 : key === 'body' ? 60 : 16,
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    async add(record) {
      const flat = flatRecord(record);
      sheet.addRow(Object.fromEntries(CSV_COLUMNS.map((column) => [column, sheetValue(flat[column])]))).commit();
    },
    async close() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
