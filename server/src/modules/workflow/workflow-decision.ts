import { Field, ObjectType } from 'type-graphql';
import { registerLabelledEnum } from '../../common/enums.ts';

export enum MethodistDecisionAction {
  RETURNED = 'RETURNED',
  REJECTED = 'REJECTED',
}

registerLabelledEnum(MethodistDecisionAction, 'MethodistDecisionAction', 'Решение методиста по материалу на экспертизе', {
  RETURNED: 'Возвращён на доработку',
  REJECTED: 'Отклонён',
});

@ObjectType({ description: 'Решение методиста (возврат на доработку или отклонение) с причиной для автора' })
export class MethodistDecision {
  @Field(() => MethodistDecisionAction)
  action!: MethodistDecisionAction;

  @Field(() => Date, { description: 'Когда принято решение' })
  at!: Date;

  @Field(() => String, { description: 'Причина, которую методист написал автору' })
  reason!: string;

  @Field(() => String, { description: 'Кто принял решение' })
  by!: string;
}
