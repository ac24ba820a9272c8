import type { EntityManager } from '@mikro-orm/postgresql';
import { ref } from '@mikro-orm/core';
import { apiError, badInput, notFound } from '../../common/errors.ts';
import { withTransaction } from '../../common/transaction.ts';
import { fromGlobalId, fromGlobalIds } from '../../common/global-id.ts';
import { AccountService } from '../accounts/account.service.ts';
import { authorize, isEditor, type Action } from '../accounts/policy.ts';
import { Role, User } from '../accounts/user.entity.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { EducationLevel, Keyword, normalizeKeyword, Subject } from '../dictionaries/dictionary.entity.ts';
import {
  BestPractice,
  Material,
  MaterialAuthor,
  MethodologicalMaterial,
  NormativeDocument,
  Publication,
} from '../materials/material.entity.ts';
import { ExpertLevel, MaterialKind, MaterialStatus, STATUS_LABELS } from '../materials/material.enums.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { Review, ReviewCriterion } from '../reviews/review.entity.ts';
import { MaterialRevision } from './revision.entity.ts';
import type { CreateMaterialInput, ReviewInput, UpdateMaterialInput } from './workflow.inputs.ts';

export const MATERIAL_CLASSES = {
  BEST_PRACTICE: BestPractice,
  PUBLICATION: Publication,
  METHODOLOGICAL_MATERIAL: MethodologicalMaterial,
  NORMATIVE_DOCUMENT: NormativeDocument,
} as const;

const COMMON_FIELDS = ['title', 'summary', 'body', 'grades'] as const;
export const KIND_FIELDS: Record<MaterialKind, readonly string[]> = {
  BEST_PRACTICE: ['problem', 'goal', 'novelty', 'results', 'reuseConditions'],
  PUBLICATION: ['source', 'year', 'pages', 'isbn', 'issn', 'doi', 'url'],
  METHODOLOGICAL_MATERIAL: ['materialType'],
  NORMATIVE_DOCUMENT: ['number', 'adoptedAt', 'issuer', 'legalStatus'],
};
const ALL_KIND_FIELDS = Object.values(KIND_FIELDS).flat();

type Fields = Partial<CreateMaterialInput>;
type Snapshot = Record<string, unknown>;

const statusName = (status: MaterialStatus) => `«${STATUS_LABELS[status]}» (${status})`;

/**
 * The publishing workflow: drafts, expert review, publication, archive. Every change is checked
 * against the policy and the current status, stored with a revision, and refused whole when stale.
 */
