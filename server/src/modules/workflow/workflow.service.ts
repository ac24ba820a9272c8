import type { EntityManager } from '@mikro-orm/postgresql';
import { ref } from '@mikro-orm/core';
import { apiError, badInput } from '../../common/errors.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import { AccountService } from '../accounts/account.service.ts';
import { authorize, isEditor, type Action } from '../accounts/policy.ts';
import { Role, User } from '../accounts/user.entity.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { kindSpec } from '../materials/kinds.ts';
import { expectStatus, MaterialEditService } from '../materials/material-edit.service.ts';
import { missingForReview, requirementLabel } from '../materials/material-fields.ts';
import type { Material } from '../materials/material.entity.ts';
import { type ExpertLevel, MaterialStatus } from '../materials/material.enums.ts';
import type { MaterialWriter } from '../materials/material-writer.ts';
import { Review, ReviewCriterion } from '../reviews/review.entity.ts';
import type { Logger } from '../../common/logger.ts';
import type { Mailer } from '../../common/mail.ts';
import { DEFAULT_TIME_ZONE } from '../../config.ts';
import { mailAssignment } from './assignment-letter.ts';
import { ReviewDueDays } from './review-due-day.ts';
import type { ReviewInput } from './workflow.inputs.ts';

/** What the workflow needs besides the database: the district's calendar and, when configured, mail. */
export interface WorkflowSettings {
  timeZone?: string;
  /** The server's clock (tests fix it): today's date decides due days. */
  now?: () => Date;
  mailer?: Mailer;
  centreName?: string;
  logger?: Logger;
}

/** The longest reason a methodist may give (it is shown to the author and kept in the history). */
export const REASON_MAX = 2000;

/** A methodist's reason for the author: said in words, not blank, within the limit. */
function reasonOf(argument: string, text: string): string {
  const reason = text.trim();
  if (!reason) throw badInput(argument, 'напишите причину: её прочтёт автор');
  if (reason.length > REASON_MAX) throw badInput(argument, `причина длиннее ${REASON_MAX} символов (${reason.length})`);
  return reason;
}

/**
 * The publishing workflow: submission, expert review, publication, return, rejection, archive.
 * Each step is checked against the policy and the current status and written, with its revision,
 * through the materials' write path; the fields themselves are the editor's (MaterialEditService).
 */
