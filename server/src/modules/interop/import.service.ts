import fsp from 'node:fs/promises';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { cleanKeyword, EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { nextPosition } from '../dictionaries/positions.ts';
import { withTransaction } from '../../common/transaction.ts';
import { MaterialFile } from '../materials/material-file.entity.ts';
import { UploadError, UploadService, type FilesConfig } from '../files/upload.service.ts';
import { KINDS, type MaterialKind } from '../materials/kinds.ts';
import { type CheckedValues, checkValues, date, FieldProblem, LIMITS, list, text } from '../materials/material-fields.ts';
import { Material } from '../materials/material.entity.ts';
import { MaterialStatus } from '../materials/material.enums.ts';
import { IMPORT_WRITER, MaterialWriter, SNAPSHOT_RELATIONS, type Snapshot } from '../materials/material-writer.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { BankFileError, type BankFile, findBankFile, openBankFile } from './bank-files.ts';
import { DICTIONARY_FIELDS, type DictionaryField, type DictionaryMapping, DictionaryMatcher, normalizeName, PersonIndex, type UnknownValue } from './matching.ts';
import type { ImportRow, ImportSource } from './rows.ts';

export type Outcome = 'created' | 'updated' | 'unchanged' | 'failed';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What one line asks for, fully checked before anything is changed. */
interface LinePlan {
  externalId: string;
  kind: MaterialKind;
  status: MaterialStatus;
  publishedAt?: Date;
  /** The texts, classes, keywords and the kind's own columns, checked by the materials' rules. */
  values: CheckedValues;
  subjects: Subject[];
  levels: EducationLevel[];
  organization?: { key: string; name: string; municipality?: string };
  authors: Array<{ fullName: string; position?: string }>;
  /** Regular files inside the bank's folder, each with the path its line gave. */
  files: Array<{ file: BankFile; relative: string; field: string }>;
}

/**
 * One unit of writing: an identity map with its writer, and the people and organizations it
 * created, which the import learns only once they are committed.
 */
class Batch {
  readonly people = new PersonIndex<Person>();
  readonly newPeople: Array<[string, Person]> = [];
  readonly organizations = new Map<string, Organization>();
  readonly writer: MaterialWriter;
  constructor(
    readonly em: EntityManager,
    userId: string | undefined,
  ) {
    this.writer = new MaterialWriter(em, { name: IMPORT_WRITER, userId });
  }
}

/** A line applied to its material, with the state before (null for a new one) and after. */
interface Applied {
  outcome: Outcome;
  material: Material;
  before: Snapshot | null;
  after: Snapshot;
}

/** A line's external id as the file has it, trimmed (validation says what is wrong with one that is not text). */
const externalIdOf = (row: ImportRow) => (typeof row.fields.externalId === 'string' ? row.fields.externalId.trim() : undefined);

/** Lines written in one transaction; a line that fails the database sends its batch through one by one. */
const BATCH_SIZE = 100;

export const NO_FILES_WITHOUT_FOLDER = 'в банке, загруженном через API, файлы не принимаются: рядом с ним нет папки с файлами. Уберите files из строки или импортируйте банк с файлами командой npm run kb -- import';

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
  private people = new PersonIndex<Person>();
  private organizations = new Map<string, Organization>();
  private subjects = new DictionaryMatcher<Subject>('subjects');
  private levels = new DictionaryMatcher<EducationLevel>('levels');
  /** The real path of `options.baseDir`, once `run` has resolved it. */
  private folder: string | null = null;

  constructor(
    private readonly orm: MikroORM,
    private readonly files: FilesConfig,
    private readonly options: ImportOptions,
  ) {}

  private async loadDirectories() {
    const em = this.orm.em.fork();
    for (const person of await em.find(Person, {})) this.people.add(person.fullName, person);
    for (const organization of await em.find(Organization, {})) this.organizations.set(normalizeName(organization.name), organization);
    for (const subject of await em.find(Subject, {})) this.subjects.add(subject.name, subject);
    for (const level of await em.find(EducationLevel, {})) {
      this.levels.add(level.code, level);
      this.levels.add(level.name, level);
    }
    for (const { field, from, to } of this.options.mapping ?? []) {
      if (!this.matcher(field).map(from, to)) throw new ImportOptionsError(`сопоставление «${from}» → «${to}»: ${DICTIONARY_FIELDS[field]} «${to}» не найден в справочнике`);
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
          if (this.options.dryRun) matcher.add(name, field === 'subjects' ? Object.assign(new Subject(), { name }) : Object.assign(new EducationLevel(), { code: name, name }));
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
    const existing = await this.findExisting(batch.em, rows.map((r) => r.fields.externalId));
    await this.preloadKeywords(batch, rows);
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
        const applied = await this.apply(batch, plan, existing.get(plan.externalId) ?? null);
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
        await withTransaction(batch.em, () => this.write(batch, written.map((w) => w.applied)));
        this.learn(batch);
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
        const existing = await this.findExisting(batch.em, [row.fields.externalId]);
        await this.preloadKeywords(batch, [row]);
        const plan = this.validate(row.fields, existing.get(externalIdOf(row) ?? '') ?? null, batch);
        const applied = await this.apply(batch, plan, existing.get(plan.externalId) ?? null);
        await this.attachFiles(batch.em, applied.material, plan.files);
        // The files may have changed the material too.
        const after = batch.writer.snapshot(applied.material);
        const outcome: Outcome = !applied.before ? 'created' : JSON.stringify(after) === JSON.stringify(applied.before) ? 'unchanged' : 'updated';
        await this.write(batch, [{ ...applied, outcome, after }]);
        return [outcome, batch] as const;
      });
      this.learn(batch);
      return { outcome };
    } catch (error) {
      if (error instanceof FieldProblem) return { outcome: 'failed', field: error.field, reason: error.message };
      if (error instanceof UploadError) return { outcome: 'failed', field: 'files', reason: error.message };
      return { outcome: 'failed', reason: `ошибка базы данных: ${(error as Error).message.split('\n')[0]}` };
    }
  }

  /** The materials the lines name, by external id (or, for an export of materials that had none, by their own id). */
  private async findExisting(em: EntityManager, ids: unknown[]): Promise<Map<string, Material>> {
    const keys = ids.filter((id): id is string => typeof id === 'string' && id.trim() !== '').map((id) => id.trim());
    if (!keys.length) return new Map();
    const own = keys.filter((id) => UUID.test(id));
    const found = await em.find(Material, { $or: [{ externalId: { $in: keys } }, ...(own.length ? [{ id: { $in: own }, externalId: null }] : [])] } as never, {
      populate: [...SNAPSHOT_RELATIONS, 'authorships.person'] as never,
    });
    return new Map(found.map((m) => [m.externalId ?? m.id, m]));
  }

  /** The batch's keywords in one statement. */
  private async preloadKeywords(batch: Batch, rows: ImportRow[]) {
    await batch.writer.loadKeywords(rows.flatMap((r) => (Array.isArray(r.fields.keywords) ? r.fields.keywords : [])).map((k) => cleanKeyword(String(k))).filter(Boolean));
  }

  /** Every check of a line, without changing anything: the materials' rules for its values, the import's for the rest. */
  private validate(f: Record<string, unknown>, existing: Material | null, batch: Batch): LinePlan {
    const externalId = text(f.externalId, 'externalId', LIMITS.externalId);
    if (!externalId) throw new FieldProblem('externalId', 'обязательное поле: по нему строка находит свой материал при повторном импорте');
    const kind = text(f.kind, 'kind', 40) as MaterialKind | undefined;
    if (!kind || !Object.hasOwn(KINDS, kind)) throw new FieldProblem('kind', `«${kind ?? ''}» — допустимы ${Object.keys(KINDS).join(', ')}`);
    const status = (text(f.status, 'status', 20) ?? MaterialStatus.PUBLISHED) as MaterialStatus;
    if (!Object.values(MaterialStatus).includes(status)) throw new FieldProblem('status', `«${status}» — допустимы ${Object.values(MaterialStatus).join(', ')}`);
    if (existing && existing.kind !== kind) throw new FieldProblem('kind', `материал ${externalId} уже есть с видом ${existing.kind}; вид не меняется импортом`);
    // A line is the whole material: texts, classes and keywords it leaves out are emptied.
    const values = checkValues(kind, { ...f, summary: f.summary ?? '', body: f.body ?? '', grades: f.grades ?? [], keywords: f.keywords ?? [] }, { complete: true });

    return {
      externalId,
      kind,
      status,
      publishedAt: date(f.publishedAt, 'publishedAt'),
      values,
      subjects: list(f.subjects, 'subjects').map((name) => this.dictionary(this.subjects, String(name))),
      levels: list(f.levels, 'levels').map((name) => this.dictionary(this.levels, String(name))),
      organization: f.organization ? this.organizationPlan(f.organization, batch) : undefined,
      authors: list(f.authors, 'authors').map((value, i) => {
        const a = (typeof value === 'string' ? { fullName: value } : value) as { fullName?: unknown; position?: unknown };
        const fullName = text(a?.fullName, `authors[${i}].fullName`, LIMITS.personName);
        if (!fullName || fullName.split(/\s+/).length < 2) throw new FieldProblem(`authors[${i}].fullName`, 'ФИО — хотя бы фамилия и инициалы');
        return { fullName, position: text(a.position, `authors[${i}].position`, LIMITS.position) };
      }),
      files: this.filePlan(list(f.files, 'files')),
    };
  }

  /** The files a line names: regular files inside the bank's folder, never anything else of the server's disk. */
  private filePlan(values: unknown[]): LinePlan['files'] {
    if (values.length && this.folder === null) throw new FieldProblem('files', NO_FILES_WITHOUT_FOLDER);
    return values.map((value, i) => {
      const field = `files[${i}].path`;
      const relative = text((value as { path?: unknown })?.path ?? value, field, 1000);
      if (!relative) throw new FieldProblem(field, 'укажите путь к файлу');
      try {
        return { file: findBankFile(this.folder!, relative), relative, field };
      } catch (error) {
        throw error instanceof BankFileError ? new FieldProblem(field, error.message) : error;
      }
    });
  }

  /** Applies a checked line to the batch's identity map through the materials' writer; says what it did to the material. */
  private async apply(batch: Batch, plan: LinePlan, existing: Material | null): Promise<Applied> {
    const { em, writer } = batch;
    const material = existing ?? writer.create(plan.kind, { externalId: plan.externalId });
    const before = existing ? writer.snapshot(existing) : null;
    if (existing && !existing.externalId && existing.id !== plan.externalId) existing.externalId = plan.externalId;
    material.status = plan.status;
    material.publishedAt = plan.publishedAt ?? (plan.status === MaterialStatus.PUBLISHED ? (material.publishedAt ?? new Date()) : material.publishedAt);
    await writer.apply(material, plan.values, {
      subjects: plan.subjects.map((s) => em.getReference(Subject, s.id)),
      levels: plan.levels.map((l) => em.getReference(EducationLevel, l.id)),
      organization: plan.organization ? this.organization(batch, plan.organization) : null,
      authors: this.authors(batch, material, plan.authors),
    });
    const after = writer.snapshot(material);
    const outcome = !before ? 'created' : JSON.stringify(after) === JSON.stringify(before) ? 'unchanged' : 'updated';
    return { outcome, material, before, after };
  }

  /** What a batch created joins the directories once it is committed. */
  private learn(batch: Batch) {
    for (const [name, person] of batch.newPeople) this.people.add(name, person);
    for (const [key, organization] of batch.organizations) this.organizations.set(key, organization);
  }

  private dictionary<T>(matcher: DictionaryMatcher<T>, name: string): T {
    const found = matcher.find(name);
    if (!found) throw new FieldProblem(matcher.field, `неизвестный ${DICTIONARY_FIELDS[matcher.field]} «${name}»: добавьте его в справочник, сопоставьте с имеющимся или загрузите с добавлением недостающих (отметка «Создать недостающие значения» на странице импорта или --create-missing)`);
    return found;
  }

  private organizationPlan(value: unknown, batch: Batch): NonNullable<LinePlan['organization']> {
    const o = (typeof value === 'string' ? { name: value } : value) as { name?: unknown; municipality?: unknown };
    const name = text(o?.name, 'organization.name', LIMITS.organizationName);
    if (!name) throw new FieldProblem('organization.name', 'укажите название организации');
    const key = normalizeName(name);
    const municipality = text(o.municipality, 'organization.municipality', LIMITS.municipality);
    if (!this.organizations.has(key) && !batch.organizations.has(key) && !municipality) throw new FieldProblem('organization.municipality', `организации «${name}» нет в справочнике: для новой укажите муниципалитет`);
    return { key, name, municipality };
  }

  private organization(batch: Batch, plan: NonNullable<LinePlan['organization']>): Organization {
    const known = this.organizations.get(plan.key);
    if (known) return batch.em.getReference(Organization, known.id);
    const made = batch.organizations.get(plan.key) ?? batch.em.create(Organization, { name: plan.name, municipality: plan.municipality } as never);
    batch.organizations.set(plan.key, made);
    return made;
  }

  /** The line's authors as people: the material's own first (two teachers may share a name, and a re-import must not swap them), then the directory's, then new ones. */
  private authors(batch: Batch, material: Material, authors: LinePlan['authors']): Person[] {
    const { em } = batch;
    const own = new PersonIndex<Person>();
    for (const authorship of material.authorships.getItems()) own.add(authorship.person.getEntity().fullName, authorship.person.getEntity());
    return authors.map(({ fullName, position }) => {
      const known = own.find(fullName) ?? this.people.find(fullName);
      if (known) return em.getReference(Person, known.id);
      const made = batch.people.find(fullName);
      if (made) return made;
      const person = em.create(Person, { fullName, position } as never);
      batch.people.add(fullName, person);
      batch.newPeople.push([fullName, person]);
      return person;
    });
  }

  /** Files named relative to the import file, stored once by content and attached in order. */
  private async attachFiles(em: EntityManager, material: Material, files: LinePlan['files']) {
    const attached = new Set(material.attachments.getItems().map((a) => a.file.id));
    let position = material.attachments.length;
    for (const { file: checked, relative, field } of files) {
      const handle = await openBankFile(checked, relative).catch((error: unknown) => {
        throw error instanceof BankFileError ? new FieldProblem(field, error.message) : error;
      });
      const { file } = await new UploadService(em, this.files).receive(handle.createReadStream({ autoClose: false }), path.basename(relative), null).finally(() => handle.close());
      if (attached.has(file.id)) continue;
      attached.add(file.id);
      em.create(MaterialFile, { material, file, position: ++position });
    }
  }
}
