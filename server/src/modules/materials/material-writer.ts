import { randomUUID } from 'node:crypto';
import { ref, type EntityManager } from '@mikro-orm/core';
import { withTransaction } from '../../common/transaction.ts';
import { type EducationLevel, Keyword, type Subject } from '../dictionaries/dictionary.entity.ts';
import { cleanKeyword, keywordKey, lowerCaseOnly } from '../dictionaries/keywords.ts';
import type { Organization } from '../organizations/organization.entity.ts';
import type { Person } from '../people/person.entity.ts';
import { type MaterialKind, ownFieldsOf } from './kinds.ts';
import type { CheckedValues } from './material-fields.ts';
import { KIND_CLASSES, type Material, MaterialAuthor } from './material.entity.ts';

/** A material's state as a revision keeps it: its fields and the ids of what it links to. */
export type Snapshot = Record<string, unknown>;

/** Who the revisions name: a signed-in user, or a process by name (with the user who started it, if any). */
export interface WriterIdentity {
  userId?: string;
  name?: string;
}

/** The name revisions of an import carry. */
export const IMPORT_WRITER = 'импорт';

/** Relations already resolved by the caller (the editor from global ids, the import from names); absent ones stay. */
export interface Links {
  subjects?: Subject[];
  levels?: EducationLevel[];
  authors?: Person[];
  organization?: Organization | null;
}

/** The collections a snapshot reads. */
export const SNAPSHOT_RELATIONS = ['subjects', 'levels', 'keywords', 'authorships', 'attachments'] as const;

/** Fields the snapshot holds that an editor may put back from an earlier revision. */
const COMMON_FIELDS = ['title', 'summary', 'body', 'grades'] as const;

const ordered = <T extends { position: number }>(items: T[]) => [...items].sort((a, b) => a.position - b.position);

/**
 * The one way materials are written: the editor, the workflow, the import and the directory merges
 * apply values checked by `checkValues` (material-fields.ts) through `apply`, and every write
 * records a revision (who, what changed, the state after). Nothing here flushes on its own except
 * `change`, so that the import can write a batch of lines in one flush.
 */
export class MaterialWriter {
  private readonly keywords = new Map<string, Keyword>();
  /** Revisions recorded and not yet stored. */
  private readonly revisions: Array<Record<string, unknown>> = [];
  /** Names looked up and not found: made when a material takes them, never asked for again. */
  private readonly newKeywords = new Set<string>();

  constructor(
    readonly em: EntityManager,
    private readonly identity: WriterIdentity,
  ) {}

  /** A new material of the kind (a plain constructor: `em.create`'s hydration is most of a large import's CPU). */
  create(kind: MaterialKind, fields: Partial<Pick<Material, 'externalId' | 'status' | 'createdBy'>> = {}): Material {
    const material = Object.assign(new KIND_CLASSES[kind](), { kind }, fields);
    this.em.persist(material);
    return material;
  }

  /** Loads what the snapshots of these materials read (a statement per relation, for all of them). */
  async prepare(materials: Material[]): Promise<void> {
    const loaded = materials.filter((m) => !SNAPSHOT_RELATIONS.every((relation) => m[relation].isInitialized()));
    if (loaded.length) await this.em.populate(loaded, [...SNAPSHOT_RELATIONS]);
  }

  snapshot(m: Material): Snapshot {
    const record = m as unknown as Record<string, unknown>;
    return {
      status: m.status,
      ...Object.fromEntries(COMMON_FIELDS.map((field) => [field, record[field] ?? null])),
      ...Object.fromEntries(ownFieldsOf(m.kind).map(({ name }) => [name, record[name] ?? null])),
      publishedAt: m.publishedAt?.toISOString() ?? null,
      subjectIds: m.subjects
        .getItems()
        .map((s) => s.id)
        .sort(),
      levelIds: m.levels
        .getItems()
        .map((l) => l.id)
        .sort(),
      keywords: m.keywords
        .getItems()
        .map((k) => k.name)
        .sort(),
      authorIds: ordered(m.authorships.getItems()).map((a) => a.person.id),
      fileIds: ordered(m.attachments.getItems()).map((a) => a.file.id),
      organizationId: m.organization?.id ?? null,
    };
  }

  /** The values of a snapshot an editor may put back: the common fields and the kind's editable fields. */
  restorable(kind: MaterialKind, snapshot: Snapshot): CheckedValues {
    const pick = (names: string[]) => Object.fromEntries(names.filter((name) => name in snapshot).map((name) => [name, snapshot[name]]));
    const own = ownFieldsOf(kind)
      .filter(({ spec }) => spec.editor !== false)
      .map(({ name }) => name);
    return { ...pick([...COMMON_FIELDS]), keywords: snapshot.keywords as string[], own: pick(own) as CheckedValues['own'] };
  }

  /** Finds the keywords by key in one statement, so that `apply` of many materials asks nothing more. */
  async loadKeywords(names: Iterable<string>): Promise<void> {
    const missing = [...new Set([...names].map(keywordKey))].filter((key) => !this.keywords.has(key) && !this.newKeywords.has(key));
    if (!missing.length) return;
    for (const keyword of await this.em.find(Keyword, { key: { $in: missing } })) this.keywords.set(keyword.key, keyword);
    for (const key of missing) if (!this.keywords.has(key)) this.newKeywords.add(key);
  }

