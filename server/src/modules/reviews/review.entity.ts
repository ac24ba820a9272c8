import { Entity, Enum, ManyToOne, Property, type Opt, type Ref, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../common/node.entity.ts';
import { RetirableEntity } from '../dictionaries/retirable.entity.ts';
import { User } from '../accounts/user.entity.ts';
import { Material } from '../materials/material.entity.ts';
import { registerLabelledEnum } from '../../common/enums.ts';

export enum ReviewDecision {
  RECOMMEND = 'RECOMMEND',
  REVISE = 'REVISE',
  REJECT = 'REJECT',
}
registerLabelledEnum(ReviewDecision, 'ReviewDecision', 'Заключение эксперта', {
  RECOMMEND: 'Рекомендовать к публикации',
  REVISE: 'Вернуть на доработку',
  REJECT: 'Отклонить',
});

/**
 * One criterion of expert evaluation. The set is data (a table), not code: the centre can change it.
 * Retired, it is not asked for in new reviews; reviews already made keep their score.
 */
@ObjectType({ implements: NodeEntity, description: 'Критерий экспертизы' })
@Entity()
export class ReviewCriterion extends RetirableEntity {
  @Field(() => String)
  @Property({ type: 'text' })
  @Unique()
  code!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  maxScore!: number;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  position: Opt<number> = 0;

  @Field(() => String, { description: 'Что значат баллы: по строке на балл, «0 — …», «1 — …», …' })
  @Property({ type: 'text', default: '' })
  rubric: Opt<string> = '';
}

/** One per expert and material: submitting again updates it, until the material is published. */
@ObjectType({ implements: NodeEntity, description: 'Экспертиза материала' })
@Entity()
@Unique({ properties: ['material', 'reviewer'] })
export class Review extends NodeEntity {
  @ManyToOne(() => Material, { ref: true, deleteRule: 'cascade', index: true })
  material!: Ref<Material>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'restrict' })
  reviewer!: Ref<User>;

  /** Scores by criterion code. */
  @Property({ type: 'json' })
  scores!: Record<string, number>;

  @Field(() => ReviewDecision)
  @Enum({ items: () => ReviewDecision, nativeEnumName: 'review_decision' })
  decision!: ReviewDecision;

  @Field(() => String)
  @Property({ type: 'text', default: '' })
  comment: Opt<string> = '';
}
