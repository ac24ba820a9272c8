import fsp from 'node:fs/promises';
import path from 'node:path';
import { ref, type MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EducationLevel, Keyword, normalizeKeyword, Subject } from '../dictionaries/dictionary.entity.ts';
import { nextPosition } from '../dictionaries/dictionary.service.ts';
import { MaterialFile } from '../files/media-file.entity.ts';
import { UploadError, UploadService, type FilesConfig } from '../files/upload.service.ts';
import { Material, MaterialAuthor } from '../materials/material.entity.ts';
import { ExpertLevel, LegalStatus, MaterialKind, MaterialStatus, MethodologicalMaterialType } from '../materials/material.enums.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { KIND_FIELDS, MATERIAL_CLASSES as CLASSES } from '../workflow/workflow.service.ts';
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

export interface ImportOptions {
  dryRun: boolean;
  /** The folder a bank's file paths are relative to (the import file's); `null` for a bank uploaded through the API. */
  baseDir: string | null;
  /** Add subjects and levels the dictionaries lack instead of failing their lines. */
  createMissing?: boolean;
  /** The bank's own spellings read as existing entries. */
  mapping?: DictionaryMapping[];
}

/** The import cannot start as asked (a mapping names no entry). */
export class ImportOptionsError extends Error {}

/** A problem with one line: which field, and why. */
class LineError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(reason);
  }
}

const ENUM_FIELDS: Record<string, Record<string, string>> = { expertLevel: ExpertLevel, materialType: MethodologicalMaterialType, legalStatus: LegalStatus };
const TEXT_FIELDS = ['title', 'summary', 'body'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const text = (value: unknown, field: string, max: number): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new LineError(field, 'ожидается строка');
  const result = String(value).trim();
  // PostgreSQL text cannot hold NUL; other control characters but tab and line breaks mean a broken export.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(result)) throw new LineError(field, 'содержит управляющие символы (NUL и подобные): проверьте выгрузку');
  if (result.length > max) throw new LineError(field, `не длиннее ${max} символов`);
  return result;
};

const list = (value: unknown, field: string): unknown[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new LineError(field, 'ожидается список');
  return value;
};

const date = (value: unknown, field: string): Date | undefined => {
  const raw = text(value, field, 40);
  if (!raw) return undefined;
  const parsed = /^\d{4}-\d{2}-\d{2}/.test(raw) ? new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw) : new Date(NaN);
  if (Number.isNaN(parsed.getTime())) throw new LineError(field, `«${raw}» — не дата (ожидается ГГГГ-ММ-ДД)`);
  return parsed;
};

/** What one line asks for, fully checked before anything is changed. */
interface LinePlan {
  externalId: string;
  kind: MaterialKind;
  status: MaterialStatus;
  texts: Record<(typeof TEXT_FIELDS)[number], string>;
  publishedAt?: Date;
  grades: number[];
  /** The kind's own columns (and a practice's expert level), already converted. */
  own: Record<string, unknown>;
  subjects: Subject[];
  levels: EducationLevel[];
  keywords: string[];
  organization?: { key: string; name: string; municipality?: string };
  authors: Array<{ fullName: string; position?: string }>;
  /** Regular files inside the bank's folder, each with the path its line gave. */
  files: Array<{ file: BankFile; relative: string; field: string }>;
}

/**
 * One unit of writing: an identity map, and the people, organizations and keywords it created,
 * which the import learns only once they are committed.
 */
