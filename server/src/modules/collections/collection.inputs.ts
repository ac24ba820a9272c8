import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ru } from '../../common/validation.ts';

@InputType({ description: 'Поля подборки; при изменении — только изменяемые' })
export class CollectionInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 300, { message: 'название — от 3 до 300 символов' })
  title?: string;

  @Field(() => String, { nullable: true, description: 'Для кого и зачем подборка' })
  @IsOptional()
  @MaxLength(3000, { message: ru.maxLength })
  description?: string;

  @Field(() => Boolean, { nullable: true, description: 'Показать читателям (нужен хотя бы один опубликованный материал) или снять' })
  published?: boolean;
}
