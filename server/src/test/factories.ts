import { ref, type EntityManager } from '@mikro-orm/core';
import { EducationLevel, Keyword, normalizeKeyword, Subject } from '../modules/dictionaries/dictionary.entity.ts';
import { type BestPractice, KIND_CLASSES, type Material, MaterialAuthor } from '../modules/materials/material.entity.ts';
import { MaterialKind, MaterialStatus } from '../modules/materials/material.enums.ts';
import { Organization, OrganizationType } from '../modules/organizations/organization.entity.ts';
import { Person } from '../modules/people/person.entity.ts';

let counter = 0;
const next = () => ++counter;

export async function buildOrganization(em: EntityManager, overrides: Partial<Organization> = {}): Promise<Organization> {
  const organization = em.create(Organization, {
    name: `МБОУ «Тестовая школа № ${next()}»`,
    municipality: 'Тестовый район',
    type: OrganizationType.SCHOOL,
    ...overrides,
  });
  await em.flush();
  return organization;
}

export async function buildPerson(em: EntityManager, overrides: Partial<Omit<Person, 'organization'>> & { organization?: Organization } = {}): Promise<Person> {
  const { organization, ...rest } = overrides;
  const person = em.create(Person, {
    fullName: `Тестова Анна Сергеевна ${next()}`,
    position: 'учитель математики',
    organization: organization ?? (await buildOrganization(em)),
    ...rest,
  });
  await em.flush();
  return person;
}

export async function buildSubject(em: EntityManager, name = `Предмет ${next()}`, position = 0): Promise<Subject> {
  const subject = (await em.findOne(Subject, { name })) ?? em.create(Subject, { name, position });
  await em.flush();
  return subject;
}

export async function buildLevel(em: EntityManager, code: string, position = 0): Promise<EducationLevel> {
  const level = (await em.findOne(EducationLevel, { code })) ?? em.create(EducationLevel, { code, name: `Уровень ${code}`, position });
  await em.flush();
  return level;
}

export interface MaterialOverrides {
  kind?: MaterialKind;
  title?: string;
  summary?: string;
  status?: MaterialStatus;
  publishedAt?: Date;
  grades?: number[];
  subjects?: Subject[];
  levels?: EducationLevel[];
  keywords?: string[];
  /** Authors in order; by default one new person, whose organization the material gets. */
  authors?: Person[];
  organization?: Organization | null;
  fields?: Record<string, unknown>;
}

/** A material with its parents created as needed; published unless told otherwise. */
export async function buildMaterial(em: EntityManager, overrides: MaterialOverrides = {}): Promise<Material> {
  const kind = overrides.kind ?? MaterialKind.BEST_PRACTICE;
  const status = overrides.status ?? MaterialStatus.PUBLISHED;
  const authors = overrides.authors ?? [await buildPerson(em)];
  const organization = overrides.organization === undefined ? authors[0]?.organization?.getEntity() : (overrides.organization ?? undefined);
  const material = em.create(KIND_CLASSES[kind] as typeof BestPractice, {
    title: overrides.title ?? `Материал ${next()}`,
    summary: overrides.summary ?? 'Краткое описание',
    status,
    grades: overrides.grades ?? [],
    publishedAt: overrides.publishedAt ?? (status === MaterialStatus.PUBLISHED ? new Date(Date.UTC(2025, 0, 1) + next() * 60_000) : undefined),
    ...(overrides.fields ?? {}),
  });
  if (organization) material.organization = ref(organization);
  for (const subject of overrides.subjects ?? []) material.subjects.add(subject);
  for (const level of overrides.levels ?? []) material.levels.add(level);
  for (const word of overrides.keywords ?? []) {
    const name = normalizeKeyword(word);
    material.keywords.add((await em.findOne(Keyword, { name })) ?? em.create(Keyword, { name }));
  }
  authors.forEach((person, position) => em.create(MaterialAuthor, { material, person, position }));
  await em.flush();
  return material;
}
