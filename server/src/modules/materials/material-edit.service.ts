import { ref, type EntityManager } from '@mikro-orm/core';
import { apiError, badInput, notFound } from '../../common/errors.ts';
import { fromGlobalId, fromGlobalIds } from '../../common/global-id.ts';
import { authorize, isEditor } from '../accounts/policy.ts';
import { User } from '../accounts/user.entity.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { MATERIAL_TYPES } from './kinds.ts';
import { checkValues, FieldProblem, type RawValues } from './material-fields.ts';
import { Material } from './material.entity.ts';
import { MaterialStatus, STATUS_LABELS } from './material.enums.ts';
import type { CreateMaterialInput, UpdateMaterialInput } from './material.inputs.ts';
import { MaterialRevision } from './material-revision.entity.ts';
import { type Links, MaterialWriter, SNAPSHOT_RELATIONS } from './material-writer.ts';

/** Who sees a material's inner workings (history, reviews) and may act on it: editors, its author, its expert. */
export function isInsider(viewer: Viewer | null, material: Material): boolean {
  return !!viewer && (isEditor(viewer) || material.createdBy?.id === viewer.userId || material.reviewer?.id === viewer.userId);
}

export const statusName = (status: MaterialStatus) => `«${STATUS_LABELS[status]}» (${status})`;

/** Refuses an action unless the material is in one of the allowed states, naming the current one. */
export function expectStatus(status: MaterialStatus, allowed: MaterialStatus[], action: string) {
  if (!allowed.includes(status)) {
    throw badInput('id', `материал в состоянии ${statusName(status)}; ${action} можно только из ${allowed.map(statusName).join(' или ')}`);
  }
}

/** The rules' problem as an API error naming the input field. */
function inputError(error: unknown): never {
  if (error instanceof FieldProblem) throw badInput(`input.${error.field}`, error.message);
  throw error;
}

/**
 * What the editor does to a material: create a draft, change its fields, put back an earlier
 * revision, change its files. Each checks the viewer's rights and writes through `MaterialWriter`.
 */
