import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { canSeeUnpublished } from '../accounts/viewer.ts';
import type { Context } from '../../context.ts';
import { apiError } from '../../common/errors.ts';
import { User } from '../accounts/user.entity.ts';
import { isInsider } from '../materials/material-edit.service.ts';
import { Material } from '../materials/material.entity.ts';
import { ExpertLevel } from '../materials/material.enums.ts';
import { inUse } from '../dictionaries/retirable.entity.ts';
import { Review, ReviewCriterion } from '../reviews/review.entity.ts';
import { ReviewInput } from './workflow.inputs.ts';
import { MethodistDecision } from './workflow-decision.ts';
import { materialReviews, methodistDecisions, openReviewCount } from './workflow-loaders.ts';
import { REVIEW_DUE_DAYS } from './review-due-day.ts';
import { WorkflowService } from './workflow.service.ts';
import { LocalDateResolver } from 'graphql-scalars';

// The workflow's inner records: the centre's editors only.
registerNodeTypes({
  ReviewCriterion: ({ em }, id) => em.findOne(ReviewCriterion, { id }),
  Review: ({ em, viewer }, id) => (canSeeUnpublished(viewer) ? em.findOne(Review, { id }) : Promise.resolve(null)),
});

const service = ({ em, viewer, usage, mailer, centre, logger, now }: Context) =>
  new WorkflowService(em, viewer, { timeZone: usage?.timeZone, now, mailer, centreName: centre.name, logger });

@Resolver()
export class WorkflowResolver {
  @Mutation(() => Material, { description: 'Отправить черновик на экспертизу' })
  submitMaterialForReview(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).submit(id);
  }

  @Mutation(() => Material, { description: 'Отозвать с экспертизы в черновики, пока эксперт не назначен (автор или методист)' })
  withdrawMaterialFromReview(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).withdraw(id);
  }

  @Mutation(() => Material, {
    description: `Назначить эксперта (пользователь с ролью EXPERT) со сроком заключения; эксперту уходит письмо, если настроена почта`,
  })
  assignReviewer(
    @Arg('id', () => ID) id: string,
    @Arg('reviewerId', () => ID) reviewerId: string,
    @Arg('dueOn', () => LocalDateResolver, {
      nullable: true,
      description: `Последний день для заключения (по времени района); без него — через ${REVIEW_DUE_DAYS} дней`,
    })
    dueOn: string | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).assignReviewer(id, reviewerId, dueOn);
  }

  @Mutation(() => Review, { description: 'Заключение назначенного эксперта: оценки по всем критериям, решение, комментарий' })
  submitReview(@Arg('id', () => ID) id: string, @Arg('review', () => ReviewInput) review: ReviewInput, @Ctx() ctx: Context) {
    return service(ctx).review(id, review);
  }

  @Mutation(() => Material, { description: 'Опубликовать: присваивается регистрационный номер и дата публикации' })
  publishMaterial(
    @Arg('id', () => ID) id: string,
    @Arg('level', () => ExpertLevel, { nullable: true }) level: ExpertLevel | undefined,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).publish(id, level ?? undefined);
  }

  @Mutation(() => Material, { description: 'Вернуть автору на доработку' })
  returnMaterialForRevision(@Arg('id', () => ID) id: string, @Arg('comment', () => String) comment: string, @Ctx() ctx: Context) {
    return service(ctx).returnForRevision(id, comment);
  }

  @Mutation(() => Material, { description: 'Отклонить' })
  rejectMaterial(@Arg('id', () => ID) id: string, @Arg('comment', () => String) comment: string, @Ctx() ctx: Context) {
    return service(ctx).reject(id, comment);
  }

  @Mutation(() => Material, {
    description: 'Отправить в архив (снимает с публикации, свидетельство перестаёт действовать) с причиной для автора',
  })
  archiveMaterial(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: Context) {
    return service(ctx).archive(id, reason);
  }

  @Query(() => LocalDateResolver, { description: `Срок заключения по умолчанию: сегодня (по времени района) плюс ${REVIEW_DUE_DAYS} дней` })
  reviewDueDefault(@Ctx() ctx: Context) {
    return service(ctx).defaultDueOn();
  }

  @Query(() => [ReviewCriterion], { description: 'Критерии экспертизы (выведенные — по запросу)' })
  reviewCriteria(@Arg('includeRetired', () => Boolean, { defaultValue: false }) includeRetired: boolean, @Ctx() { em }: Context) {
    return em.find(ReviewCriterion, inUse(includeRetired), { orderBy: { position: 'asc' } });
  }
}

/** The workflow's inner workings are for the material's author, its expert and the editors. */
function insidersOnly({ viewer }: Context, material: Material) {
  if (!isInsider(viewer, material))
    throw apiError('FORBIDDEN', 'Ход экспертизы виден редакторам, автору материала и назначенному эксперту');
}

@Resolver(() => Material)
export class MaterialWorkflowFields {
  @FieldResolver(() => [Review], { description: 'Экспертизы (редакторам, автору и эксперту)' })
  reviews(@Root() material: Material, @Ctx() ctx: Context) {
    insidersOnly(ctx, material);
    return materialReviews(ctx.em).load(material.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Назначенный эксперт (редакторам, автору и эксперту)' })
  assignedExpert(@Root() material: Material, @Ctx() ctx: Context) {
    insidersOnly(ctx, material);
    return material.reviewer?.load() ?? null;
  }

  @FieldResolver(() => LocalDateResolver, {
    nullable: true,
    description: 'До какого дня (включительно, по времени района) ждём заключение назначенного эксперта (редакторам, автору и эксперту)',
  })
  reviewDueOn(@Root() material: Material, @Ctx() ctx: Context) {
    insidersOnly(ctx, material);
    return material.reviewDueOn ?? null;
  }

  @FieldResolver(() => MethodistDecision, {
    nullable: true,
    description:
      'Почему материал возвращён или отклонён: последнее решение методиста, пока материал не отправлен снова (редакторам, автору и эксперту)',
  })
  methodistDecision(@Root() material: Material, @Ctx() ctx: Context) {
    insidersOnly(ctx, material);
    return methodistDecisions(ctx.em).load(material.id);
  }
}

@ObjectType()
class CriterionScore {
  @Field(() => String)
  code!: string;

  @Field(() => Int)
  score!: number;
}

@Resolver(() => User)
export class ExpertAssignmentFields {
  @FieldResolver(() => Int, {
    description: 'Материалов на экспертизе, назначенных эксперту и ещё не оценённых им (сам пользователь и редакторы)',
  })
  openReviewCount(@Root() user: User, @Ctx() { em, viewer }: Context) {
    if (viewer?.userId !== user.id && !canSeeUnpublished(viewer))
      throw apiError('FORBIDDEN', 'Число назначенных экспертиз видно самому эксперту и редакторам');
    return openReviewCount(em, user);
  }
}

@Resolver(() => Review)
export class ReviewFields {
  @FieldResolver(() => User)
  reviewer(@Root() review: Review) {
    return review.reviewer.load();
  }

  @FieldResolver(() => [CriterionScore])
  scores(@Root() review: Review): CriterionScore[] {
    return Object.entries(review.scores).map(([code, score]) => ({ code, score }));
  }
}
