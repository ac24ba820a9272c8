import { MaxLength } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { ru } from '../../common/validation.ts';
import { ExpertLevel } from '../materials/material.enums.ts';
import { ReviewDecision } from '../reviews/review.entity.ts';

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
