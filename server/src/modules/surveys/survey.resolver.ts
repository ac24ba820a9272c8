import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { apiError, notFound } from '../../common/errors.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { can } from '../accounts/policy.ts';
import { DEFAULT_TIME_ZONE } from '../../config.ts';
import { questionView, Survey, SurveyQuestion, SurveyResults, SurveyStatus } from './survey.entity.ts';
import { surveyLoaders } from './survey-loaders.ts';
import { SurveyAnswerInput, SurveyInput, SurveyUpdateInput } from './survey.inputs.ts';
import { SurveyService } from './survey.service.ts';

const surveyId = (id: string | undefined) => (id ? fromGlobalId(id, 'id', ['Survey']).id : undefined);
const surveys = ({ em, viewer, usage }: Context) => new SurveyService(em, viewer, usage?.timeZone ?? DEFAULT_TIME_ZONE);

@Resolver(() => Survey)
export class SurveyResolver {
  @Query(() => [Survey], { description: 'Опросы: методистам — все, педагогам — открытые' })
  surveys(@Ctx() ctx: Context) {
    return surveys(ctx).list();
  }

  @Query(() => Survey, { nullable: true, description: 'Опрос по id (войдя) или по ссылке (link из адреса /surveys/<link>)' })
  survey(
    @Arg('id', () => ID, { nullable: true }) id: string | undefined,
    @Arg('link', () => String, { nullable: true }) link: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return surveys(ctx).find(surveyId(id), link ?? undefined);
  }

  @Mutation(() => Survey, { description: 'Создать опрос (методист): вопросы с вариантами, оценкой 1–5 или свободным ответом' })
  createSurvey(@Arg('input', () => SurveyInput) input: SurveyInput, @Ctx() ctx: Context) {
    return surveys(ctx).create(input);
  }

  @Mutation(() => Survey, { description: 'Изменить опрос (методист): название, пояснение и срок — всегда, вопросы — пока нет ответов' })
  updateSurvey(@Arg('id', () => ID) id: string, @Arg('input', () => SurveyUpdateInput) input: SurveyUpdateInput, @Ctx() ctx: Context) {
    return surveys(ctx).update(surveyId(id)!, input);
  }

  @Mutation(() => Boolean, { description: 'Удалить опрос вместе с ответами (методист); они не восстанавливаются' })
  deleteSurvey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return surveys(ctx).delete(surveyId(id)!);
  }

  @Mutation(() => Survey, { description: 'Открыть черновик опроса: с этого момента принимаются ответы (методист)' })
  openSurvey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return surveys(ctx).open(surveyId(id)!);
  }

  @Mutation(() => Survey, { description: 'Закрыть опрос: ответы больше не принимаются' })
  closeSurvey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return surveys(ctx).close(surveyId(id)!);
  }

  @Mutation(() => Boolean, { description: 'Ответить на опрос: войдя (один раз) или по ссылке' })
  async answerSurvey(
    @Arg('id', () => ID, { nullable: true }) id: string | undefined,
    @Arg('link', () => String, { nullable: true }) link: string | undefined,
    @Arg('answers', () => [SurveyAnswerInput]) answers: SurveyAnswerInput[],
    @Ctx() ctx: Context,
  ) {
    const { viewer, browser, clientIp, surveyLinkAnswersPerHour } = ctx;
    if (!viewer && !link) throw apiError('UNAUTHENTICATED', 'Войдите в систему или откройте опрос по ссылке');
    const service = surveys(ctx);
    const survey = await service.find(surveyId(id), link ?? undefined);
    if (!survey) throw notFound('Опрос', id ?? link ?? '');
    await service.answer(
      survey,
      answers,
      viewer ? undefined : { browserId: browser.id(), ip: clientIp, perHour: surveyLinkAnswersPerHour },
    );
    return true;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Ссылка для ответа (/surveys/<link>): методистам всегда, вошедшим педагогам — пока опрос открыт',
  })
  link(@Root() survey: Survey, @Ctx() ctx: Context) {
    // The link only lets one answer, which a signed-in teacher may do anyway while the survey is open.
    return can(ctx.viewer, 'surveys.manage') || (ctx.viewer && surveys(ctx).isOpen(survey)) ? `/surveys/${survey.linkToken}` : null;
  }

  @FieldResolver(() => SurveyStatus, {
    description: 'Принимает ли ответы: черновик — ещё нет; закрытый вручную или после последнего дня — закрыт',
  })
  status(@Root() survey: Survey, @Ctx() ctx: Context) {
    return surveys(ctx).status(survey);
  }

  @FieldResolver(() => [SurveyQuestion])
  questions(@Root() survey: Survey): SurveyQuestion[] {
    return survey.questions.map((question) => questionView(survey, question));
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
  results(@Root() survey: Survey, @Ctx() ctx: Context) {
    return surveys(ctx).results(survey);
  }
}
