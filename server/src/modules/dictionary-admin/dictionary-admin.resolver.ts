import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context.ts';
import { EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { MethodAssociation } from '../people/method-association.entity.ts';
import { ReviewCriterion } from '../reviews/review.entity.ts';
import { EducationLevelInput, MethodAssociationInput, ReviewCriterionInput, SubjectInput } from './dictionary.inputs.ts';
import { DictionaryService } from './dictionary.service.ts';

/**
 * Keeping the dictionaries (methodists): add, rename, merge, retire. A module of its own above
 * dictionaries, people and reviews, because a merge moves every use of an entry across them.
 */
const service = ({ em, viewer }: Context) => new DictionaryService(em, viewer);

@Resolver(() => Subject)
export class SubjectAdminResolver {
  @Mutation(() => Subject, { description: 'Добавить предмет (методист)' })
  createSubject(@Arg('input', () => SubjectInput) input: SubjectInput, @Ctx() ctx: Context) {
    return service(ctx).createSubject(input);
  }

  @Mutation(() => Subject, { description: 'Переименовать предмет, задать его уровни и место в списке (методист)' })
  updateSubject(@Arg('id', () => ID) id: string, @Arg('input', () => SubjectInput) input: SubjectInput, @Ctx() ctx: Context) {
    return service(ctx).updateSubject(id, input);
  }

  @Mutation(() => Subject, {
    description: 'Объединить дубликаты предметов: материалы, педагоги и МО переходят к targetId, дубликаты удаляются',
  })
  mergeSubjects(@Arg('targetId', () => ID) targetId: string, @Arg('sourceIds', () => [ID]) sourceIds: string[], @Ctx() ctx: Context) {
    return service(ctx).mergeSubjects(targetId, sourceIds);
  }

  @Mutation(() => Subject, { description: 'Вывести предмет из употребления: остаётся у материалов, новым не предлагается' })
  retireSubject(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).retire('Subject', id, true);
  }

  @Mutation(() => Subject, { description: 'Вернуть предмет в употребление' })
  restoreSubject(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).retire('Subject', id, false);
  }
}

@Resolver(() => EducationLevel)
export class EducationLevelAdminResolver {
  @Mutation(() => EducationLevel, { description: 'Добавить уровень образования (методист)' })
  createEducationLevel(@Arg('input', () => EducationLevelInput) input: EducationLevelInput, @Ctx() ctx: Context) {
    return service(ctx).createEducationLevel(input);
  }

  @Mutation(() => EducationLevel, { description: 'Переименовать уровень образования (методист)' })
  updateEducationLevel(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => EducationLevelInput) input: EducationLevelInput,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).updateEducationLevel(id, input);
  }

  @Mutation(() => EducationLevel, { description: 'Объединить дубликаты уровней: материалы и предметы переходят к targetId' })
  mergeEducationLevels(
    @Arg('targetId', () => ID) targetId: string,
    @Arg('sourceIds', () => [ID]) sourceIds: string[],
    @Ctx() ctx: Context,
  ) {
    return service(ctx).mergeEducationLevels(targetId, sourceIds);
  }

  @Mutation(() => EducationLevel, { description: 'Вывести уровень из употребления' })
  retireEducationLevel(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).retire('EducationLevel', id, true);
  }

  @Mutation(() => EducationLevel, { description: 'Вернуть уровень в употребление' })
  restoreEducationLevel(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).retire('EducationLevel', id, false);
  }
}

@Resolver(() => MethodAssociation)
export class MethodAssociationAdminResolver {
  @Mutation(() => MethodAssociation, { description: 'Добавить методическое объединение (методист)' })
  createMethodAssociation(@Arg('input', () => MethodAssociationInput) input: MethodAssociationInput, @Ctx() ctx: Context) {
    return service(ctx).createMethodAssociation(input);
  }

  @Mutation(() => MethodAssociation, { description: 'Переименовать МО, сменить предмет или руководителя (методист)' })
  updateMethodAssociation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => MethodAssociationInput) input: MethodAssociationInput,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).updateMethodAssociation(id, input);
  }

  @Mutation(() => MethodAssociation, { description: 'Объединить дубликаты МО: участники переходят к targetId' })
  mergeMethodAssociations(
    @Arg('targetId', () => ID) targetId: string,
    @Arg('sourceIds', () => [ID]) sourceIds: string[],
    @Ctx() ctx: Context,
  ) {
    return service(ctx).mergeMethodAssociations(targetId, sourceIds);
  }

  @Mutation(() => MethodAssociation, { description: 'Отметить, что МО больше не работает' })
  retireMethodAssociation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).retire('MethodAssociation', id, true);
  }

  @Mutation(() => MethodAssociation, { description: 'Вернуть МО в список действующих' })
  restoreMethodAssociation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).retire('MethodAssociation', id, false);
  }
}

@Resolver(() => ReviewCriterion)
export class ReviewCriterionResolver {
  @Mutation(() => ReviewCriterion, { description: 'Добавить критерий экспертизы с описанием баллов (методист)' })
  createReviewCriterion(@Arg('input', () => ReviewCriterionInput) input: ReviewCriterionInput, @Ctx() ctx: Context) {
    return service(ctx).createReviewCriterion(input);
  }

  @Mutation(() => ReviewCriterion, {
    description: 'Изменить название, описание баллов или место критерия; код и высший балл — пока по нему нет оценок',
  })
  updateReviewCriterion(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ReviewCriterionInput) input: ReviewCriterionInput,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).updateReviewCriterion(id, input);
  }

  @Mutation(() => ReviewCriterion, { description: 'Вывести критерий: новые заключения его не содержат, прежние сохраняют оценку' })
  retireReviewCriterion(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).retire('ReviewCriterion', id, true);
  }

  @Mutation(() => ReviewCriterion, { description: 'Вернуть критерий в экспертизу' })
  restoreReviewCriterion(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).retire('ReviewCriterion', id, false);
  }
}
