import { createHash } from 'node:crypto';
import { ref, type EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { AccountService } from '../modules/accounts/account.service.ts';
import { Role, type User } from '../modules/accounts/user.entity.ts';
import { Collection, CollectionItem } from '../modules/collections/collection.entity.ts';
import { EducationLevel, cleanKeyword, Keyword, keywordKey, Subject } from '../modules/dictionaries/dictionary.entity.ts';
import { MediaKind } from '../modules/files/file-types.ts';
import { MediaFile } from '../modules/files/media-file.entity.ts';
import { MaterialFile } from '../modules/materials/material-file.entity.ts';
import { type BestPractice, KIND_CLASSES, type Material, MaterialAuthor } from '../modules/materials/material.entity.ts';
import { MaterialKind, MaterialStatus } from '../modules/materials/material.enums.ts';
import { Organization, OrganizationType } from '../modules/organizations/organization.entity.ts';
import { Person } from '../modules/people/person.entity.ts';
import { DigestSubscription } from '../modules/subscriptions/digest-subscription.entity.ts';
import { Survey, SurveyQuestionType, type SurveyStatus } from '../modules/surveys/survey.entity.ts';

/** The password of every account the tests make, unless a test gives its own. */
export const TEST_PASSWORD = 'верный-пароль-123';

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

export async function buildPerson(
  em: EntityManager,
  overrides: Partial<Omit<Person, 'organization'>> & { organization?: Organization } = {},
): Promise<Person> {
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
    publishedAt:
      overrides.publishedAt ?? (status === MaterialStatus.PUBLISHED ? new Date(Date.UTC(2025, 0, 1) + next() * 60_000) : undefined),
    ...(overrides.fields ?? {}),
  });
  if (organization) material.organization = ref(organization);
  for (const subject of overrides.subjects ?? []) material.subjects.add(subject);
  for (const level of overrides.levels ?? []) material.levels.add(level);
  for (const word of overrides.keywords ?? []) {
    const key = keywordKey(word);
    material.keywords.add((await em.findOne(Keyword, { key })) ?? em.create(Keyword, { name: cleanKeyword(word), key }));
  }
  authors.forEach((person, position) => em.create(MaterialAuthor, { material, person, position }));
  await em.flush();
  return material;
}

/** An account made as the product makes one (a real Argon2 hash of TEST_PASSWORD unless told); with `person`, linked to that teacher. */
export async function buildUser(
  em: SqlEntityManager,
  overrides: { role?: Role; email?: string; name?: string; password?: string; person?: Person } = {},
): Promise<User> {
  const n = next();
  const role = overrides.role ?? Role.READER;
  const user = await new AccountService(em).createUser({
    email: overrides.email ?? `${role.toLowerCase()}${n}-${process.pid}@imc.test`,
    name: overrides.name ?? `${role} ${n}`,
    role,
    password: overrides.password ?? TEST_PASSWORD,
  });
  if (overrides.person) {
    user.person = ref(overrides.person);
    await em.flush();
  }
  return user;
}

/**
 * A file's row as an upload leaves it, without bytes in storage: for what the database, the search
 * index and the API say about files. With `material`, attached to it after its other files.
 */
export async function buildFile(
  em: EntityManager,
  overrides: Partial<Pick<MediaFile, 'fileName' | 'kind' | 'mimeType' | 'size' | 'text'>> & { material?: Material } = {},
): Promise<MediaFile> {
  const { material, ...fields } = overrides;
  const n = next();
  const file = em.create(MediaFile, {
    fileName: `Файл ${n}.pdf`,
    kind: MediaKind.DOCUMENT,
    mimeType: 'application/pdf',
    size: 100,
    sha256: createHash('sha256').update(`test file ${n} ${process.pid}`).digest('hex'),
    storageKey: `test/${n}`,
    ...fields,
  });
  if (material) em.create(MaterialFile, { material, file, position: await em.count(MaterialFile, { material }) });
  await em.flush();
  return file;
}

/** A collection, published unless told otherwise, holding `materials` in that order. */
export async function buildCollection(
  em: EntityManager,
  overrides: { title?: string; description?: string; published?: boolean; materials?: Material[] } = {},
): Promise<Collection> {
  const { materials = [], ...fields } = overrides;
  const collection = em.create(Collection, { title: `Подборка ${next()}`, published: true, ...fields });
  materials.forEach((material, position) => em.create(CollectionItem, { collection, material, position }));
  await em.flush();
  return collection;
}

export interface SurveyQuestionSpec {
  text: string;
  type: SurveyQuestionType;
  options?: string[];
  /** Required unless told otherwise, as in the editor. */
  required?: boolean;
}

/** An open survey (one required 1–5 question unless told) whose questions are q1, q2, … as the service numbers them. */
export async function buildSurvey(
  em: EntityManager,
  overrides: { title?: string; questions?: SurveyQuestionSpec[]; status?: SurveyStatus } = {},
): Promise<Survey> {
  const specs = overrides.questions ?? [{ text: 'Оценка', type: SurveyQuestionType.SCALE }];
  const survey = em.create(Survey, {
    title: overrides.title ?? `Опрос ${next()}`,
    questions: specs.map((q, i) => ({
      id: `q${i + 1}`,
      text: q.text,
      type: q.type,
      options: q.options ?? [],
      required: q.required ?? true,
    })),
    ...(overrides.status ? { status: overrides.status } : {}),
  });
  await em.flush();
  return survey;
}

/** A confirmed weekly digest of a search (as the link of its letter leaves it); its token is the secret of the letters' links. */
export async function buildDigestSubscription(
  em: EntityManager,
  overrides: { email: string; query?: string; confirmedAt?: Date },
): Promise<DigestSubscription> {
  const query = overrides.query ?? 'проект';
  const confirmedAt = overrides.confirmedAt ?? new Date('2026-09-01T09:00:00Z');
  const subscription = em.create(DigestSubscription, {
    email: overrides.email,
    feed: `q=${encodeURIComponent(query)}`,
    title: `Методическая база знаний: «${query}»`,
    token: createHash('sha256').update(`digest-${next()}-${overrides.email}`).digest('base64url'),
    confirmationSentAt: confirmedAt,
    confirmedAt,
    lastDigestAt: confirmedAt,
  });
  await em.flush();
  return subscription;
}