class Batch {
  readonly people = new PersonIndex<Person>();
  readonly newPeople: Array<[string, Person]> = [];
  readonly organizations = new Map<string, Organization>();
  readonly keywords = new Map<string, Keyword>();
  constructor(readonly em: EntityManager) {}
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
    const batch = new Batch(this.orm.em.fork() as EntityManager);
    const existing = await this.findExisting(batch.em, rows.map((r) => r.fields.externalId));
    await this.preloadKeywords(batch, rows);
    const reports: LineReport[] = [];
    const written: Array<{ row: ImportRow; report: LineReport }> = [];
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
        const report: LineReport = { line: row.line, externalId, outcome: this.apply(batch, plan, existing.get(plan.externalId) ?? null).outcome };
        reports.push(report);
        written.push({ row, report });
      } catch (error) {
        if (!(error instanceof LineError)) throw error;
        reports.push({ line: row.line, externalId, outcome: 'failed', field: error.field, reason: error.message });
      }
    }
    if (!this.options.dryRun && written.length) {
      try {
        await batch.em.flush();
        this.learn(batch);
      } catch {
        // Something in the batch broke a database rule: find the line by writing each alone.
        for (const { row, report } of written) Object.assign(report, await this.single(row));
      }
    }
    for (const row of alone) reports.push({ line: row.line, externalId: externalIdOf(row), ...(await this.single(row)) });
    return reports;
  }

  /** One line in a transaction of its own (lines with files, and the lines of a batch the database refused). */
  private async single(row: ImportRow): Promise<Pick<LineReport, 'outcome' | 'field' | 'reason'>> {
    try {
      const [outcome, batch] = await this.orm.em.fork().transactional(async (tx) => {
        const batch = new Batch(tx as EntityManager);
        const existing = await this.findExisting(batch.em, [row.fields.externalId]);
        await this.preloadKeywords(batch, [row]);
        const plan = this.validate(row.fields, existing.get(externalIdOf(row) ?? '') ?? null, batch);
        const { outcome, material } = this.apply(batch, plan, existing.get(plan.externalId) ?? null);
        await this.attachFiles(batch.em, material, plan.files);
        return [outcome, batch] as const;
      });
      this.learn(batch);
      return { outcome };
    } catch (error) {
      if (error instanceof LineError) return { outcome: 'failed', field: error.field, reason: error.message };
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
      populate: ['subjects', 'levels', 'keywords', 'authorships.person', 'attachments'] as never,
    });
    return new Map(found.map((m) => [m.externalId ?? m.id, m]));
  }

  private async preloadKeywords(batch: Batch, rows: ImportRow[]) {
    const names = new Set(rows.flatMap((r) => (Array.isArray(r.fields.keywords) ? r.fields.keywords : [])).map((k) => normalizeKeyword(String(k))).filter(Boolean));
    if (!names.size) return;
    for (const keyword of await batch.em.find(Keyword, { name: { $in: [...names] } })) batch.keywords.set(keyword.name, keyword);
  }

  /** Every check of a line, without changing anything. */
  private validate(f: Record<string, unknown>, existing: Material | null, batch: Batch): LinePlan {
    const externalId = text(f.externalId, 'externalId', 200);
    if (!externalId) throw new LineError('externalId', 'обязательное поле: по нему строка находит свой материал при повторном импорте');
    const kind = text(f.kind, 'kind', 40) as MaterialKind | undefined;
    if (!kind || !(kind in CLASSES)) throw new LineError('kind', `«${kind ?? ''}» — допустимы ${Object.keys(CLASSES).join(', ')}`);
    const title = text(f.title, 'title', 500);
    if (!title || title.length < 3) throw new LineError('title', 'обязательное поле, не короче 3 символов');
    const status = (text(f.status, 'status', 20) ?? MaterialStatus.PUBLISHED) as MaterialStatus;
    if (!Object.values(MaterialStatus).includes(status)) throw new LineError('status', `«${status}» — допустимы ${Object.values(MaterialStatus).join(', ')}`);
    if (existing && existing.kind !== kind) throw new LineError('kind', `материал ${externalId} уже есть с видом ${existing.kind}; вид не меняется импортом`);

    const texts = Object.fromEntries(TEXT_FIELDS.map((field) => [field, text(f[field], field, field === 'body' ? 1_000_000 : 5000) ?? ''])) as LinePlan['texts'];
    const grades = list(f.grades, 'grades').map(Number);
    if (grades.some((g) => !Number.isInteger(g) || g < 1 || g > 11)) throw new LineError('grades', 'классы — целые числа от 1 до 11');
    const own: Record<string, unknown> = {};
    for (const field of KIND_FIELDS[kind]) {
      const value = f[field];
      if (value === undefined || value === null || value === '') continue;
      if (field === 'year') {
        const year = Number(value);
        if (!Number.isInteger(year) || year < 1900 || year > 2100) throw new LineError('year', 'год от 1900 до 2100');
        own.year = year;
      } else if (field === 'adoptedAt') own.adoptedAt = text(date(value, field)?.toISOString().slice(0, 10), field, 10);
      else if (ENUM_FIELDS[field]) {
        if (!Object.values(ENUM_FIELDS[field]).includes(String(value))) throw new LineError(field, `«${String(value)}» — допустимы ${Object.values(ENUM_FIELDS[field]).join(', ')}`);
        own[field] = String(value);
      } else own[field] = text(value, field, 20000);
    }
    if (f.expertLevel !== undefined && kind === MaterialKind.BEST_PRACTICE) {
      if (!Object.values(ExpertLevel).includes(f.expertLevel as ExpertLevel)) throw new LineError('expertLevel', `допустимы ${Object.values(ExpertLevel).join(', ')}`);
      own.expertLevel = f.expertLevel;
    }

    return {
      externalId,
      kind,
      status,
      texts: { ...texts, title },
      publishedAt: date(f.publishedAt, 'publishedAt'),
      grades: [...new Set(grades)].sort((a, b) => a - b),
      own,
      subjects: list(f.subjects, 'subjects').map((name) => this.dictionary(this.subjects, String(name))),
      levels: list(f.levels, 'levels').map((name) => this.dictionary(this.levels, String(name))),
      keywords: [...new Set(list(f.keywords, 'keywords').map((k) => normalizeKeyword(String(k))).filter(Boolean))],
      organization: f.organization ? this.organizationPlan(f.organization, batch) : undefined,
      authors: list(f.authors, 'authors').map((value, i) => {
        const a = (typeof value === 'string' ? { fullName: value } : value) as { fullName?: unknown; position?: unknown };
        const fullName = text(a?.fullName, `authors[${i}].fullName`, 300);
        if (!fullName || fullName.split(/\s+/).length < 2) throw new LineError(`authors[${i}].fullName`, 'ФИО — хотя бы фамилия и инициалы');
        return { fullName, position: text(a.position, `authors[${i}].position`, 300) };
      }),
      files: this.filePlan(list(f.files, 'files')),
    };
  }

  /** The files a line names: regular files inside the bank's folder, never anything else of the server's disk. */
  private filePlan(values: unknown[]): LinePlan['files'] {
    if (values.length && this.folder === null) throw new LineError('files', NO_FILES_WITHOUT_FOLDER);
    return values.map((value, i) => {
      const field = `files[${i}].path`;
      const relative = text((value as { path?: unknown })?.path ?? value, field, 1000);
      if (!relative) throw new LineError(field, 'укажите путь к файлу');
      try {
        return { file: findBankFile(this.folder!, relative), relative, field };
      } catch (error) {
        throw error instanceof BankFileError ? new LineError(field, error.message) : error;
      }
    });
  }

  /** Applies a checked line to the batch's identity map; says what it did to the material. */
  private apply(batch: Batch, plan: LinePlan, existing: Material | null): { outcome: Outcome; material: Material } {
    const { em } = batch;
    // A plain constructor and persist: em.create's generic hydration is most of the CPU of a large import.
    const material: Material = existing ?? Object.assign(new (CLASSES[plan.kind] as unknown as new () => Material)(), { externalId: plan.externalId });
    if (!existing) em.persist(material);
    const before = existing ? fingerprint(existing) : '';
    if (existing && !existing.externalId && existing.id !== plan.externalId) existing.externalId = plan.externalId;
    Object.assign(material, plan.texts, plan.own);
    material.status = plan.status;
    material.publishedAt = plan.publishedAt ?? (plan.status === MaterialStatus.PUBLISHED ? (material.publishedAt ?? new Date()) : material.publishedAt);
    material.grades = plan.grades;
    material.subjects.set(plan.subjects.map((s) => em.getReference(Subject, s.id)));
    material.levels.set(plan.levels.map((l) => em.getReference(EducationLevel, l.id)));
    material.keywords.set(
      plan.keywords.map((name) => {
        const keyword = batch.keywords.get(name) ?? em.create(Keyword, { name });
        batch.keywords.set(name, keyword);
        return keyword;
      }),
    );
    material.organization = plan.organization ? ref(this.organization(batch, plan.organization)) : undefined;
    this.setAuthors(batch, material, plan.authors);
    const outcome = !existing ? 'created' : fingerprint(material) === before ? 'unchanged' : 'updated';
    return { outcome, material };
  }

  /** What a batch created joins the directories once it is committed. */
  private learn(batch: Batch) {
    for (const [name, person] of batch.newPeople) this.people.add(name, person);
    for (const [key, organization] of batch.organizations) this.organizations.set(key, organization);
  }

  private dictionary<T>(matcher: DictionaryMatcher<T>, name: string): T {
    const found = matcher.find(name);
    if (!found) throw new LineError(matcher.field, `неизвестный ${DICTIONARY_FIELDS[matcher.field]} «${name}»: добавьте его в справочник, сопоставьте с имеющимся или загрузите с добавлением недостающих (--create-missing)`);
    return found;
  }

  private organizationPlan(value: unknown, batch: Batch): NonNullable<LinePlan['organization']> {
    const o = (typeof value === 'string' ? { name: value } : value) as { name?: unknown; municipality?: unknown };
    const name = text(o?.name, 'organization.name', 500);
    if (!name) throw new LineError('organization.name', 'укажите название организации');
    const key = normalizeName(name);
    const municipality = text(o.municipality, 'organization.municipality', 200);
    if (!this.organizations.has(key) && !batch.organizations.has(key) && !municipality) throw new LineError('organization.municipality', `организации «${name}» нет в справочнике: для новой укажите муниципалитет`);
    return { key, name, municipality };
  }

  private organization(batch: Batch, plan: NonNullable<LinePlan['organization']>): Organization {
    const known = this.organizations.get(plan.key);
    if (known) return batch.em.getReference(Organization, known.id);
    const made = batch.organizations.get(plan.key) ?? batch.em.create(Organization, { name: plan.name, municipality: plan.municipality } as never);
    batch.organizations.set(plan.key, made);
    return made;
  }

  private setAuthors(batch: Batch, material: Material, authors: LinePlan['authors']) {
    const { em } = batch;
    // The material's own authors come first: two teachers may share a name, and a re-import must not swap them.
    const own = new PersonIndex<Person>();
    for (const authorship of material.authorships.getItems()) own.add(authorship.person.getEntity().fullName, authorship.person.getEntity());
    const people = authors.map(({ fullName, position }) => {
      const known = own.find(fullName) ?? this.people.find(fullName);
      if (known) return em.getReference(Person, known.id);
      const made = batch.people.find(fullName);
      if (made) return made;
      const person = em.create(Person, { fullName, position } as never);
      batch.people.add(fullName, person);
      batch.newPeople.push([fullName, person]);
      return person;
    });
    // Keep the authorships that stay (their key is material + person), drop the rest, add the new ones.
    const wanted = people.map((p) => p.id);
    for (const authorship of [...material.authorships.getItems()]) {
      const position = wanted.indexOf(authorship.person.id);
      if (position === -1) material.authorships.remove(authorship);
      else authorship.position = position;
    }
    const kept = new Set(material.authorships.getItems().map((a) => a.person.id));
    people.forEach((person, position) => {
      if (!kept.has(person.id)) em.persist(Object.assign(new MaterialAuthor(), { material: ref(material), person: ref(person), position }));
    });
  }

  /** Files named relative to the import file, stored once by content and attached in order. */
  private async attachFiles(em: EntityManager, material: Material, files: LinePlan['files']) {
    const attached = new Set(material.attachments.getItems().map((a) => a.file.id));
    let position = material.attachments.length;
    for (const { file: checked, relative, field } of files) {
      const handle = await openBankFile(checked, relative).catch((error: unknown) => {
        throw error instanceof BankFileError ? new LineError(field, error.message) : error;
      });
      const { file } = await new UploadService(em, this.files).receive(handle.createReadStream({ autoClose: false }), path.basename(relative), null).finally(() => handle.close());
      if (attached.has(file.id)) continue;
      attached.add(file.id);
      em.create(MaterialFile, { material, file, position: ++position });
    }
  }
}

/** What an import line can change, to tell "updated" from "unchanged". */
function fingerprint(m: Material): string {
  const record = m as unknown as Record<string, unknown>;
  const own = KIND_FIELDS[m.kind as MaterialKind].map((field) => record[field] ?? null);
  return JSON.stringify([
    m.title, m.summary, m.body, m.status, m.publishedAt?.toISOString() ?? null, m.grades, own, record.expertLevel ?? null,
    m.subjects.getItems().map((s) => s.id).sort(), m.levels.getItems().map((l) => l.id).sort(), m.keywords.getItems().map((k) => k.name).sort(),
    m.organization?.id ?? null, [...m.authorships.getItems()].sort((a, b) => a.position - b.position).map((a) => a.person.id),
    m.attachments.getItems().map((a) => a.file.id).sort(),
  ]);
}