export class WorkflowService {
  private readonly materials: MaterialEditService;
  private readonly writer: MaterialWriter;
  private readonly dueDays: ReviewDueDays;

  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
    private readonly settings: WorkflowSettings = {},
  ) {
    this.materials = new MaterialEditService(em, viewer);
    this.writer = this.materials.writer;
    this.dueDays = new ReviewDueDays(settings.timeZone ?? DEFAULT_TIME_ZONE, settings.now ?? (() => new Date()));
  }

  private can(action: Action): Viewer {
    authorize(this.viewer, action);
    return this.viewer;
  }

  private load(id: string): Promise<Material> {
    return this.materials.load(id);
  }

  /** An expert's conclusion is given and changed while the material is on review, never after its publication. */
  private expectReviewable(status: MaterialStatus, publishedAt: Date | null | undefined) {
    if (status !== MaterialStatus.IN_REVIEW && publishedAt)
      throw badInput('id', 'материал уже опубликован — заключение эксперта после публикации не меняется');
    expectStatus(status, [MaterialStatus.IN_REVIEW], 'оценить');
  }

  async submit(id: string): Promise<Material> {
    const viewer = this.can('material.submit');
    const material = await this.load(id);
    if (!isEditor(viewer) && material.createdBy?.id !== viewer.userId)
      throw apiError('FORBIDDEN', 'Отправить на экспертизу может автор материала или методист');
    expectStatus(material.status, [MaterialStatus.DRAFT], 'отправить на экспертизу');
    const missing = missingForReview({
      kind: material.kind,
      own: material as unknown as Record<string, unknown>,
      subjects: material.subjects.length,
      levelCodes: material.levels.getItems().map((level) => level.code),
      grades: material.grades,
      authors: material.authorships.length,
    });
    if (missing.length) {
      throw apiError(
        'BAD_USER_INPUT',
        `Аргумент id: перед отправкой на экспертизу заполните: ${missing.map(requirementLabel).join('; ')}`,
        { argument: 'id', missing },
      );
    }
    return this.writer.change(material, 'submitted', () => void (material.status = MaterialStatus.IN_REVIEW));
  }

  /** The author (or an editor) takes a submission back to the drafts while no expert is assigned to it. */
  async withdraw(id: string): Promise<Material> {
    const viewer = this.can('material.submit');
    const material = await this.load(id);
    if (!isEditor(viewer) && material.createdBy?.id !== viewer.userId)
      throw apiError('FORBIDDEN', 'Отозвать с экспертизы может автор материала или методист');
    expectStatus(material.status, [MaterialStatus.IN_REVIEW], 'отозвать с экспертизы');
    if (material.reviewer) throw badInput('id', 'эксперт уже назначен — отозвать материал может методист, вернув его на доработку');
    return this.writer.change(material, 'withdrawn', () => void (material.status = MaterialStatus.DRAFT));
  }

  /** The due day of an assignment made today without a day named. */
  defaultDueOn(): string {
    return this.dueDays.byDefault();
  }

  /** Assigns (or changes) the expert with the day a conclusion is due; the expert is told by mail when it is configured. */
  async assignReviewer(id: string, reviewerId: string, dueOn?: string | null): Promise<Material> {
    this.can('material.assignReviewer');
    const due = this.dueDays.checked(dueOn);
    const material = await this.load(id);
    expectStatus(material.status, [MaterialStatus.IN_REVIEW], 'назначить эксперта');
    const key = fromGlobalId(reviewerId, 'reviewerId', ['User']).id;
    const reviewer = await this.em.findOne(User, { id: key, active: true });
    if (!reviewer || reviewer.role !== Role.EXPERT) throw badInput('reviewerId', 'это не активный пользователь с ролью EXPERT');
    const before = { reviewer: (await material.reviewer?.load())?.email ?? null, due: material.reviewDueOn ?? null };
    const assigned = await this.writer.change(
      material,
      'reviewer_assigned',
      () => {
        material.reviewer = ref(reviewer);
        material.reviewDueOn = due;
      },
      { reviewer: [before.reviewer, reviewer.email], reviewDueOn: [before.due, due] },
    );
    const { mailer, centreName = '', logger } = this.settings;
    if (mailer)
      void mailAssignment(mailer, centreName, logger, {
        to: reviewer.email,
        expertName: reviewer.name,
        materialId: material.globalId,
        title: material.title,
        dueOn: due,
      });
    return assigned;
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
      if (!criterion)
        throw badInput(`review.scores[${i}].code`, `нет критерия «${s.code}»; есть: ${criteria.map((c) => c.code).join(', ')}`);
      if (!Number.isInteger(s.score) || s.score < 0 || s.score > criterion.maxScore)
        throw badInput(`review.scores[${i}].score`, `оценка по критерию «${criterion.name}» — целое от 0 до ${criterion.maxScore}`);
      scores[s.code] = s.score;
    });
    const absent = criteria.find((c) => scores[c.code] === undefined);
    if (absent) throw badInput('review.scores', `нет оценки по критерию «${absent.name}» (${absent.code})`);
    const fields = { scores, decision: input.decision, comment: input.comment };
    // Recorded with the revision; "before" is read under the lock below.
    const decision: [unknown, unknown] = [null, input.decision];
    let review!: Review;
    await this.writer.change(
      material,
      'reviewed',
      async () => {
        // The material's row locked: submissions for it take turns, and a publication committed since loading is seen.
        const [current] = await this.em.execute<Array<{ status: MaterialStatus; published_at: Date | null }>>(
          'select status, published_at from material where id = ? for update',
          [material.id],
        );
        this.expectReviewable(current!.status, current!.published_at);
        const existing = await this.em.findOne(Review, { material: material.id, reviewer: viewer.userId });
        decision[0] = existing?.decision ?? null;
        review = existing
          ? Object.assign(existing, fields)
          : this.em.create(Review, { material, reviewer: this.em.getReference(User, viewer.userId), ...fields });
      },
      { decision },
    );
    return review;
  }

  async publish(id: string, level: ExpertLevel | undefined): Promise<Material> {
    const viewer = this.can('material.publish');
    const material = await this.load(id);
    expectStatus(material.status, [MaterialStatus.IN_REVIEW], 'опубликовать');
    if ((await this.em.count(Review, { material: material.id })) === 0)
      throw badInput('id', 'нет заключения эксперта: назначьте эксперта и дождитесь оценки');
    const kind = kindSpec(material.kind);
    const needsLevel = kind.publish.includes('expertLevel');
    if (needsLevel && !level) throw badInput('level', `для вида «${kind.names.one[0]}» укажите уровень, на котором материал рекомендован`);
    const year = new Date().getUTCFullYear();
    const [{ last }] = await this.em.execute<Array<{ last: number }>>(
      'insert into registration_counter (year, last) values (?, 1) on conflict (year) do update set last = registration_counter.last + 1 returning last',
      [year],
    );
    // A number taken by a publication that then fails stays unused: numbers are unique, not gapless.
    return this.writer.change(material, 'published', () => {
      material.status = MaterialStatus.PUBLISHED;
      material.publishedAt = new Date();
      material.registrationNumber = `ИМЦ-${year}-${String(last).padStart(5, '0')}`;
      if (needsLevel) Object.assign(material, { expertLevel: level });
      new AccountService(this.em).audit('material.published', viewer.userId, material.id, {
        registrationNumber: material.registrationNumber,
      });
    });
  }

  async returnForRevision(id: string, comment: string): Promise<Material> {
    this.can('material.return');
    const reason = reasonOf('comment', comment);
    const material = await this.load(id);
    expectStatus(material.status, [MaterialStatus.IN_REVIEW], 'вернуть на доработку');
    return this.writer.change(material, 'returned', () => void (material.status = MaterialStatus.DRAFT), { comment: [null, reason] });
  }

  async reject(id: string, comment: string): Promise<Material> {
    this.can('material.reject');
    const reason = reasonOf('comment', comment);
    const material = await this.load(id);
    expectStatus(material.status, [MaterialStatus.IN_REVIEW], 'отклонить');
    return this.writer.change(material, 'rejected', () => void (material.status = MaterialStatus.REJECTED), { comment: [null, reason] });
  }

  /**
   * Withdraws a material from publication (or puts a draft or a rejected one away) with the reason
   * the author reads; its certificate stops being valid. The reason is kept like a return's.
   */
  async archive(id: string, reason: string): Promise<Material> {
    const viewer = this.can('material.archive');
    const why = reasonOf('reason', reason);
    const material = await this.load(id);
    expectStatus(material.status, [MaterialStatus.PUBLISHED, MaterialStatus.DRAFT, MaterialStatus.REJECTED], 'отправить в архив');
    return this.writer.change(
      material,
      'archived',
      () => {
        if (material.registrationNumber)
          new AccountService(this.em).audit('material.archived', viewer.userId, material.id, {
            registrationNumber: material.registrationNumber,
            reason: why,
          });
        material.status = MaterialStatus.ARCHIVED;
      },
      { comment: [null, why] },
    );
  }
}