  /** Sets the checked values and the links on the material (in memory; the caller flushes). */
  async apply(material: Material, values: CheckedValues, links: Links = {}): Promise<void> {
    const { own, keywords, ...common } = values;
    for (const [field, value] of Object.entries({ ...common, ...own })) {
      if (value !== undefined) (material as unknown as Record<string, unknown>)[field] = value;
    }
    if (keywords) {
      await this.loadKeywords(keywords);
      material.keywords.set(keywords.map((name) => this.keyword(name)));
    }
    if (links.subjects) material.subjects.set(links.subjects);
    if (links.levels) material.levels.set(links.levels);
    if (links.organization !== undefined) material.organization = links.organization ? ref(links.organization) : undefined;
    if (links.authors) this.setAuthors(material, links.authors);
  }

  /**
   * The keyword of a name, made when new. A keyword an earlier version stored in small letters
   * takes the capitals an author now gives it («ууд» → «УУД»): the capitals were lost, not chosen.
   */
  private keyword(name: string): Keyword {
    const key = keywordKey(name);
    let keyword = this.keywords.get(key);
    if (!keyword) {
      this.keywords.set(key, (keyword = this.em.create(Keyword, { name: cleanKeyword(name), key })));
      this.newKeywords.delete(key);
    } else if (lowerCaseOnly(keyword.name) && !lowerCaseOnly(name)) {
      keyword.name = cleanKeyword(name);
    }
    return keyword;
  }

  /** Authors in order: the authorships that stay are kept (their key is material + person), the others dropped. */
  private setAuthors(material: Material, people: Person[]) {
    const wanted = people.map((p) => p.id);
    for (const authorship of [...material.authorships.getItems()]) {
      const position = wanted.indexOf(authorship.person.id);
      if (position === -1) material.authorships.remove(authorship);
      else authorship.position = position;
    }
    const kept = new Set(material.authorships.getItems().map((a) => a.person.id));
    people.forEach((person, position) => {
      // A plain constructor (see `create`); the collection persists it.
      if (!kept.has(person.id))
        material.authorships.add(Object.assign(new MaterialAuthor(), { material: ref(material), person: ref(person), position }));
    });
  }

  /**
   * Records the revision of a write: `before` is the snapshot taken before it (null for a new
   * material), `after` the state now (taken here when not given). Call after the flush that stored
   * the write, so that the revision carries the stored version; `writeRevisions` stores it.
   */
  record(
    material: Material,
    action: string,
    before: Snapshot | null,
    extra: Record<string, [unknown, unknown]> = {},
    after = this.snapshot(material),
  ): void {
    const changes =
      before === null
        ? {}
        : Object.fromEntries(
            Object.keys(after)
              .filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key]))
              .map((key) => [key, [before[key] ?? null, after[key]] as [unknown, unknown]]),
          );
    this.revisions.push({
      id: randomUUID(),
      material_id: material.id,
      version: material.version,
      author_id: this.identity.userId ?? null,
      author_name: this.identity.name ?? null,
      action,
      changes: { ...changes, ...extra },
      snapshot: after,
    });
  }

  /**
   * Stores the recorded revisions in one statement, in the caller's transaction. Plain rows, not
   * entities: an import batch writes a hundred, each with the material's whole text, and the
   * identity map would only slow that down.
   */
  async writeRevisions(): Promise<void> {
    if (!this.revisions.length) return;
    const rows = this.revisions.splice(0);
    await this.em.getConnection().execute(
      `insert into material_revision (id, material_id, version, author_id, author_name, action, changes, snapshot)
       select id, material_id, version, author_id, author_name, action, changes, snapshot
       from jsonb_to_recordset(?::jsonb) as r(id uuid, material_id uuid, version int, author_id uuid, author_name text, action text, changes jsonb, snapshot jsonb)`,
      [JSON.stringify(rows)],
      'run',
      this.em.getTransactionContext(),
    );
  }

  /** One write in a transaction of its own: `work` changes the material, then its revision is recorded with what changed. */
  async change(
    material: Material,
    action: string,
    work: () => Promise<void> | void,
    extra: Record<string, [unknown, unknown]> = {},
  ): Promise<Material> {
    await this.prepare([material]);
    return withTransaction(this.em, async () => {
      await this.changeAll([material], action, work, extra);
      return material;
    });
  }

  /** A write of several materials inside the caller's transaction (a directory merge): each gets its revision. */
  async changeAll(
    materials: Material[],
    action: string,
    work: () => Promise<void> | void,
    extra: Record<string, [unknown, unknown]> = {},
  ): Promise<void> {
    await this.prepare(materials);
    const before = materials.map((material) => this.snapshot(material));
    await work();
    await this.em.flush();
    materials.forEach((material, i) => this.record(material, action, before[i]!, extra));
    await this.writeRevisions();
  }

  /** A new material's first write and its revision, in one transaction. */
  async insert(material: Material, action: string): Promise<Material> {
    return withTransaction(this.em, async () => {
      await this.em.flush();
      this.record(material, action, null);
      await this.writeRevisions();
      return material;
    });
  }
}
