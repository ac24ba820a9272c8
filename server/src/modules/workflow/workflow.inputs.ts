import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, MinLength } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ru } from '../../common/validation.ts';
import { ExpertLevel, LegalStatus, MaterialKind, MethodologicalMaterialType } from '../materials/material.enums.ts';
import { ReviewDecision } from '../reviews/review.entity.ts';

/** The editable fields, all optional: an update sends only what changes. */
@InputType({ description: 'Изменения материала: только изменяемые поля' })
export class UpdateMaterialInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(3, { message: (a) => `не короче ${a.constraints[0]} символов` })
  @MaxLength(500, { message: ru.maxLength })
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000, { message: ru.maxLength })
  summary?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1_000_000, { message: ru.maxLength })
  body?: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20, { message: ru.arrayMaxSize })
  subjectIds?: string[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5, { message: ru.arrayMaxSize })
  levelIds?: string[];

  @Field(() => [Int], { nullable: true })
  @IsOptional()
  @Min(1, { each: true, message: ru.min })
  @Max(11, { each: true, message: ru.max })
  grades?: number[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30, { message: ru.arrayMaxSize })
  @MaxLength(100, { each: true, message: ru.maxLength })
  keywords?: string[];

  @Field(() => [ID], { nullable: true, description: 'Авторы (Person) в порядке, как в материале' })
  @IsOptional()
  @ArrayMaxSize(20, { message: ru.arrayMaxSize })
  authorIds?: string[];

  @Field(() => ID, { nullable: true })
  organizationId?: string;

  // Kind-specific fields; giving one to another kind is refused by name.
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20000, { message: ru.maxLength }) problem?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20000, { message: ru.maxLength }) goal?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20000, { message: ru.maxLength }) novelty?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20000, { message: ru.maxLength }) results?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20000, { message: ru.maxLength }) reuseConditions?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500, { message: ru.maxLength }) source?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1900, { message: ru.min }) @Max(2100, { message: ru.max }) year?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(50, { message: ru.maxLength }) pages?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(30, { message: ru.maxLength }) isbn?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(30, { message: ru.maxLength }) issn?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200, { message: ru.maxLength }) doi?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000, { message: ru.maxLength }) url?: string;
  @Field(() => MethodologicalMaterialType, { nullable: true }) materialType?: MethodologicalMaterialType;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100, { message: ru.maxLength }) number?: string;
  @Field(() => LocalDateResolver, { nullable: true }) adoptedAt?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500, { message: ru.maxLength }) issuer?: string;
  @Field(() => LegalStatus, { nullable: true }) legalStatus?: LegalStatus;
}

@InputType({ description: 'Новый материал (черновик)' })
export class CreateMaterialInput extends UpdateMaterialInput {
  @Field(() => MaterialKind)
  kind!: MaterialKind;

  @Field(() => String)
  @MinLength(3, { message: (a) => `не короче ${a.constraints[0]} символов` })
  @MaxLength(500, { message: ru.maxLength })
  declare title: string;
}

@InputType({ description: 'Оценка по одному критерию' })
export class CriterionScoreInput {
  @Field(() => String, { description: 'Код критерия (ReviewCriterion.code)' })
  code!: string;

  @Field(() => Int)
  score!: number;
}

@InputType({ description: 'Заключение эксперта' })
export class ReviewInput {
  @Field(() => [CriterionScoreInput])
  scores!: CriterionScoreInput[];

  @Field(() => ReviewDecision)
  decision!: ReviewDecision;

  @Field(() => String, { defaultValue: '' })
  @MaxLength(20000, { message: ru.maxLength })
  comment!: string;
}

export { ExpertLevel };
