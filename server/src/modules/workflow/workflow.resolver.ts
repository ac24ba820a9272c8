import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.ts';
import { apiError } from '../../common/errors.ts';
import { isEditor } from '../accounts/policy.ts';
import { User } from '../accounts/user.entity.ts';
import { Material } from '../materials/material.entity.ts';
import { ExpertLevel } from '../materials/material.enums.ts';
import { inUse } from '../dictionaries/retirable.entity.ts';
import { Review, ReviewCriterion } from '../reviews/review.entity.ts';
import { MaterialRevision } from './revision.entity.ts';
import { CreateMaterialInput, ReviewInput, UpdateMaterialInput } from './workflow.inputs.ts';
import { WorkflowService } from './workflow.service.ts';

const service = ({ em, viewer }: Context) => new WorkflowService(em, viewer);

@Resolver()
export class WorkflowResolver {
  @Mutation(() => Material, { description: 'Создать черновик материала любого вида' })
  createMaterial(@Arg('input', () => CreateMaterialInput) input: CreateMaterialInput, @Ctx() ctx: Context) {
    return service(ctx).create(input);
  }

  @Mutation(() => Material, { description: 'Изменить материал; version — версия, с которой начата правка' })
  updateMaterial(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => UpdateMaterialInput) input: UpdateMaterialInput,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).update(id, version, input);
  }

  @Mutation(() => Material, { description: 'Отправить черновик на экспертизу' })
  submitMaterialForReview(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).submit(id);
  }

  @Mutation(() => Material, { description: 'Назначить эксперта (пользователь с ролью EXPERT)' })
  assignReviewer(@Arg('id', () => ID) id: string, @Arg('reviewerId', () => ID) reviewerId: string, @Ctx() ctx: Context) {
    return service(ctx).assignReviewer(id, reviewerId);
  }

  @Mutation(() => Review, { description: 'Заключение назначенного эксперта: оценки по всем критериям, решение, комментарий' })
  submitReview(@Arg('id', () => ID) id: string, @Arg('review', () => ReviewInput) review: ReviewInput, @Ctx() ctx: Context) {
    return service(ctx).review(id, review);
  }

  @Mutation(() => Material, { description: 'Опубликовать: присваивается регистрационный номер и дата публикации' })
  publishMaterial(@Arg('id', () => ID) id: string, @Arg('level', () => ExpertLevel, { nullable: true }) level: ExpertLevel | undefined, @Ctx() ctx: Context) {
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

  @Mutation(() => Material, { description: 'Отправить в архив (снимает с публикации)' })
  archiveMaterial(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).archive(id);
  }

  @Mutation(() => Material, { description: 'Восстановить поля из прежней редакции (как новую редакцию)' })
  restoreMaterialRevision(
    @Arg('id', () => ID) id: string,
    @Arg('revisionId', () => ID) revisionId: string,
    @Arg('version', () => Int) version: number,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).restore(id, revisionId, version);
  }

  @Query(() => [ReviewCriterion], { description: 'Критерии экспертизы (выведенные — по запросу)' })
  reviewCriteria(@Arg('includeRetired', () => Boolean, { defaultValue: false }) includeRetired: boolean, @Ctx() { em }: Context) {
    return em.find(ReviewCriterion, inUse(includeRetired), { orderBy: { position: 'asc' } });
  }
}

/** Who may see a material's inner workings: editors, its author, its expert. */
function insider(ctx: Context, material: Material): boolean {
  const viewer = ctx.viewer;
  return !!viewer && (isEditor(viewer) || material.createdBy?.id === viewer.userId || material.reviewer?.id === viewer.userId);
}

@Resolver(() => Material)
export class MaterialWorkflowFields {
  @FieldResolver(() => [MaterialRevision], { description: 'История изменений (редакторам, автору и эксперту)' })
  revisions(@Root() material: Material, @Ctx() ctx: Context) {
    if (!insider(ctx, material)) throw apiError('FORBIDDEN', 'История изменений доступна редакторам и автору материала');
    return ctx.em.find(MaterialRevision, { material: material.id }, { orderBy: { version: 'desc', createdAt: 'desc' } });
  }

  @FieldResolver(() => [Review], { description: 'Экспертизы (редакторам, автору и эксперту)' })
  reviews(@Root() material: Material, @Ctx() ctx: Context) {
    if (!insider(ctx, material)) throw apiError('FORBIDDEN', 'Экспертизы доступны редакторам и автору материала');
    return ctx.em.find(Review, { material: material.id }, { orderBy: { createdAt: 'asc' } });
  }
}

@ObjectType()
class CriterionScore {
  @Field(() => String)
  code!: string;

  @Field(() => Int)
  score!: number;
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

@Resolver(() => MaterialRevision)
export class RevisionFields {
  @FieldResolver(() => User, { nullable: true })
  author(@Root() revision: MaterialRevision) {
    return revision.author?.load() ?? null;
  }
}
