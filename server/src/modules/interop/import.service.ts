import fsp from 'node:fs/promises';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { nextPosition } from '../dictionaries/positions.ts';
import { withTransaction } from '../../common/transaction.ts';
import { UploadError, type FilesConfig } from '../files/upload.service.ts';
import { FieldProblem } from '../materials/material-fields.ts';
import type { Material } from '../materials/material.entity.ts';
import { externalIdOf, type LinePlan, planLine } from './import-line.ts';
import { type Applied, Batch, ImportWriter, type Outcome, outcomeOf } from './import-writer.ts';
import { DICTIONARY_FIELDS, type DictionaryField, type DictionaryMapping, DictionaryMatcher, type UnknownValue } from './matching.ts';
import type { ImportRow, ImportSource } from './rows.ts';

export interface LineReport {
  line: number;
  outcome: Outcome;
  externalId?: string;
  field?: string;
  reason?: string;
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  lines: LineReport[];
  /** Subjects and levels no dictionary entry matched (added to the dictionaries with `createMissing`). */
  unknown: UnknownValue[];
}

/** Lines written in one transaction; a line that fails the database sends its batch through one by one. */
const BATCH_SIZE = 100;

/**
 * The bank of a centre from JSON Lines, CSV or XLSX, streamed: lines are checked one by one (a bad
 * line is reported with line, field and reason and changes nothing) and the good ones are written
 * in batches of a transaction each; should the database refuse a batch, its lines are written each in
 * a transaction of its own so that only the guilty one fails. People, organizations, subjects and
 * levels are matched by normalised names, never duplicated. Upsert by `externalId`.
 */
export interface ImportOptions {
  dryRun: boolean;
  /**
   * The folder a bank's file paths are relative to (the import file's); `null` for a bank uploaded
   * through the API, which has no folder, so its lines may name no files.
   */
  baseDir: string | null;
  /** Who started it through the API (the revisions name «импорт» and this user). */
  userId?: string;
  /** Add subjects and levels the dictionaries lack instead of failing their lines. */
  createMissing?: boolean;
  /** The bank's own spellings read as existing entries. */
  mapping?: DictionaryMapping[];
}

/** The import cannot start as asked (a mapping names no entry). */
export class ImportOptionsError extends Error {}

export class ImportService {
  private subjects = new DictionaryMatcher<Subject>('subjects');
  private levels = new DictionaryMatcher<EducationLevel>('levels');
  private readonly writer: ImportWriter;
  /** The real path of `options.baseDir`, once `run` has resolved it. */
  private folder: string | null = null;

  constructor(
    private readonly orm: MikroORM,
    files: FilesConfig,
    private readonly options: ImportOptions,
  ) {
    this.writer = new ImportWriter(files);
  }

  private async loadDirectories() {
    const em = this.orm.em.fork() as EntityManager;
    await this.writer.loadDirectories(em);
    for (const subject of await em.find(Subject, {})) this.subjects.add(subject.name, subject);
    for (const level of await em.find(EducationLevel, {})) {
      this.levels.add(level.code, level);
      this.levels.add(level.name, level);
    }
    for (const { field, from, to } of this.options.mapping ?? []) {
      if (!this.matcher(field).map(from, to))
        throw new ImportOptionsError(`сопоставление «${from}» → «${to}»: ${DICTIONARY_FIELDS[field]} «${to}» не найден в справочнике`);
    }
  }

  private matcher(field: DictionaryField): DictionaryMatcher<Subject | EducationLevel> {
    return field === 'subjects' ? this.subjects : this.levels;
  }

  /**
   * Before a batch is checked: its subjects and levels that match nothing are noted for the
   * report and, with `createMissing`, added to the dictionaries (committed at once, so that every
   * later line finds them; a dry run only pretends to add them).
   */
  private async matchDictionaries(rows: ImportRow[]) {
    for (const row of rows) {
      for (const field of ['subjects', 'levels'] as const) {
        const values = row.fields[field];
        for (const value of Array.isArray(values) ? values : []) {
          const name = String(value).trim();
          const matcher = this.matcher(field);
          if (!name || name.length > 200 || !matcher.observe(name, row.line) || !this.options.createMissing) continue;
          if (this.options.dryRun)
            matcher.add(
              name,
              field === 'subjects' ? Object.assign(new Subject(), { name }) : Object.assign(new EducationLevel(), { code: name, name }),
            );
          else matcher.created(name, await this.createEntry(field, name));
        }
      }
    }
  }

  private async createEntry(field: DictionaryField, name: string): Promise<Subject | EducationLevel> {
    const em = this.orm.em.fork() as EntityManager;
    const position = await nextPosition(em, field === 'subjects' ? Subject : EducationLevel);
    const entry = field === 'subjects' ? em.create(Subject, { name, position }) : em.create(EducationLevel, { code: name, name, position });
    await em.flush();
    return entry;
  }

