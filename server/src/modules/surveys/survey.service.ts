import crypto from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { apiError, badInput, notFound } from '../../common/errors.ts';
import { withTransaction } from '../../common/transaction.ts';
import { authorize, can } from '../accounts/policy.ts';
import { User } from '../accounts/user.entity.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { DEFAULT_TIME_ZONE } from '../../config.ts';
import { districtDay } from '../usage/usage-recorder.ts';
import {
  QUESTION_TYPE,
  SCALE_ENDS,
  type QuestionResult,
  questionView,
  type StoredQuestion,
  Survey,
  SurveyQuestionType,
  SurveyResponse,
  type SurveyResults,
  SurveyStatus,
} from './survey.entity.ts';
import type { SurveyAnswerInput, SurveyInput, SurveyQuestionInput, SurveyUpdateInput } from './survey.inputs.ts';
import { surveyLoaders } from './survey-loaders.ts';

const CHOICE = new Set([SurveyQuestionType.SINGLE_CHOICE, SurveyQuestionType.MULTIPLE_CHOICE]);
const SCALE = ['1', '2', '3', '4', '5'];
const HOUR_MS = 3_600_000;

/** Who answers by link without signing in: the browser (its signed cookie's id) and its address. */
export interface LinkRespondent {
  browserId: string;
  ip: string;
  /** Answers by link accepted from one address to one survey per clock hour. */
  perHour: number;
}

/** A survey's key for a browser: answers of one browser cannot be linked across surveys. */
const browserKey = (surveyId: string, browserId: string) =>
  crypto.createHash('sha256').update(`${surveyId}:${browserId}`).digest('base64url');

/**
 * Needs monitoring: methodists write a survey (questions as data) and send its link; teachers
 * answer signed in (once each) or by the link; methodists read the results summarised.
 */
