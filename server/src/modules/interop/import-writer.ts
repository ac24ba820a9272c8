import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { cleanKeyword, EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { UploadService, type FilesConfig } from '../files/upload.service.ts';
import { FieldProblem } from '../materials/material-fields.ts';
import { MaterialFile } from '../materials/material-file.entity.ts';
import { Material } from '../materials/material.entity.ts';
import { MaterialStatus } from '../materials/material.enums.ts';
import { IMPORT_WRITER, MaterialWriter, SNAPSHOT_RELATIONS, type Snapshot } from '../materials/material-writer.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { BankFileError, openBankFile } from './bank-files.ts';
import type { LinePlan } from './import-line.ts';
import { normalizeName, PersonIndex } from './matching.ts';
import type { ImportRow } from './rows.ts';

export type Outcome = 'created' | 'updated' | 'unchanged' | 'failed';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One unit of writing: an identity map with its writer, and the people and organizations it
 * created, which the import learns only once they are committed.
 */
export class Batch {
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
export interface Applied {
  outcome: Outcome;
  material: Material;
  before: Snapshot | null;
  after: Snapshot;
}

/** What a material became: new, the same as before or changed. */
export const outcomeOf = (before: Snapshot | null, after: Snapshot): Outcome =>
  !before ? 'created' : JSON.stringify(after) === JSON.stringify(before) ? 'unchanged' : 'updated';

/**
 * Writes checked lines to the database: materials through the materials' writer, their people and
 * organizations matched by normalised names (never duplicated), files through the upload path.
 */
export class ImportWriter {
  private people = new PersonIndex<Person>();
  private organizations = new Map<string, Organization>();

  constructor(private readonly files: FilesConfig) {}

  /** The directories of people and organizations as the database has them before the import. */
  async loadDirectories(em: EntityManager) {
    for (const person of await em.find(Person, {})) this.people.add(person.fullName, person);
    for (const organization of await em.find(Organization, {})) this.organizations.set(normalizeName(organization.name), organization);
  }

  /** An organization (by normalised name) the directory or the batch already has. */
  knowsOrganization(batch: Batch, key: string): boolean {
    return this.organizations.has(key) || batch.organizations.has(key);
  }

  /** The materials the lines name, by external id (or, for an export of materials that had none, by their own id). */
  async findExisting(em: EntityManager, ids: unknown[]): Promise<Map<string, Material>> {
    const keys = ids.filter((id): id is string => typeof id === 'string' && id.trim() !== '').map((id) => id.trim());
    if (!keys.length) return new Map();
    const own = keys.filter((id) => UUID.test(id));
    const found = await em.find(
      Material,
      { $or: [{ externalId: { $in: keys } }, ...(own.length ? [{ id: { $in: own }, externalId: null }] : [])] } as never,
      {
        populate: [...SNAPSHOT_RELATIONS, 'authorships.person'] as never,
      },
    );
    return new Map(found.map((m) => [m.externalId ?? m.id, m]));
  }

  /** The batch's keywords in one statement. */
  async preloadKeywords(batch: Batch, rows: ImportRow[]) {
    await batch.writer.loadKeywords(
      rows
        .flatMap((r) => (Array.isArray(r.fields.keywords) ? r.fields.keywords : []))
        .map((k) => cleanKeyword(String(k)))
        .filter(Boolean),
    );
  }

  /** Applies a checked line to the batch's identity map through the materials' writer; says what it did to the material. */
  async apply(batch: Batch, plan: LinePlan, existing: Material | null): Promise<Applied> {
    const { em, writer } = batch;
    const material = existing ?? writer.create(plan.kind, { externalId: plan.externalId });
    const before = existing ? writer.snapshot(existing) : null;
    if (existing && !existing.externalId && existing.id !== plan.externalId) existing.externalId = plan.externalId;
    material.status = plan.status;
    material.publishedAt =
      plan.publishedAt ?? (plan.status === MaterialStatus.PUBLISHED ? (material.publishedAt ?? new Date()) : material.publishedAt);
    await writer.apply(material, plan.values, {
      subjects: plan.subjects.map((s) => em.getReference(Subject, s.id)),
      levels: plan.levels.map((l) => em.getReference(EducationLevel, l.id)),
      organization: plan.organization ? this.organization(batch, plan.organization) : null,
      authors: this.authors(batch, material, plan.authors),
    });
    const after = writer.snapshot(material);
    return { outcome: outcomeOf(before, after), material, before, after };
  }

  /**
   * Writes the applied lines and the revisions of those that changed (by «импорт»): the materials
   * first, so that the revisions carry their stored versions. The caller holds the transaction.
   */
  async write(batch: Batch, lines: Applied[]): Promise<void> {
    await batch.em.flush();
    for (const { outcome, material, before, after } of lines) {
      if (outcome !== 'unchanged') batch.writer.record(material, 'imported', before, {}, after);
    }
    await batch.writer.writeRevisions();
  }

  /** What a batch created joins the directories once it is committed. */
  learn(batch: Batch) {
    for (const [name, person] of batch.newPeople) this.people.add(name, person);
    for (const [key, organization] of batch.organizations) this.organizations.set(key, organization);
  }

  private organization(batch: Batch, plan: NonNullable<LinePlan['organization']>): Organization {
    const known = this.organizations.get(plan.key);
    if (known) return batch.em.getReference(Organization, known.id);
    const made =
      batch.organizations.get(plan.key) ?? batch.em.create(Organization, { name: plan.name, municipality: plan.municipality } as never);
    batch.organizations.set(plan.key, made);
    return made;
  }

  /** The line's authors as people: the material's own first (two teachers may share a name, and a re-import must not swap them), then the directory's, then new ones. */
  private authors(batch: Batch, material: Material, authors: LinePlan['authors']): Person[] {
    const { em } = batch;
    const own = new PersonIndex<Person>();
    for (const authorship of material.authorships.getItems())
      own.add(authorship.person.getEntity().fullName, authorship.person.getEntity());
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
  async attachFiles(em: EntityManager, material: Material, files: LinePlan['files']) {
    const attached = new Set(material.attachments.getItems().map((a) => a.file.id));
    let position = material.attachments.length;
    for (const { file: checked, relative, field } of files) {
      const handle = await openBankFile(checked, relative).catch((error: unknown) => {
        throw error instanceof BankFileError ? new FieldProblem(field, error.message) : error;
      });
      const { file } = await new UploadService(em, this.files)
        .receive(handle.createReadStream({ autoClose: false }), path.basename(relative), null)
        .finally(() => handle.close());
      if (attached.has(file.id)) continue;
      attached.add(file.id);
      em.create(MaterialFile, { material, file, position: ++position });
    }
  }
}
