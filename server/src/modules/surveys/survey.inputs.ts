import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, InputType, Int } from 'type-graphql';
import { SurveyQuestionType } from './survey.entity.ts';

@InputType({ description: 'Вопрос нового опроса' })
export class SurveyQuestionInput {
  @Field(() => String)
  @Length(3, 500, { message: 'текст вопроса — от 3 до 500 символов' })
  text!: string;

  @Field(() => SurveyQuestionType)
  type!: SurveyQuestionType;

  @Field(() => [String], { defaultValue: [], description: 'Варианты для выбора: от 2 до 20' })
  @ArrayMaxSize(20, { message: 'не больше 20 вариантов' })
  @Length(1, 200, { each: true, message: 'вариант — от 1 до 200 символов' })
  options!: string[];

  @Field(() => Boolean, { defaultValue: true })
  required!: boolean;

  @Field(() => String, { nullable: true, description: 'Для оценки: что значит 1 («совсем нет», если не задано)' })
  @IsOptional()
  @Length(0, 100, { message: 'подпись края шкалы — до 100 символов' })
  lowLabel?: string;

  @Field(() => String, { nullable: true, description: 'Для оценки: что значит 5 («полностью», если не задано)' })
  @IsOptional()
  @Length(0, 100, { message: 'подпись края шкалы — до 100 символов' })
  highLabel?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Номер вопроса, который остаётся (SurveyQuestion.key); после первого ответа вопросы только удаляются, и оставшиеся называются номерами',
  })
  @IsOptional()
  @Length(1, 20)
  key?: string;
}

@InputType({ description: 'Новый опрос' })
export class SurveyInput {
  @Field(() => String)
  @Length(3, 300, { message: 'название — от 3 до 300 символов' })
  title!: string;

  @Field(() => String, { defaultValue: '' })
  @Length(0, 3000, { message: 'описание — не длиннее 3000 символов' })
  description!: string;

  @Field(() => [SurveyQuestionInput])
  @ArrayMinSize(1, { message: 'нужен хотя бы один вопрос' })
  @ArrayMaxSize(50, { message: 'не больше 50 вопросов' })
  @ValidateNested({ each: true })
  questions!: SurveyQuestionInput[];

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Последний день приёма ответов, включительно; без него — пока опрос не закроют',
  })
  closesOn?: string;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Сохранить черновиком: ответы не принимаются, пока опрос не откроют (openSurvey)',
  })
  draft!: boolean;
}

@InputType({ description: 'Изменения опроса: только изменяемые поля. Вопросы меняются, пока нет ответов' })
export class SurveyUpdateInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 300, { message: 'название — от 3 до 300 символов' })
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 3000, { message: 'описание — не длиннее 3000 символов' })
  description?: string;

  @Field(() => [SurveyQuestionInput], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'нужен хотя бы один вопрос' })
  @ArrayMaxSize(50, { message: 'не больше 50 вопросов' })
  @ValidateNested({ each: true })
  questions?: SurveyQuestionInput[];

  @Field(() => LocalDateResolver, { nullable: true, description: 'Последний день приёма ответов; null — без срока' })
  closesOn?: string | null;
}

@InputType({ description: 'Ответ на один вопрос: номера выбранных вариантов (с 0), оценка 1–5 или текст' })
export class SurveyAnswerInput {
  @Field(() => String, { description: 'Вопрос: его id (SurveyQuestion.id) или номер key (q1)' })
  @Length(1, 200)
  questionId!: string;

  @Field(() => [Int], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  choices?: number[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(5)
  score?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 3000, { message: 'ответ — до 3000 символов' })
  text?: string;
}
