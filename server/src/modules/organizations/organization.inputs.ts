import { IsOptional, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ru } from '../../common/validation.ts';
import { OrganizationType } from './organization.entity.ts';

@InputType({ description: 'Отбор организаций' })
export class OrganizationFilter {
  @Field(() => String, { nullable: true, description: 'Муниципалитет, точное название' })
  @IsOptional()
  @MaxLength(200, { message: ru.maxLength })
  municipality?: string;

  @Field(() => [OrganizationType], { nullable: true })
  types?: OrganizationType[];

  @Field(() => String, { nullable: true, description: 'Часть названия' })
  @IsOptional()
  @MaxLength(200, { message: ru.maxLength })
  query?: string;
}
