import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { ru } from '../../common/validation.ts';

@InputType({ description: 'Отбор педагогов' })
export class PersonFilter {
  @Field(() => ID, { nullable: true, description: 'Организация (id типа Organization)' })
  organizationId?: string;

  @Field(() => ID, { nullable: true, description: 'Предмет (id типа Subject)' })
  subjectId?: string;

  @Field(() => String, { nullable: true, description: 'Часть ФИО' })
  @IsOptional()
  @MaxLength(200, { message: ru.maxLength })
  query?: string;
}