  /** `done` is the line number reached, `total` the lines of the file. Only failed lines are kept in the summary. */
  async run(source: ImportSource, onProgress: (done: number, total: number) => void = () => {}): Promise<ImportSummary> {
    this.folder = this.options.baseDir === null ? null : await fsp.realpath(this.options.baseDir);
    await this.loadDirectories();
    const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, failed: 0, lines: [], unknown: [] };
    const report = (line: LineReport) => {
      summary[line.outcome]++;
      if (line.outcome === 'failed') summary.lines.push(line);
    };
    const seen = new Map<string, number>();
    let pending: ImportRow[] = [];
    const flushPending = async (line: number) => {
      for (const result of await this.batch(pending)) report(result);
      pending = [];
      onProgress(line, source.total);
    };
    let lastLine = 0;
    for await (const row of source.rows) {
      lastLine = row.line;
      if ('error' in row) {
        report({ line: row.line, outcome: 'failed', reason: row.error });
        continue;
      }
      const externalId = externalIdOf(row);
      if (externalId && seen.has(externalId)) {
        report({ line: row.line, outcome: 'failed', externalId, field: 'externalId', reason: `повторяет строку ${seen.get(externalId)}` });
        continue;
      }
      if (externalId) seen.set(externalId, row.line);
      pending.push(row);
      if (pending.length >= BATCH_SIZE) await flushPending(row.line);
    }
    await flushPending(Math.max(lastLine, source.total));
    summary.lines.sort((a, b) => a.line - b.line);
    summary.unknown = [...this.subjects.unknown, ...this.levels.unknown];
    return summary;
  }

  /** Checks and applies a batch in one identity map and writes it in one transaction. */
  private async batch(rows: ImportRow[]): Promise<LineReport[]> {
    if (!rows.length) return [];
    await this.matchDictionaries(rows);
    const batch = new Batch(this.orm.em.fork() as EntityManager, this.options.userId);
    const existing = await this.writer.findExisting(
      batch.em,
      rows.map((r) => r.fields.externalId),
    );
    await this.writer.preloadKeywords(batch, rows);
    const reports: LineReport[] = [];
    const written: Array<{ row: ImportRow; report: LineReport; applied: Applied }> = [];
    const alone: ImportRow[] = [];
    for (const row of rows) {
      const externalId = externalIdOf(row);
      try {
        const plan = this.validate(row.fields, existing.get(externalId ?? '') ?? null, batch);
        // Files go through the upload path, which may refuse one: such lines are written on their own.
        if (plan.files.length && !this.options.dryRun) {
          alone.push(row);
          continue;
        }
        const applied = await this.writer.apply(batch, plan, existing.get(plan.externalId) ?? null);
        const report: LineReport = { line: row.line, externalId, outcome: applied.outcome };
        reports.push(report);
        written.push({ row, report, applied });
      } catch (error) {
        if (!(error instanceof FieldProblem)) throw error;
        reports.push({ line: row.line, externalId, outcome: 'failed', field: error.field, reason: error.message });
      }
    }
    if (!this.options.dryRun && written.length) {
      try {
        await withTransaction(batch.em, () =>
          this.writer.write(
            batch,
            written.map((w) => w.applied),
          ),
        );
        this.writer.learn(batch);
      } catch {
        // Something in the batch broke a database rule: find the line by writing each alone.
        for (const { row, report } of written) Object.assign(report, await this.single(row));
      }
    }
    for (const row of alone) reports.push({ line: row.line, externalId: externalIdOf(row), ...(await this.single(row)) });
    return reports;
  }

  /**
   * Writes the applied lines and the revisions of those that changed (by «импорт»): the materials
   * first, so that the revisions carry their stored versions. The caller holds the transaction.
   */
  private async write(batch: Batch, lines: Applied[]): Promise<void> {
    await batch.em.flush();
    for (const { outcome, material, before, after } of lines) {
      if (outcome !== 'unchanged') batch.writer.record(material, 'imported', before, {}, after);
    }
    await batch.writer.writeRevisions();
  }

  /** One line in a transaction of its own (lines with files, and the lines of a batch the database refused). */
  private async single(row: ImportRow): Promise<Pick<LineReport, 'outcome' | 'field' | 'reason'>> {
    try {
      const [outcome, batch] = await this.orm.em.fork().transactional(async (tx) => {
        const batch = new Batch(tx as EntityManager, this.options.userId);
        const existing = await this.writer.findExisting(batch.em, [row.fields.externalId]);
        await this.writer.preloadKeywords(batch, [row]);
        const plan = this.validate(row.fields, existing.get(externalIdOf(row) ?? '') ?? null, batch);
        const applied = await this.writer.apply(batch, plan, existing.get(plan.externalId) ?? null);
        await this.writer.attachFiles(batch.em, applied.material, plan.files);
        // The files may have changed the material too.
        const after = batch.writer.snapshot(applied.material);
        const outcome = outcomeOf(applied.before, after);
        await this.writer.write(batch, [{ ...applied, outcome, after }]);
        return [outcome, batch] as const;
      });
      this.writer.learn(batch);
      return { outcome };
    } catch (error) {
      if (error instanceof FieldProblem) return { outcome: 'failed', field: error.field, reason: error.message };
      if (error instanceof UploadError) return { outcome: 'failed', field: 'files', reason: error.message };
      return { outcome: 'failed', reason: `ошибка базы данных: ${(error as Error).message.split('\n')[0]}` };
    }
  }

  /** Every check of a line, against the dictionaries, the organizations known so far and the bank's folder. */
  private validate(fields: Record<string, unknown>, existing: Material | null, batch: Batch): LinePlan {
    return planLine(fields, existing, {
      subjects: this.subjects,
      levels: this.levels,
      knownOrganization: (key) => this.writer.knowsOrganization(batch, key),
      folder: this.folder,
    });
  }
}