export class SurveyService {
  /** `timeZone`: the district's, whose days a survey's last day is counted in. */
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
    private readonly timeZone: string = DEFAULT_TIME_ZONE,
  ) {}

  /** Open: opened (not a draft), not closed by hand and not past its last day. */
  isOpen(survey: Survey): boolean {
    return survey.status === SurveyStatus.OPEN && (!survey.closesOn || districtDay(new Date(), this.timeZone) <= survey.closesOn);
  }

  /** The state respondents meet: a draft, open, or closed (by hand or past its last day). */
  status(survey: Survey): SurveyStatus {
    return survey.status === SurveyStatus.DRAFT ? SurveyStatus.DRAFT : this.isOpen(survey) ? SurveyStatus.OPEN : SurveyStatus.CLOSED;
  }

  /** Questions as stored, numbered q1, q2, … by their place; a scale keeps the words of its ends. */
  private questions(input: SurveyQuestionInput[], field: string): StoredQuestion[] {
    return input.map((q, i) => {
      const options = q.options.map((o) => o.trim()).filter(Boolean);
      if (CHOICE.has(q.type) && options.length < 2) throw badInput(`${field}[${i}].options`, 'для выбора нужно хотя бы два варианта');
      if (CHOICE.has(q.type) && new Set(options).size !== options.length) throw badInput(`${field}[${i}].options`, 'варианты повторяются');
      const question: StoredQuestion = {
        id: `q${i + 1}`,
        text: q.text.trim(),
        type: q.type,
        options: CHOICE.has(q.type) ? options : [],
        required: q.required,
      };
      if (q.type === SurveyQuestionType.SCALE) {
        const [low, high] = [q.lowLabel?.trim(), q.highLabel?.trim()];
        // The default words are not stored: a question shown with them and sent back is the same question.
        if (low && low !== SCALE_ENDS.low) question.lowLabel = low;
        if (high && high !== SCALE_ENDS.high) question.highLabel = high;
      }
      return question;
    });
  }

  /**
   * After the first answer only removals are allowed: every question given names a question kept
   * (`key`), unchanged and in its order. Returns the questions kept with their numbers, and the
   * numbers removed; undefined when the change is more than removals.
   */
  private removals(survey: Survey, input: SurveyQuestionInput[]): { kept: StoredQuestion[]; removed: string[] } | undefined {
    const kept: StoredQuestion[] = [];
    let from = 0;
    for (const q of input) {
      const at = survey.questions.findIndex((existing, i) => i >= from && existing.id === q.key);
      if (at < 0) return undefined;
      const [renumbered] = this.questions([q], 'input.questions');
      const existing = survey.questions[at]!;
      if (!isDeepStrictEqual({ ...renumbered, id: existing.id }, existing)) return undefined;
      kept.push(existing);
      from = at + 1;
    }
    return { kept, removed: survey.questions.filter((q) => !kept.includes(q)).map((q) => q.id) };
  }

  private closesOn(day: string | null | undefined, survey?: Survey): string | undefined {
    if (!day) return undefined;
    const today = districtDay(new Date(), this.timeZone);
    // A last day already behind is refused when set, not when kept.
    if (day < today && day !== survey?.closesOn) throw badInput('input.closesOn', `последний день приёма ответов ${day} уже прошёл`);
    return day;
  }

  async create(input: SurveyInput): Promise<Survey> {
    authorize(this.viewer, 'surveys.manage');
    const questions = this.questions(input.questions, 'input.questions');
    const survey = this.em.create(Survey, {
      title: input.title.trim(),
      description: input.description.trim(),
      questions,
      status: input.draft ? SurveyStatus.DRAFT : SurveyStatus.OPEN,
      closesOn: this.closesOn(input.closesOn),
      createdBy: this.em.getReference(User, this.viewer.userId),
    });
    await this.em.flush();
    return survey;
  }

  private async managed(id: string): Promise<Survey> {
    authorize(this.viewer, 'surveys.manage');
    const survey = await this.em.findOne(Survey, { id });
    if (!survey) throw notFound('Опрос', id);
    return survey;
  }

  /**
   * Title, note and last day change at any time; the questions freely while nobody has answered,
   * afterwards they can only be removed, with their answers, so that every answer kept is an
   * answer to the questions shown.
   */
  async update(id: string, input: SurveyUpdateInput): Promise<Survey> {
    const survey = await this.managed(id);
    if (input.title !== undefined && input.title !== null) survey.title = input.title.trim();
    if (input.description !== undefined && input.description !== null) survey.description = input.description.trim();
    if (input.closesOn !== undefined) survey.closesOn = this.closesOn(input.closesOn, survey);
    let removed: string[] = [];
    if (input.questions) {
      const questions = this.questions(input.questions, 'input.questions');
      // Compared as values: PostgreSQL's jsonb keeps a question's keys in its own order.
      if (!isDeepStrictEqual(questions, survey.questions)) {
        const answered = await surveyLoaders(this.em).counts.load(survey.id);
        const removal = answered ? this.removals(survey, input.questions) : undefined;
        if (answered && !removal)
          throw badInput('input.questions', `на опрос уже ответили (${answered}): вопросы можно только удалить, менять и добавлять нельзя`);
        survey.questions = removal?.kept ?? questions;
        removed = removal?.removed ?? [];
      }
    }
    await withTransaction(this.em, async () => {
      // The answers to a removed question go with it (`jsonb - text[]` drops those keys).
      if (removed.length)
        await this.em.execute(
          `update survey_response set answers = answers - array[${removed.map(() => '?').join(', ')}]::text[] where survey_id = ?`,
          [...removed, survey.id],
        );
      await this.em.flush();
    });
    return survey;
  }

  /** A draft opens to respondents: its link and the teachers' list take answers from now. */
  async open(id: string): Promise<Survey> {
    const survey = await this.managed(id);
    if (survey.status !== SurveyStatus.DRAFT)
      throw badInput(
        'id',
        survey.status === SurveyStatus.OPEN ? 'опрос уже открыт' : 'закрытый опрос снова не открывается: создайте новый',
      );
    if (survey.closesOn && survey.closesOn < districtDay(new Date(), this.timeZone))
      throw badInput('id', `последний день приёма ответов ${survey.closesOn} уже прошёл: назначьте новый срок`);
    survey.status = SurveyStatus.OPEN;
    await this.em.flush();
    return survey;
  }

  /** The survey and its answers go. */
  async delete(id: string): Promise<boolean> {
    const survey = await this.managed(id);
    await this.em.remove(survey).flush();
    return true;
  }

  async close(id: string): Promise<Survey> {
    const survey = await this.managed(id);
    survey.status = SurveyStatus.CLOSED;
    await this.em.flush();
    return survey;
  }

  /** A survey to answer: open ones for anyone signed in or holding its link; any for methodists. */
  async find(id: string | undefined, link: string | undefined): Promise<Survey | null> {
    const survey = id ? await this.em.findOne(Survey, { id }) : link ? await this.em.findOne(Survey, { linkToken: link }) : null;
    if (!survey) return null;
    if (can(this.viewer, 'surveys.manage') || link) return survey;
    return this.viewer && this.isOpen(survey) ? survey : null;
  }

  async list(): Promise<Survey[]> {
    if (!this.viewer) return [];
    const where = can(this.viewer, 'surveys.manage')
      ? {}
      : { status: SurveyStatus.OPEN, $or: [{ closesOn: null }, { closesOn: { $gte: districtDay(new Date(), this.timeZone) } }] };
    return this.em.find(Survey, where, { orderBy: { createdAt: 'desc' }, limit: 100 });
  }

  /** The stored number of the question an answer names by its `id` or its number. */
  private questionKey(survey: Survey, questionId: string): string | undefined {
    const byKey = survey.questions.find((q) => q.id === questionId);
    if (byKey) return byKey.id;
    const decoded = /^[A-Za-z0-9_-]{1,200}$/.test(questionId) ? Buffer.from(questionId, 'base64url').toString('utf8') : '';
    const prefix = `${QUESTION_TYPE}:${survey.id}:`;
    return decoded.startsWith(prefix) ? survey.questions.find((q) => q.id === decoded.slice(prefix.length))?.id : undefined;
  }

  /**
   * Checks every answer against its question. A signed-in teacher answers once; without signing in
   * (`link`), a browser answers once and one address at most `perHour` times an hour.
   */
  async answer(survey: Survey, answers: SurveyAnswerInput[], link?: LinkRespondent): Promise<SurveyResponse> {
    if (survey.status === SurveyStatus.DRAFT) throw apiError('FORBIDDEN', `Опрос «${survey.title}» ещё не открыт`);
    if (!this.isOpen(survey)) throw apiError('FORBIDDEN', `Опрос «${survey.title}» закрыт`);
    const given = new Map<string, SurveyAnswerInput>();
    for (const [i, answer] of answers.entries()) {
      const key = this.questionKey(survey, answer.questionId);
      if (!key) throw badInput(`answers[${i}].questionId`, `в опросе нет вопроса ${answer.questionId}`);
      if (given.has(key)) throw badInput(`answers[${i}].questionId`, `на вопрос ${key} ответ дан дважды`);
      given.set(key, answer);
    }
    const stored: SurveyResponse['answers'] = {};
    for (const question of survey.questions) {
      const answer = given.get(question.id);
      const field = `answers[${question.id}]`;
      if (question.type === SurveyQuestionType.TEXT) {
        const text = answer?.text?.trim();
        if (text) stored[question.id] = text;
      } else if (question.type === SurveyQuestionType.SCALE) {
        if (answer?.score !== undefined && answer.score !== null) stored[question.id] = answer.score;
      } else if (answer?.choices?.length) {
        const choices = [...new Set(answer.choices)];
        if (choices.some((c) => c < 0 || c >= question.options.length))
          throw badInput(field, `варианты — от 0 до ${question.options.length - 1}`);
        if (question.type === SurveyQuestionType.SINGLE_CHOICE && choices.length > 1)
          throw badInput(field, 'здесь выбирается один вариант');
        stored[question.id] = choices.sort((a, b) => a - b);
      }
      if (question.required && stored[question.id] === undefined) throw badInput(field, `вопрос «${question.text}» обязателен`);
    }
    const byLink = !this.viewer && link !== undefined;
    const response = this.em.create(SurveyResponse, {
      survey,
      respondent: this.viewer ? this.em.getReference(User, this.viewer.userId) : undefined,
      byLink,
      browserKey: byLink ? browserKey(survey.id, link.browserId) : undefined,
      answers: stored,
    });
    try {
      await withTransaction(this.em, async () => {
        if (byLink) await this.countLinkAnswer(survey, link);
        await this.em.flush();
      });
    } catch (error) {
      // One answer per signed-in teacher or per browser: the unique indexes decide, also between two tabs at once.
      if (error instanceof UniqueConstraintViolationException)
        throw apiError('BAD_USER_INPUT', byLink ? 'С этого браузера на опрос уже ответили' : 'Вы уже ответили на этот опрос', {
          argument: byLink ? 'link' : 'id',
        });
      throw error;
    }
    return response;
  }

  /**
   * Counts an answer by link against its address's hourly cap, in the answer's transaction: only
   * answers that are kept count, and every server counts in the same row (`rate_counter`).
   */
  private async countLinkAnswer(survey: Survey, link: LinkRespondent) {
    const [row] = await this.em.execute<Array<{ hits: number }>>(
      `insert into rate_counter (key, window_start, hits) values (?, date_trunc('hour', now()), 1)
       on conflict (key, window_start) do update set hits = rate_counter.hits + 1 returning hits`,
      [`survey-link:${survey.id}:${link.ip}`],
    );
    if (row!.hits <= link.perHour) return;
    const retryAfter = String(Math.max(1, Math.ceil((HOUR_MS - (Date.now() % HOUR_MS)) / 1000)));
    throw apiError(
      'RATE_LIMITED',
      `С одного адреса на опрос «${survey.title}» принимается не больше ${link.perHour} ответов по ссылке в час; повторите через ${Math.ceil(Number(retryAfter) / 60)} мин или войдите в систему`,
      {
        http: { status: 429, headers: new Map([['retry-after', retryAfter]]) },
      },
    );
  }

  /** Counts per option and score, the average score, the free answers; each with how many came by link. */
  async results(survey: Survey): Promise<SurveyResults> {
    authorize(this.viewer, 'surveys.manage');
    const responses = await surveyLoaders(this.em).responses.load(survey.id);
    const questions = survey.questions.map((question): QuestionResult => {
      const given = responses.flatMap((r) =>
        r.answers[question.id] === undefined ? [] : [{ value: r.answers[question.id]!, byLink: r.byLink }],
      );
      const tally = (picked: (value: (typeof given)[number]['value']) => boolean) => {
        const matching = given.filter((g) => picked(g.value));
        return { count: matching.length, byLink: matching.filter((g) => g.byLink).length };
      };
      const base = {
        question: questionView(survey, question),
        answered: given.length,
        answeredByLink: given.filter((g) => g.byLink).length,
        counts: [],
        average: null,
        texts: [],
        textAnswers: [],
      };
      if (question.type === SurveyQuestionType.TEXT) {
        const textAnswers = given.slice(0, 200).map((g) => ({ text: g.value as string, byLink: g.byLink }));
        return { ...base, textAnswers, texts: textAnswers.map((a) => a.text) };
      }
      if (question.type === SurveyQuestionType.SCALE) {
        const scores = given.map((g) => g.value as number);
        return {
          ...base,
          counts: SCALE.map((option) => ({ option, ...tally((score) => String(score) === option) })),
          average: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null,
        };
      }
      return { ...base, counts: question.options.map((option, i) => ({ option, ...tally((chosen) => (chosen as number[]).includes(i)) })) };
    });
    const byLink = responses.filter((r) => r.byLink).length;
    return { responses: responses.length, byLink, signedIn: responses.length - byLink, questions };
  }
}
