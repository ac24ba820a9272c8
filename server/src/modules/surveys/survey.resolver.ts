import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { apiError, notFound } from '../../common/errors.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { can } from '../accounts/policy.ts';
import { Survey, SurveyResults, SurveyStatus } from './survey.entity.ts';
import { surveyLoaders } from './survey-loaders.ts';
import { SurveyAnswerInput, SurveyInput } from './survey.inputs.ts';
import { SurveyService } from './survey.service.ts';

const surveyId = (id: string | undefined) => (id ? fromGlobalId(id, 'id', ['Survey']).id : undefined);

@Resolver(() => Survey)
export class SurveyResolver {
  @Query(() => [Survey], { description: 'Опросы: методистам — все, педагогам — открытые' })
  surveys(@Ctx() { em, viewer }: Context) {
    return new SurveyService(em, viewer).list();
  }

  @Query(() => Survey, { nullable: true, description: 'Опрос по id (войдя) или по ссылке (link из адреса /surveys/<link>)' })
  survey(@Arg('id', () => ID, { nullable: true }) id: string | undefined, @Arg('link', () => String, { nullable: true }) link: string | undefined, @Ctx() { em, viewer }: Context) {
    return new SurveyService(em, viewer).find(surveyId(id), link ?? undefined);
  }

  @Mutation(() => Survey, { description: 'Создать опрос (методист): вопросы с вариантами, оценкой 1–5 или свободным ответом' })
  createSurvey(@Arg('input', () => SurveyInput) input: SurveyInput, @Ctx() { em, viewer }: Context) {
    return new SurveyService(em, viewer).create(input);
  }

  @Mutation(() => Survey, { description: 'Закрыть опрос: ответы больше не принимаются' })
  closeSurvey(@Arg('id', () => ID) id: string, @Ctx() { em, viewer }: Context) {
    return new SurveyService(em, viewer).close(surveyId(id)!);
  }

  @Mutation(() => Boolean, { description: 'Ответить на опрос: войдя (один раз) или по ссылке' })
  async answerSurvey(
    @Arg('id', () => ID, { nullable: true }) id: string | undefined,
    @Arg('link', () => String, { nullable: true }) link: string | undefined,
    @Arg('answers', () => [SurveyAnswerInput]) answers: SurveyAnswerInput[],
    @Ctx() { em, viewer, browser, clientIp, surveyLinkAnswersPerHour }: Context,
  ) {
    if (!viewer && !link) throw apiError('UNAUTHENTICATED', 'Войдите в систему или откройте опрос по ссылке');
    const service = new SurveyService(em, viewer);
    const survey = await service.find(surveyId(id), link ?? undefined);
    if (!survey) throw notFound('Опрос', id ?? link ?? '');
    await service.answer(survey, answers, viewer ? undefined : { browserId: browser.id(), ip: clientIp, perHour: surveyLinkAnswersPerHour });
    return true;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Ссылка для ответа (/surveys/<link>): методистам всегда, вошедшим педагогам — пока опрос открыт' })
  link(@Root() survey: Survey, @Ctx() { viewer }: Context) {
    // The link only lets one answer, which a signed-in teacher may do anyway while the survey is open.
    return can(viewer, 'surveys.manage') || (viewer && survey.status === SurveyStatus.OPEN) ? `/surveys/${survey.linkToken}` : null;
  }

  @FieldResolver(() => Boolean, { description: 'Ответил ли уже вошедший (без входа — false)' })
  answeredByMe(@Root() survey: Survey, @Ctx() { em, viewer }: Context) {
    return viewer ? surveyLoaders(em).answered.load(`${survey.id}|${viewer.userId}`) : false;
  }

  @FieldResolver(() => Int, { description: 'Сколько ответов получено' })
  responseCount(@Root() survey: Survey, @Ctx() { em }: Context) {
    return surveyLoaders(em).counts.load(survey.id);
  }

  @FieldResolver(() => SurveyResults, { description: 'Итоги: по вариантам, средние оценки, свободные ответы (методистам)' })
  results(@Root() survey: Survey, @Ctx() { em, viewer }: Context) {
    return new SurveyService(em, viewer).results(survey);
  }
}