export class WorkflowService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
  ) {}

  private can(action: Action): Viewer {
    authorize(this.viewer, action);
    return this.viewer;
  }

  /** A material this viewer may act on: editors any, authors their own, experts those assigned to them. */
  private async load(id: string, argument = 'id'): Promise<Material> {
    const key = fromGlobalId(id, argument, ['BestPractice', 'Publication', 'MethodologicalMaterial', 'NormativeDocument']).id;
    const material = await this.em.findOne(Material, { id: key }, { populate: ['subjects', 'levels', 'keywords', 'authorships', 'attachments'] });
    const viewer = this.viewer!;
    const mine = material && (isEditor(viewer) || material.createdBy?.id === viewer.userId || material.reviewer?.id === viewer.userId);
    if (!material || !mine) throw notFound('Материал', id);
    return material;
  }

  private expect(status: MaterialStatus, allowed: MaterialStatus[], action: string) {
    if (!allowed.includes(status)) {
      throw badInput('id', `материал в состоянии ${statusName(status)}; ${action} можно только из ${allowed.map(statusName).join(' или ')}`);
    }
  }

  /** An expert's conclusion is given and changed while the material is on review, never after its publication. */
  private expectReviewable(status: MaterialStatus, publishedAt: Date | null | undefined) {
    if (status !== MaterialStatus.IN_REVIEW && publishedAt) throw badInput('id', 'материал уже опубликован — заключение эксперта после публикации не меняется');
    this.expect(status, [MaterialStatus.IN_REVIEW], 'оценить');
  }

  private snapshot(m: Material): Snapshot {
    const own = KIND_FIELDS[m.kind as MaterialKind];
    const record = m as unknown as Record<string, unknown>;
    return {
      status: m.status,
      ...Object.fromEntries([...COMMON_FIELDS, ...own].map((f) => [f, record[f] ?? null])),
      subjectIds: m.subjects.getItems().map((s) => s.id).sort(),
      levelIds: m.levels.getItems().map((l) => l.id).sort(),
      keywords: m.keywords.getItems().map((k) => k.name).sort(),
      authorIds: [...m.authorships.getItems()].sort((a, b) => a.position - b.position).map((a) => a.person.id),
      fileIds: [...m.attachments.getItems()].sort((a, b) => a.position - b.position).map((a) => a.file.id),
      organizationId: m.organization?.id ?? null,
    };
  }

  /** Runs `change`, then records the revision with what it changed; all in one transaction. */
  private async change(material: Material, action: string, change: () => Promise<void> | void, extra: Record<string, [unknown, unknown]> = {}): Promise<Material> {
    return withTransaction(this.em, async () => {
      const before = this.snapshot(material);
      await change();
      await this.em.flush();
      const after = this.snapshot(material);
      const changes = Object.fromEntries(
        Object.keys(after)
          .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
          .map((key) => [key, [before[key] ?? null, after[key]] as [unknown, unknown]]),
      );
      this.em.create(MaterialRevision, {
        material,
        version: material.version,
        author: this.viewer ? this.em.getReference(User, this.viewer.userId) : undefined,
        action,
        changes: { ...changes, ...extra },
        snapshot: after,
      });
      await this.em.flush();
      return material;
    });
  }

  /** Applies input fields: kind-specific ones only to their kind, relations by global id. */
  private async apply(material: Material, input: Fields) {
    const kind = material.kind as MaterialKind;
    for (const field of ALL_KIND_FIELDS) {
      const value = (input as Record<string, unknown>)[field];
      if (value === undefined || value === null) continue;
      if (!KIND_FIELDS[kind].includes(field)) throw badInput(`input.${field}`, `поле относится к виду ${Object.entries(KIND_FIELDS).find(([, f]) => f.includes(field))![0]}, а материал — ${kind}`);
      (material as unknown as Record<string, unknown>)[field] = value;
    }
    for (const field of COMMON_FIELDS) {
      const value = input[field];
      if (value !== undefined && value !== null) (material as unknown as Record<string, unknown>)[field] = field === 'title' ? String(value).trim() : value;
    }
    const ids = async <T extends object>(values: string[] | undefined, argument: string, type: string, entity: new () => T) => {
      const keys = fromGlobalIds(values, `input.${argument}`, [type]);
      if (!keys) return undefined;
      const found = await this.em.find(entity, { id: { $in: keys } } as never);
      const missing = keys.find((k) => !found.some((f) => (f as { id: string }).id === k));
      if (missing) throw badInput(`input.${argument}`, `нет объекта с id ${values![keys.indexOf(missing)]}`);
      return keys.map((k) => found.find((f) => (f as { id: string }).id === k)!);
    };
    const subjects = await ids(input.subjectIds, 'subjectIds', 'Subject', Subject);
    if (subjects) material.subjects.set(subjects);
    const levels = await ids(input.levelIds, 'levelIds', 'EducationLevel', EducationLevel);
    if (levels) material.levels.set(levels);
    if (input.keywords) {
      const names = [...new Set(input.keywords.map(normalizeKeyword).filter(Boolean))];
      const existing = await this.em.find(Keyword, { name: { $in: names } });
      material.keywords.set(names.map((name) => existing.find((k) => k.name === name) ?? this.em.create(Keyword, { name })));
    }
    const authors = await ids(input.authorIds, 'authorIds', 'Person', Person);
    if (authors) {
      material.authorships.removeAll();
      authors.forEach((person, position) => material.authorships.add(this.em.create(MaterialAuthor, { material, person, position })));
    }
    if (input.organizationId) {
      const [organization] = (await ids([input.organizationId], 'organizationId', 'Organization', Organization))!;
      material.organization = ref(organization!) ?? undefined;
    }
  }

  async create(input: CreateMaterialInput): Promise<Material> {
    const viewer = this.can('material.create');
    const material = this.em.create(MATERIAL_CLASSES[input.kind] as typeof BestPractice, {
      kind: input.kind,
      title: input.title.trim(),
      status: MaterialStatus.DRAFT,
      createdBy: this.em.getReference(User, viewer.userId),
    });
    await this.apply(material, input);
    // No authors given: the account holder is the author. An account not yet linked to a teacher
    // gets one under its name, so that the material can go to review and onto a certificate.
    if (!input.authorIds) {
      const user = await this.em.findOneOrFail(User, { id: viewer.userId });
      const person = viewer.personId
        ? await this.em.findOneOrFail(Person, { id: viewer.personId }, { populate: ['organization'] })
        : this.em.create(Person, { fullName: user.name });
      if (!viewer.personId) user.person = ref(person);
      material.authorships.add(this.em.create(MaterialAuthor, { material, person, position: 0 }));
      if (!material.organization && person.organization) material.organization = ref(person.organization.getEntity());
    }
    return withTransaction(this.em, async () => {
      await this.em.flush();
      this.em.create(MaterialRevision, { material, version: material.version, author: this.em.getReference(User, viewer.userId), action: 'created', changes: {}, snapshot: this.snapshot(material) });
      await this.em.flush();
      return material;
    });
  }

  private checkVersion(material: Material, version: number) {
    if (material.version !== version) {
      throw apiError('BAD_USER_INPUT', `Материал уже изменён (сейчас версия ${material.version}, ваша правка основана на версии ${version}); обновите страницу и повторите, ничего не сохранено`, { argument: 'version', currentVersion: material.version });
    }
  }

  /** A material the viewer may edit now: editors any, an author their own draft. */
  private async editable(id: string): Promise<Material> {
    const viewer = this.can('material.update');
    const material = await this.load(id);
    if (!isEditor(viewer)) {
      if (material.createdBy?.id !== viewer.userId) throw apiError('FORBIDDEN', 'Автор редактирует только свои материалы');
      this.expect(material.status, [MaterialStatus.DRAFT], 'редактировать автору');
    }
    return material;
  }

  async update(id: string, version: number, input: UpdateMaterialInput): Promise<Material> {
    const material = await this.editable(id);
    this.checkVersion(material, version);
    return this.change(material, 'updated', () => this.apply(material, input));
  }

  /** An edit beside the fields (its files): the same rights as `update`, one transaction with its revision. */
  async edit(id: string, action: string, work: (material: Material) => Promise<void>): Promise<Material> {
    const material = await this.editable(id);
    return this.change(material, action, () => work(material));
  }

  async submit(id: string): Promise<Material> {
    const viewer = this.can('material.submit');
    const material = await this.load(id);
    if (!isEditor(viewer) && material.createdBy?.id !== viewer.userId) throw apiError('FORBIDDEN', 'Отправить на экспертизу может автор материала или методист');
    this.expect(material.status, [MaterialStatus.DRAFT], 'отправить на экспертизу');
    if (!material.authorships.length) throw badInput('id', 'у материала нет авторов: добавьте хотя бы одного');
    return this.change(material, 'submitted', () => void (material.status = MaterialStatus.IN_REVIEW));
  }

  async assignReviewer(id: string, reviewerId: string): Promise<Material> {
    this.can('material.assignReviewer');
    const material = await this.load(id);
    this.expect(material.status, [MaterialStatus.IN_REVIEW], 'назначить эксперта');
    const key = fromGlobalId(reviewerId, 'reviewerId', ['User']).id;
    const reviewer = await this.em.findOne(User, { id: key, active: true });
    if (!reviewer || reviewer.role !== Role.EXPERT) throw badInput('reviewerId', 'это не активный пользователь с ролью EXPERT');
    return this.change(material, 'reviewer_assigned', () => void (material.reviewer = ref(reviewer)), { reviewer: [null, reviewer.email] });
  }

  /**
   * The assigned expert's conclusion: one per expert and material (a unique constraint). Submitting
   * again updates it, recorded as a revision with the decision before and after, until publication.
   */
  async review(id: string, input: ReviewInput): Promise<Review> {
    const viewer = this.can('material.review');
    const material = await this.load(id);
    if (material.reviewer?.id !== viewer.userId) throw apiError('FORBIDDEN', 'Оценить материал может только назначенный эксперт');
    this.expectReviewable(material.status, material.publishedAt);
    // Retired criteria are no longer asked for; reviews made before keep their scores.
    const criteria = await this.em.find(ReviewCriterion, { retiredAt: null }, { orderBy: { position: 'asc' } });
    const scores: Record<string, number> = {};
    input.scores.forEach((s, i) => {
      const criterion = criteria.find((c) => c.code === s.code);
      if (!criterion) throw badInput(`review.scores[${i}].code`, `нет критерия «${s.code}»; есть: ${criteria.map((c) => c.code).join(', ')}`);
      if (!Number.isInteger(s.score) || s.score < 0 || s.score > criterion.maxScore) throw badInput(`review.scores[${i}].score`, `оценка по критерию «${criterion.name}» — целое от 0 до ${criterion.maxScore}`);
      scores[s.code] = s.score;
    });
    const absent = criteria.find((c) => scores[c.code] === undefined);
    if (absent) throw badInput('review.scores', `нет оценки по критерию «${absent.name}» (${absent.code})`);
    const fields = { scores, decision: input.decision, comment: input.comment };
    // Recorded with the revision; "before" is read under the lock below.
    const decision: [unknown, unknown] = [null, input.decision];
    let review!: Review;
    await this.change(material, 'reviewed', async () => {
      // The material's row locked: submissions for it take turns, and a publication committed since loading is seen.
      const [current] = await this.em.execute<Array<{ status: MaterialStatus; published_at: Date | null }>>('select status, published_at from material where id = ? for update', [material.id]);
      this.expectReviewable(current!.status, current!.published_at);
      const existing = await this.em.findOne(Review, { material: material.id, reviewer: viewer.userId });
      decision[0] = existing?.decision ?? null;
      review = existing ? Object.assign(existing, fields) : this.em.create(Review, { material, reviewer: this.em.getReference(User, viewer.userId), ...fields });
    }, { decision });
    return review;
  }

  async publish(id: string, level: ExpertLevel | undefined): Promise<Material> {
    const viewer = this.can('material.publish');
    const material = await this.load(id);
    this.expect(material.status, [MaterialStatus.IN_REVIEW], 'опубликовать');
    if ((await this.em.count(Review, { material: material.id })) === 0) throw badInput('id', 'нет заключения эксперта: назначьте эксперта и дождитесь оценки');
    if (material instanceof BestPractice && !level) throw badInput('level', 'для практики укажите уровень, на котором она рекомендована');
    const year = new Date().getUTCFullYear();
    const [{ last }] = await this.em.execute<Array<{ last: number }>>(
      'insert into registration_counter (year, last) values (?, 1) on conflict (year) do update set last = registration_counter.last + 1 returning last',
      [year],
    );
    // A number taken by a publication that then fails stays unused: numbers are unique, not gapless.
    return this.change(material, 'published', () => {
      material.status = MaterialStatus.PUBLISHED;
      material.publishedAt = new Date();
      material.registrationNumber = `ИМЦ-${year}-${String(last).padStart(5, '0')}`;
      if (material instanceof BestPractice && level) material.expertLevel = level;
      new AccountService(this.em).audit('material.published', viewer.userId, material.id, { registrationNumber: material.registrationNumber });
    });
  }

  async returnForRevision(id: string, comment: string): Promise<Material> {
    this.can('material.return');
    const material = await this.load(id);
    this.expect(material.status, [MaterialStatus.IN_REVIEW], 'вернуть на доработку');
    return this.change(material, 'returned', () => void (material.status = MaterialStatus.DRAFT), { comment: [null, comment] });
  }

  async reject(id: string, comment: string): Promise<Material> {
    this.can('material.reject');
    const material = await this.load(id);
    this.expect(material.status, [MaterialStatus.IN_REVIEW], 'отклонить');
    return this.change(material, 'rejected', () => void (material.status = MaterialStatus.REJECTED), { comment: [null, comment] });
  }

  async archive(id: string): Promise<Material> {
    this.can('material.archive');
    const material = await this.load(id);
    this.expect(material.status, [MaterialStatus.PUBLISHED, MaterialStatus.DRAFT, MaterialStatus.REJECTED], 'отправить в архив');
    return this.change(material, 'archived', () => void (material.status = MaterialStatus.ARCHIVED));
  }

  /** Puts back the editable fields of an earlier revision, as a new revision. */
  async restore(id: string, revisionId: string, version: number): Promise<Material> {
    const viewer = this.can('material.update');
    const material = await this.load(id);
    if (!isEditor(viewer)) this.expect(material.status, [MaterialStatus.DRAFT], 'восстанавливать редакцию автору');
    this.checkVersion(material, version);
    const key = fromGlobalId(revisionId, 'revisionId', ['MaterialRevision']).id;
    const revision = await this.em.findOne(MaterialRevision, { id: key, material: material.id });
    if (!revision) throw notFound('Редакция', revisionId);
    const { status: _status, subjectIds, levelIds, authorIds, organizationId, keywords, ...fields } = revision.snapshot as Snapshot & {
      subjectIds: string[];
      levelIds: string[];
      authorIds: string[];
      keywords: string[];
      organizationId: string | null;
    };
    return this.change(material, 'restored', async () => {
      Object.assign(material, fields);
      material.subjects.set(subjectIds.map((s) => this.em.getReference(Subject, s)));
      material.levels.set(levelIds.map((l) => this.em.getReference(EducationLevel, l)));
      material.keywords.set(await this.em.find(Keyword, { name: { $in: keywords } }));
      material.authorships.removeAll();
      authorIds.forEach((person, position) => material.authorships.add(this.em.create(MaterialAuthor, { material, person: this.em.getReference(Person, person), position })));
      material.organization = organizationId ? ref(this.em.getReference(Organization, organizationId)) : undefined;
    }, { restoredFrom: [null, revision.version] });
  }
}
