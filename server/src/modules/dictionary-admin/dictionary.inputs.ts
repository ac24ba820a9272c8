import { ArrayMaxSize, IsOptional, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ru } from '../../common/validation.ts';

@InputType({ description: 'Предмет; при изменении — только изменяемые поля' })
export class SubjectInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(2, 100, { message: 'название — от 2 до 100 символов' })
  name?: string;

  @Field(() => [ID], { nullable: true, description: 'Уровни, на которых предмет преподают (для отчёта о пробелах банка)' })
  @IsOptional()
  @ArrayMaxSize(20, { message: ru.arrayMaxSize })
  levelIds?: string[];

  @Field(() => Int, { nullable: true, description: 'Место в списках' })
  @IsOptional()
  @Min(0, { message: ru.min })
  @Max(10_000, { message: ru.max })
  position?: number;
}

@InputType({ description: 'Уровень образования; при изменении — только изменяемые поля' })
export class EducationLevelInput {
  @Field(() => String, { nullable: true, description: 'Краткий код: ДО, НОО, ООО…' })
  @IsOptional()
  @Length(1, 20, { message: 'код — от 1 до 20 символов' })
  code?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 200, { message: 'название — от 3 до 200 символов' })
  name?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0, { message: ru.min })
  @Max(10_000, { message: ru.max })
  position?: number;
}

@InputType({ description: 'Районное методическое объединение; при изменении — только изменяемые поля' })
export class MethodAssociationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 300, { message: 'название — от 3 до 300 символов' })
  name?: string;

  @Field(() => ID, { nullable: true, description: 'Предмет объединения' })
  subjectId?: string;

  @Field(() => ID, { nullable: true, description: 'Руководитель (педагог из справочника)' })
  leaderId?: string;
}

@InputType({ description: 'Критерий экспертизы; при изменении — только изменяемые поля' })
export class ReviewCriterionInput {
  @Field(() => String, { nullable: true, description: 'Код латиницей: по нему хранятся оценки, после первых оценок не меняется' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'код — латинские строчные буквы, цифры и «_», от 2 до 40 символов, с буквы' })
  code?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 300, { message: 'название — от 3 до 300 символов' })
  name?: string;

  @Field(() => Int, { nullable: true, description: 'Высший балл, от 1 до 10' })
  @IsOptional()
  @Min(1, { message: ru.min })
  @Max(10, { message: ru.max })
  maxScore?: number;

  @Field(() => String, { nullable: true, description: 'Что значит каждый балл, по строке: «0 — …»' })
  @IsOptional()
  @MaxLength(5000, { message: ru.maxLength })
  rubric?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0, { message: ru.min })
  @Max(10_000, { message: ru.max })
  position?: number;
}