export class MaterialEditService {
  readonly writer: MaterialWriter;

  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
  ) {
    this.writer = new MaterialWriter(em, { userId: viewer?.userId });
  }

  /** A material this viewer may act on, with what its revisions read: editors any, authors their own, experts those assigned to them. */
  async load(id: string, argument = 'id'): Promise<Material> {
    const key = fromGlobalId(id, argument, MATERIAL_TYPES).id;
    const material = await this.em.findOne(Material, { id: key }, { populate: [...SNAPSHOT_RELATIONS] });
    if (!material || !isInsider(this.viewer, material)) throw notFound('Материал', id);
    return material;
  }

  /** A material the viewer may edit now: editors any, an author their own draft. */
  private async editable(id: string): Promise<Material> {
    authorize(this.viewer, 'material.update');
    const material = await this.load(id);
    if (!isEditor(this.viewer)) {
      if (material.createdBy?.id !== this.viewer.userId) throw apiError('FORBIDDEN', 'Автор редактирует только свои материалы');
      expectStatus(material.status, [MaterialStatus.DRAFT], 'редактировать автору');
    }
    return material;
  }

  private checkVersion(material: Material, version: number) {
    if (material.version !== version) {
      throw apiError(
        'BAD_USER_INPUT',
        `Материал уже изменён (сейчас версия ${material.version}, ваша правка основана на версии ${version}); обновите страницу и повторите, ничего не сохранено`,
        { argument: 'version', currentVersion: material.version },
      );
    }
  }

  /** The input's relations, by global id, each checked to exist. */
  private async links(input: UpdateMaterialInput): Promise<Links> {
    const find = async <T extends { id: string }>(
      values: string[] | undefined | null,
      argument: string,
      type: string,
      entity: new () => T,
    ) => {
      const keys = fromGlobalIds(values ?? undefined, `input.${argument}`, [type]);
      if (!keys) return undefined;
      const found = await this.em.find(entity, { id: { $in: keys } } as never);
      const missing = keys.findIndex((k) => !found.some((f) => f.id === k));
      if (missing !== -1) throw badInput(`input.${argument}`, `нет объекта с id ${values![missing]}`);
      return keys.map((k) => found.find((f) => f.id === k)!);
    };
    const organization = input.organizationId
      ? (await find([input.organizationId], 'organizationId', 'Organization', Organization))![0]
      : undefined;
    return {
      subjects: await find(input.subjectIds, 'subjectIds', 'Subject', Subject),
      levels: await find(input.levelIds, 'levelIds', 'EducationLevel', EducationLevel),
      authors: await find(input.authorIds, 'authorIds', 'Person', Person),
      organization,
    };
  }

  private check(kind: Material['kind'], input: UpdateMaterialInput, complete = false) {
    const { subjectIds, levelIds, authorIds, ...values } = input;
    try {
      return checkValues(kind, { ...values, subjects: subjectIds, levels: levelIds, authors: authorIds } as RawValues, {
        editorOnly: true,
        complete,
      });
    } catch (error) {
      return inputError(error);
    }
  }

  async create(input: CreateMaterialInput): Promise<Material> {
    authorize(this.viewer, 'material.create');
    const viewer = this.viewer;
    const { kind, ...fields } = input;
    const values = this.check(kind, fields, true);
    const links = await this.links(fields);
    const material = this.writer.create(kind, { status: MaterialStatus.DRAFT, createdBy: ref(this.em.getReference(User, viewer.userId)) });
    await this.writer.apply(material, values, links);
    // No authors given: the account holder is the author. An account not yet linked to a teacher
    // gets one under its name, so that the material can go to review and onto a certificate.
    if (!links.authors) {
      const user = await this.em.findOneOrFail(User, { id: viewer.userId });
      const person = viewer.personId
        ? await this.em.findOneOrFail(Person, { id: viewer.personId }, { populate: ['organization'] })
        : this.em.create(Person, { fullName: user.name });
      if (!viewer.personId) user.person = ref(person);
      const organization = !material.organization && person.organization ? person.organization.getEntity() : undefined;
      await this.writer.apply(material, { own: {} }, { authors: [person], ...(organization ? { organization } : {}) });
    }
    return this.writer.insert(material, 'created');
  }

  async update(id: string, version: number, input: UpdateMaterialInput): Promise<Material> {
    const material = await this.editable(id);
    this.checkVersion(material, version);
    const values = this.check(material.kind, input);
    const links = await this.links(input);
    return this.writer.change(material, 'updated', () => this.writer.apply(material, values, links));
  }

  /** An edit beside the fields (its files): the same rights as `update`, one transaction with its revision. */
  async edit(id: string, action: string, work: (material: Material) => Promise<void>): Promise<Material> {
    const material = await this.editable(id);
    return this.writer.change(material, action, () => work(material));
  }

  /** Puts back the editable fields of an earlier revision, as a new revision. */
  async restore(id: string, revisionId: string, version: number): Promise<Material> {
    const material = await this.editable(id);
    this.checkVersion(material, version);
    const key = fromGlobalId(revisionId, 'revisionId', ['MaterialRevision']).id;
    const revision = await this.em.findOne(MaterialRevision, { id: key, material: material.id });
    if (!revision) throw notFound('Редакция', revisionId);
    const snapshot = revision.snapshot as Record<string, unknown> & {
      subjectIds: string[];
      levelIds: string[];
      authorIds: string[];
      keywords: string[];
      organizationId: string | null;
    };
    const values = this.writer.restorable(material.kind, snapshot);
    const links: Links = {
      subjects: snapshot.subjectIds.map((s) => this.em.getReference(Subject, s)),
      levels: snapshot.levelIds.map((l) => this.em.getReference(EducationLevel, l)),
      authors: snapshot.authorIds.map((p) => this.em.getReference(Person, p)),
      organization: snapshot.organizationId ? this.em.getReference(Organization, snapshot.organizationId) : null,
    };
    return this.writer.change(material, 'restored', () => this.writer.apply(material, values, links), {
      restoredFrom: [null, revision.version],
    });
  }
}
