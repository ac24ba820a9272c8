import { Field, ObjectType } from 'type-graphql';
import { registerLabelledEnum } from '../../common/enums.ts';

export enum MethodistDecisionAction {
  RETURNED = 'RETURNED',
  REJECTED = 'REJECTED',
  ARCHIVED = 'ARCHIVED',
}

registerLabelledEnum(MethodistDecisionAction, 'MethodistDecisionAction', 'Решение методиста по материалу', {
  RETURNED: 'Возвращён на доработку',
  REJECTED: 'Отклонён',
  ARCHIVED: 'Отправлен в архив (снят с публикации)',
});

@ObjectType({ description: 'Решение методиста (возврат на доработку, отклонение, архив) с причиной для автора' })
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
