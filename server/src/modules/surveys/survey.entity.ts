import { randomBytes } from 'node:crypto';
import { Entity, Enum, ManyToOne, Property, type Opt, type Ref, Unique } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id.ts';
import { registerLabelledEnum } from '../../common/enums.ts';
import { NodeEntity } from '../../common/node.entity.ts';
import { User } from '../accounts/user.entity.ts';

export enum SurveyQuestionType {
  SINGLE_CHOICE = 'SINGLE_CHOICE',
  MULTIPLE_CHOICE = 'MULTIPLE_CHOICE',
  SCALE = 'SCALE',
  TEXT = 'TEXT',
}
registerLabelledEnum(SurveyQuestionType, 'SurveyQuestionType', 'Вид вопроса', {
  SINGLE_CHOICE: 'один вариант',
  MULTIPLE_CHOICE: 'несколько вариантов',
  SCALE: 'оценка от 1 до 5',
  TEXT: 'свободный ответ',
});

export enum SurveyStatus {
  /** Saved by its methodist, not yet open to respondents. */
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerLabelledEnum(SurveyStatus, 'SurveyStatus', 'Состояние опроса', {
  DRAFT: 'черновик: ответы ещё не принимаются',
  OPEN: 'принимает ответы',
  CLOSED: 'закрыт',
});

/** A question as stored on its survey: `id` is its number within the survey (q1, q2, …). */
export interface StoredQuestion {
  id: string;
  text: string;
  type: SurveyQuestionType;
  options: string[];
  required: boolean;
  /** A scale's words for its ends (1 and 5); absent for other kinds and for scales written before them. */
  lowLabel?: string;
  highLabel?: string;
}

/** What a scale's ends say when its methodist wrote nothing else. */
export const SCALE_ENDS = { low: 'совсем нет', high: 'полностью' };

/**
 * A question as the API shows it. Its `id` is global (the survey's and the question's number), so
 * that the questions of two surveys never meet in a client's normalised cache; `key` is the number.
 */
@ObjectType({ description: 'Вопрос опроса' })
export class SurveyQuestion {
  @Field(() => ID, { description: 'Глобальный идентификатор вопроса (опрос и номер вопроса)' })
  id!: string;

  @Field(() => String, { description: 'Номер вопроса в опросе: q1, q2, …' })
  key!: string;

  @Field(() => String)
  text!: string;

  @Field(() => SurveyQuestionType)
  type!: SurveyQuestionType;

  @Field(() => [String], { description: 'Варианты ответа (для выбора)' })
  options!: string[];

  @Field(() => Boolean)
  required!: boolean;

  @Field(() => String, { nullable: true, description: 'Для оценки: что значит 1 (по умолчанию «совсем нет»); для других вопросов — null' })
  lowLabel!: string | null;

  @Field(() => String, { nullable: true, description: 'Для оценки: что значит 5 (по умолчанию «полностью»); для других вопросов — null' })
  highLabel!: string | null;
}

export const QUESTION_TYPE = 'SurveyQuestion';

/** The API's view of a stored question. */
export const questionView = (survey: { id: string }, question: StoredQuestion): SurveyQuestion => {
  const scale = question.type === SurveyQuestionType.SCALE;
  return {
    ...question,
    id: toGlobalId(QUESTION_TYPE, `${survey.id}:${question.id}`),
    key: question.id,
    lowLabel: scale ? question.lowLabel || SCALE_ENDS.low : null,
    highLabel: scale ? question.highLabel || SCALE_ENDS.high : null,
  };
};

/** The centre's monitoring of teachers' professional needs: a short questionnaire with answers as data. */
@ObjectType({ implements: NodeEntity, description: 'Опрос (мониторинг профессиональных потребностей)' })
@Entity()
export class Survey extends NodeEntity {
  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String)
  @Property({ type: 'text', default: '' })
  description: Opt<string> = '';

  @Property({ type: 'json' })
  questions!: StoredQuestion[];

  /** A draft until opened; closed by hand; a survey past its last day is closed too (see `SurveyService.status`). */
  @Enum({ items: () => SurveyStatus, nativeEnumName: 'survey_status' })
  status: Opt<SurveyStatus> = SurveyStatus.OPEN;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Последний день приёма ответов (по времени района), включительно' })
  @Property({ type: 'date', nullable: true })
  closesOn?: string;

  /** Lets people answer by link without signing in; shown to methodists, and to signed-in teachers while open. */
  @Property({ type: 'text' })
  @Unique()
  linkToken: Opt<string> = randomBytes(12).toString('base64url');

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  createdBy?: Ref<User>;
}

@Entity()
@Unique({ properties: ['survey', 'respondent'] })
@Unique({ properties: ['survey', 'browserKey'] })
export class SurveyResponse extends NodeEntity {
  @ManyToOne(() => Survey, { ref: true, deleteRule: 'cascade', index: true })
  survey!: Ref<Survey>;

  /** Signed-in respondents answer once; answers by link have none. */
  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  respondent?: Ref<User>;

  /** Came by link without signing in (kept apart: the respondent of a signed-in answer may be deleted later). */
  @Property({ type: 'boolean', default: false })
  byLink: Opt<boolean> = false;

  /**
   * For an answer by link, the browser that gave it: a hash of the survey and the id in the browser's
   * signed cookie, so one browser answers once, and answers cannot be linked across surveys.
   */
  @Property({ type: 'text', nullable: true, hidden: true })
  browserKey?: string;

  /** Question id → chosen option indexes, a 1–5 score, or text. */
  @Property({ type: 'json' })
  answers!: Record<string, number[] | number | string>;
}

@ObjectType({ description: 'Сколько раз выбран вариант ответа' })
export class OptionCount {
  @Field(() => String)
  option!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Int, { description: 'Из них — в ответах по ссылке без входа' })
  byLink!: number;
}

@ObjectType({ description: 'Свободный ответ и как он получен' })
export class SurveyTextAnswer {
  @Field(() => String)
  text!: string;

  @Field(() => Boolean, { description: 'Получен по ссылке без входа (иначе — от вошедшего педагога)' })
  byLink!: boolean;
}

@ObjectType({ description: 'Итоги по одному вопросу' })
export class QuestionResult {
  @Field(() => SurveyQuestion)
  question!: SurveyQuestion;

  @Field(() => Int, { description: 'Сколько ответили на вопрос' })
  answered!: number;

  @Field(() => Int, { description: 'Из них — по ссылке без входа' })
  answeredByLink!: number;

  @Field(() => [OptionCount], { description: 'Для выбора и оценки: сколько раз выбран каждый вариант' })
  counts!: OptionCount[];

  @Field(() => Float, { nullable: true, description: 'Для оценки: средний балл' })
  average!: number | null;

  @Field(() => [String], {
    description: 'Для свободного ответа: ответы (первые 200)',
    deprecationReason: 'textAnswers: те же ответы с пометкой, получен ли ответ по ссылке',
  })
  texts!: string[];

  @Field(() => [SurveyTextAnswer], { description: 'Для свободного ответа: ответы (первые 200), с пометкой, получен ли ответ по ссылке' })
  textAnswers!: SurveyTextAnswer[];
}

@ObjectType({ description: 'Итоги опроса' })
export class SurveyResults {
  @Field(() => Int)
  responses!: number;

  @Field(() => Int, { description: 'Из них по ссылке без входа (один ответ с браузера)' })
  byLink!: number;

  @Field(() => Int, { description: 'Из них от вошедших педагогов (один ответ с учётной записи)' })
  signedIn!: number;

  @Field(() => [QuestionResult])
  questions!: QuestionResult[];
}
