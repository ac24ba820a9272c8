import fs from 'node:fs';
import path from 'node:path';
import { ref, type MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EducationLevel, Keyword, normalizeKeyword, Subject } from '../dictionaries/dictionary.entity.ts';
import { MaterialFile } from '../files/media-file.entity.ts';
import { UploadError, UploadService, type FilesConfig } from '../files/upload.service.ts';
import { Material, MaterialAuthor } from '../materials/material.entity.ts';
import { ExpertLevel, LegalStatus, MaterialKind, MaterialStatus, MethodologicalMaterialType } from '../materials/material.enums.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { KIND_FIELDS, MATERIAL_CLASSES as CLASSES } from '../workflow/workflow.service.ts';
import { normalizeName, PersonIndex } from './matching.ts';
import type { RowOrError } from './rows.ts';

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
}

/** A problem with one line: which field, and why. */
class LineError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** Thrown to roll back a dry run's transaction after the line was checked against the database. */
class DryRun extends Error {
  constructor(readonly outcome: Outcome) {
    super('dry run');
  }
}

const ENUM_FIELDS: Record<string, Record<string, string>> = { expertLevel: ExpertLevel, materialType: MethodologicalMaterialType, legalStatus: LegalStatus };
const TEXT_FIELDS = ['title', 'summary', 'body'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const text = (value: unknown, field: string, max: number): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new LineError(field, 'ожидается строка');
  const result = String(value).trim();
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

/**
 * The bank of a centre from JSON Lines or CSV: each line upserted by `externalId` in a
 * transaction of its own, so a bad line is reported (line, field, reason) and the others land.
 * People, organizations, subjects and levels are matched by normalised names, never duplicated.
 */
export class ImportService {
  private people = new PersonIndex<Person>();
  private organizations = new Map<string, Organization>();
  private subjects = new Map<string, Subject>();
  private levels = new Map<string, EducationLevel>();

  constructor(
    private readonly orm: MikroORM,
    private readonly files: FilesConfig,
    private readonly options: { dryRun: boolean; baseDir: string },
  ) {}

  private async loadDirectories() {
    const em = this.orm.em.fork();
    for (const person of await em.find(Person, {})) this.people.add(person.fullName, person);
    for (const organization of await em.find(Organization, {})) this.organizations.set(normalizeName(organization.name), organization);
    for (const subject of await em.find(Subject, {})) this.subjects.set(normalizeName(subject.name), subject);
    for (const level of await em.find(EducationLevel, {})) {
      this.levels.set(normalizeName(level.code), level);
      this.levels.set(normalizeName(level.name), level);
    }
  }

  async run(rows: RowOrError[], onProgress: (done: number, total: number) => void = () => {}): Promise<ImportSummary> {
    await this.loadDirectories();
    const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, failed: 0, lines: [] };
    const seen = new Map<string, number>();
    for (const [index, row] of rows.entries()) {
      let report: LineReport;
      if ('error' in row) report = { line: row.line, outcome: 'failed', reason: row.error };
      else {
        const externalId = typeof row.fields.externalId === 'string' ? row.fields.externalId.trim() : undefined;
        if (externalId && seen.has(externalId)) report = { line: row.line, outcome: 'failed', externalId, field: 'externalId', reason: `повторяет строку ${seen.get(externalId)}` };
        else {
          if (externalId) seen.set(externalId, row.line);
          report = { line: row.line, externalId, ...(await this.line(row.fields)) };
        }
      }
      summary[report.outcome]++;
      summary.lines.push(report);
      onProgress(index + 1, rows.length);
    }
    return summary;
  }

  /** One line in its own transaction; the directories learn what it created only once it committed. */
  private async line(fields: Record<string, unknown>): Promise<Pick<LineReport, 'outcome' | 'field' | 'reason'>> {
    const em = this.orm.em.fork() as EntityManager;
    const created: Array<() => void> = [];
    try {
      const outcome = await em.transactional(async (tx) => {
        const result = await this.upsert(tx as EntityManager, fields, created);
        if (this.options.dryRun) throw new DryRun(result);
        return result;
      });
      for (const learn of created) learn();
      return { outcome };
    } catch (error) {
      if (error instanceof DryRun) return { outcome: error.outcome };
      if (error instanceof LineError) return { outcome: 'failed', field: error.field, reason: error.message };
      if (error instanceof UploadError) return { outcome: 'failed', field: 'files', reason: error.message };
      return { outcome: 'failed', reason: `ошибка базы данных: ${(error as Error).message.split('\n')[0]}` };
    }
  }

  private async upsert(em: EntityManager, f: Record<string, unknown>, created: Array<() => void>): Promise<Outcome> {
    const externalId = text(f.externalId, 'externalId', 200);
    if (!externalId) throw new LineError('externalId', 'обязательное поле: по нему строка находит свой материал при повторном импорте');
    const kind = text(f.kind, 'kind', 40) as MaterialKind | undefined;
    if (!kind || !(kind in CLASSES)) throw new LineError('kind', `«${kind ?? ''}» — допустимы ${Object.keys(CLASSES).join(', ')}`);
    const title = text(f.title, 'title', 500);
    if (!title || title.length < 3) throw new LineError('title', 'обязательное поле, не короче 3 символов');
    const status = (text(f.status, 'status', 20) ?? MaterialStatus.PUBLISHED) as MaterialStatus;
    if (!Object.values(MaterialStatus).includes(status)) throw new LineError('status', `«${status}» — допустимы ${Object.values(MaterialStatus).join(', ')}`);

    // An export names materials that never had an external id by their own id.
    const key = UUID.test(externalId) ? { $or: [{ externalId }, { id: externalId, externalId: null }] } : { externalId };
    const existing: Material | null = await em.findOne(Material, key as never, { populate: ['subjects', 'levels', 'keywords', 'authorships.person', 'attachments'] as never });
    if (existing && existing.kind !== kind) throw new LineError('kind', `материал ${externalId} уже есть с видом ${existing.kind}; вид не меняется импортом`);
    const isNew = !existing;
    const material: Material = existing ?? em.create(CLASSES[kind] as typeof Material, { kind, externalId, title, status } as never);
    if (existing && !existing.externalId && existing.id !== externalId) existing.externalId = externalId;
    const before = isNew ? '' : fingerprint(material);

    const record = material as unknown as Record<string, unknown>;
    for (const field of TEXT_FIELDS) record[field] = text(f[field], field, field === 'body' ? 1_000_000 : 5000) ?? (field === 'title' ? title : '');
    material.status = status;
    material.publishedAt = date(f.publishedAt, 'publishedAt') ?? (status === MaterialStatus.PUBLISHED ? (material.publishedAt ?? new Date()) : material.publishedAt);
    const grades = list(f.grades, 'grades').map(Number);
    if (grades.some((g) => !Number.isInteger(g) || g < 1 || g > 11)) throw new LineError('grades', 'классы — целые числа от 1 до 11');
    material.grades = [...new Set(grades)].sort((a, b) => a - b);
    for (const field of KIND_FIELDS[kind]) {
      const value = f[field];
      if (value === undefined || value === null || value === '') continue;
      if (field === 'year') {
        const year = Number(value);
        if (!Number.isInteger(year) || year < 1900 || year > 2100) throw new LineError('year', 'год от 1900 до 2100');
        record.year = year;
      } else if (field === 'adoptedAt') record.adoptedAt = text(date(value, field)?.toISOString().slice(0, 10), field, 10);
      else if (ENUM_FIELDS[field]) {
        if (!Object.values(ENUM_FIELDS[field]).includes(String(value))) throw new LineError(field, `«${String(value)}» — допустимы ${Object.values(ENUM_FIELDS[field]).join(', ')}`);
        record[field] = String(value);
      } else record[field] = text(value, field, 20000);
    }
    if (f.expertLevel !== undefined && kind === MaterialKind.BEST_PRACTICE) {
      if (!Object.values(ExpertLevel).includes(f.expertLevel as ExpertLevel)) throw new LineError('expertLevel', `допустимы ${Object.values(ExpertLevel).join(', ')}`);
      record.expertLevel = f.expertLevel;
    }

    material.subjects.set(list(f.subjects, 'subjects').map((name) => this.dictionary(this.subjects, String(name), 'subjects', 'предмет')));
    material.levels.set(list(f.levels, 'levels').map((name) => this.dictionary(this.levels, String(name), 'levels', 'уровень образования')));
    const keywords: Keyword[] = [];
    for (const word of new Set(list(f.keywords, 'keywords').map((k) => normalizeKeyword(String(k))).filter(Boolean))) {
      keywords.push((await em.findOne(Keyword, { name: word })) ?? em.create(Keyword, { name: word }));
    }
    material.keywords.set(keywords);
    material.organization = f.organization ? ref(this.organization(em, f.organization, created)) : undefined;
    this.setAuthors(em, material, list(f.authors, 'authors'), created);
    await this.attachFiles(em, material, list(f.files, 'files'));

    await em.flush();
    if (isNew) return 'created';
    return fingerprint(material) === before ? 'unchanged' : 'updated';
  }

  private dictionary<T>(map: Map<string, T>, name: string, field: string, what: string): T {
    const found = map.get(normalizeName(name));
    if (!found) throw new LineError(field, `неизвестный ${what} «${name}»: добавьте его в справочник или исправьте написание`);
    return found;
  }

  private organization(em: EntityManager, value: unknown, created: Array<() => void>): Organization {
    const o = (typeof value === 'string' ? { name: value } : value) as { name?: unknown; municipality?: unknown };
    const name = text(o?.name, 'organization.name', 500);
    if (!name) throw new LineError('organization.name', 'укажите название организации');
    const key = normalizeName(name);
    const known = this.organizations.get(key);
    if (known) return em.getReference(Organization, known.id);
    const municipality = text(o.municipality, 'organization.municipality', 200);
    if (!municipality) throw new LineError('organization.municipality', `организации «${name}» нет в справочнике: для новой укажите муниципалитет`);
    const organization = em.create(Organization, { name, municipality } as never);
    created.push(() => this.organizations.set(key, organization));
    return organization;
  }

  private setAuthors(em: EntityManager, material: Material, authors: unknown[], created: Array<() => void>) {
    // The material's own authors come first: two teachers may share a name, and a re-import must not swap them.
    const own = new PersonIndex<Person>();
    for (const authorship of material.authorships.getItems()) own.add(authorship.person.getEntity().fullName, authorship.person.getEntity());
    const people = authors.map((value, i) => {
      const a = (typeof value === 'string' ? { fullName: value } : value) as { fullName?: unknown; position?: unknown };
      const fullName = text(a?.fullName, `authors[${i}].fullName`, 300);
      if (!fullName || fullName.split(/\s+/).length < 2) throw new LineError(`authors[${i}].fullName`, 'ФИО — хотя бы фамилия и инициалы');
      const known = own.find(fullName) ?? this.people.find(fullName);
      if (known) return em.getReference(Person, known.id);
      const person = em.create(Person, { fullName, position: text(a.position, `authors[${i}].position`, 300) } as never);
      created.push(() => this.people.add(fullName, person));
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
      if (!kept.has(person.id)) em.create(MaterialAuthor, { material, person, position });
    });
  }

  /** Files named relative to the import file, stored once by content and attached in order. */
  private async attachFiles(em: EntityManager, material: Material, files: unknown[]) {
    const attached = new Set(material.attachments.getItems().map((a) => a.file.id));
    let position = material.attachments.length;
    for (const [i, value] of files.entries()) {
      const relative = text((value as { path?: unknown })?.path ?? value, `files[${i}].path`, 1000);
      if (!relative) throw new LineError(`files[${i}].path`, 'укажите путь к файлу');
      const full = path.resolve(this.options.baseDir, relative);
      if (!fs.existsSync(full)) throw new LineError(`files[${i}].path`, `файл «${relative}» не найден рядом с файлом импорта`);
      if (this.options.dryRun) continue;
      const { file } = await new UploadService(em, this.files).receive(fs.createReadStream(full), path.basename(full), null);
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
