import type { EntityManager } from '@mikro-orm/postgresql';
import { ref } from '@mikro-orm/core';
import { badInput, notFound } from '../../common/errors.ts';
import { trimmedInput } from '../../common/text-input.ts';
import { withTransaction } from '../../common/transaction.ts';
import { fromGlobalId, fromGlobalIds } from '../../common/global-id.ts';
import { AccountService } from '../accounts/account.service.ts';
import { authorize } from '../accounts/policy.ts';
import { User } from '../accounts/user.entity.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { Subject } from '../dictionaries/dictionary.entity.ts';
import { Material } from '../materials/material.entity.ts';
import { MaterialWriter, SNAPSHOT_RELATIONS } from '../materials/material-writer.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { MethodAssociation } from '../people/method-association.entity.ts';
import { Person } from '../people/person.entity.ts';
import type { OrganizationInput, PersonInput } from './directory.inputs.ts';

/** Fields an organization cannot be without: a blank one is refused, not saved. */
const ORGANIZATION_REQUIRED = ['name', 'municipality'] as const;

/**
 * The centre's directories of organizations and teachers: create, correct, and merge the
 * duplicates an import or a typo leaves, moving everything that pointed at them.
 */
export class DirectoryService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
  ) {}

  private async organization(id: string, argument: string) {
    const organization = await this.em.findOne(Organization, { id: fromGlobalId(id, argument, ['Organization']).id });
    if (!organization) throw notFound('Организация', id);
    return organization;
  }

  private async person(id: string, argument: string) {
    const person = await this.em.findOne(Person, { id: fromGlobalId(id, argument, ['Person']).id }, { populate: ['subjects'] });
    if (!person) throw notFound('Педагог', id);
    return person;
  }

  async createOrganization(input: OrganizationInput): Promise<Organization> {
    authorize(this.viewer, 'directory.manage');
    const fields = trimmedInput(input, ORGANIZATION_REQUIRED);
    if (!fields.name) throw badInput('input.name', 'укажите название');
    if (!fields.municipality) throw badInput('input.municipality', 'укажите муниципалитет');
    const organization = this.em.create(Organization, fields as never);
    await this.em.flush();
    return organization;
  }

  async updateOrganization(id: string, input: OrganizationInput): Promise<Organization> {
    authorize(this.viewer, 'directory.manage');
    const organization = await this.organization(id, 'id');
    Object.assign(organization, trimmedInput(input, ORGANIZATION_REQUIRED));
    await this.em.flush();
    return organization;
  }

  /** Materials, people and their accounts move to the target; the duplicates are removed. One transaction. */
  async mergeOrganizations(targetId: string, sourceIds: string[]): Promise<Organization> {
    const viewer = this.viewer;
    authorize(viewer, 'directory.manage');
    const target = await this.organization(targetId, 'targetId');
    const sources = await Promise.all(sourceIds.map((id, i) => this.organization(id, `sourceIds[${i}]`)));
    if (!sources.length) throw badInput('sourceIds', 'укажите хотя бы один дубликат');
    if (sources.some((s) => s.id === target.id)) throw badInput('sourceIds', 'организация не может быть дубликатом самой себя');
    return withTransaction(this.em, async () => {
      const ids = sources.map((s) => s.id);
      // Through the materials' writer, not bulk SQL: every moved material gets its revision and reaches the search index.
      const materials = await this.em.find(Material, { organization: { $in: ids } }, { populate: [...SNAPSHOT_RELATIONS] });
      const writer = new MaterialWriter(this.em, { userId: viewer.userId });
      await writer.changeAll(
        materials,
        'organizationsMerged',
        async () => {
          for (const material of materials) await writer.apply(material, { own: {} }, { organization: target });
        },
        { merged: [null, sources.map((s) => s.name)] },
      );
      for (const person of await this.em.find(Person, { organization: { $in: ids } })) person.organization = ref(target);
      sources.forEach((source) => this.em.remove(source));
      new AccountService(this.em).audit('organizations.merged', viewer.userId, target.id, { merged: sources.map((s) => s.name) });
      await this.em.flush();
      return target;
    });
  }

  private async applyPerson(person: Person, input: PersonInput) {
    const { organizationId, subjectIds, ...fields } = trimmedInput(input, ['fullName']);
    Object.assign(person, fields);
    if (organizationId) person.organization = ref(await this.organization(organizationId, 'input.organizationId'));
    const subjects = fromGlobalIds(subjectIds ?? undefined, 'input.subjectIds', ['Subject']);
    if (subjects) {
      const found = await this.em.find(Subject, { id: { $in: subjects } });
      if (found.length !== subjects.length) throw badInput('input.subjectIds', 'среди предметов есть несуществующие');
      person.subjects.set(found);
    }
  }

  async createPerson(input: PersonInput): Promise<Person> {
    authorize(this.viewer, 'person.create');
    const fullName = input.fullName?.trim();
    if (!fullName) throw badInput('input.fullName', 'укажите ФИО');
    const person = this.em.create(Person, { fullName });
    await this.applyPerson(person, input);
    await this.em.flush();
    return person;
  }

  async updatePerson(id: string, input: PersonInput): Promise<Person> {
    authorize(this.viewer, 'directory.manage');
    const person = await this.person(id, 'id');
    await this.applyPerson(person, input);
    await this.em.flush();
    return person;
  }

  /**
   * Authorships, memberships, leadership and linked accounts move to the target; subjects are
   * united; where both were authors of one material, the target keeps the earlier place.
   */
  async mergePeople(targetId: string, sourceIds: string[]): Promise<Person> {
    const viewer = this.viewer;
    authorize(viewer, 'directory.manage');
    const target = await this.person(targetId, 'targetId');
    const sources = await Promise.all(sourceIds.map((id, i) => this.person(id, `sourceIds[${i}]`)));
    if (!sources.length) throw badInput('sourceIds', 'укажите хотя бы один дубликат');
    if (sources.some((s) => s.id === target.id)) throw badInput('sourceIds', 'педагог не может быть дубликатом самого себя');
    return withTransaction(this.em, async () => {
      const ids = sources.map((s) => s.id);
      // Each material the duplicates wrote: the target takes the earliest of their places, through the materials' writer (a revision each).
      const materials = await this.em.find(Material, { authorships: { person: { $in: ids } } }, { populate: [...SNAPSHOT_RELATIONS] });
      const writer = new MaterialWriter(this.em, { userId: viewer.userId });
      await writer.changeAll(
        materials,
        'peopleMerged',
        async () => {
          for (const material of materials) {
            const order = [...material.authorships.getItems()]
              .sort((a, b) => a.position - b.position)
              .map((a) => (ids.includes(a.person.id) ? target.id : a.person.id));
            const authors = [...new Set(order)].map((id) => (id === target.id ? target : this.em.getReference(Person, id)));
            await writer.apply(material, { own: {} }, { authors });
          }
        },
        { merged: [null, sources.map((s) => s.fullName)] },
      );
      for (const association of await this.em.find(
        MethodAssociation,
        { $or: [{ leader: { $in: ids } }, { members: { $in: ids } }] },
        { populate: ['members'] },
      )) {
        if (association.leader && ids.includes(association.leader.id)) association.leader = ref(target);
        if (association.members.getItems().some((m) => ids.includes(m.id))) {
          association.members.set([...association.members.getItems().filter((m) => !ids.includes(m.id)), target]);
        }
      }
      for (const user of await this.em.find(User, { person: { $in: ids } })) user.person = ref(target);
      for (const source of sources) {
        for (const subject of source.subjects) if (!target.subjects.contains(subject)) target.subjects.add(subject);
        target.experienceYears ??= source.experienceYears;
        target.position ??= source.position;
        if (!target.organization && source.organization) target.organization = source.organization;
        this.em.remove(source);
      }
      new AccountService(this.em).audit('people.merged', viewer.userId, target.id, { merged: sources.map((s) => s.fullName) });
      await this.em.flush();
      return target;
    });
  }
}
