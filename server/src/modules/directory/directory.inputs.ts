import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ru } from '../../common/validation.ts';
import { OrganizationType } from '../organizations/organization.entity.ts';
import { QualificationCategory } from '../people/person.entity.ts';

const min = (a: { constraints: unknown[] }) => `не короче ${a.constraints[0]} символов`;

@InputType({ description: 'Поля организации; при изменении — только изменяемые' })
export class OrganizationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(3, { message: min })
  @MaxLength(500, { message: ru.maxLength })
  name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200, { message: ru.maxLength }) shortName?: string;
  @Field(() => OrganizationType, { nullable: true }) type?: OrganizationType;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(2, { message: min })
  @MaxLength(200, { message: ru.maxLength })
  municipality?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500, { message: ru.maxLength }) address?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500, { message: ru.maxLength }) website?: string;
}

@InputType({ description: 'Поля педагога; при изменении — только изменяемые' })
export class PersonInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(3, { message: min })
  @MaxLength(300, { message: ru.maxLength })
  fullName?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(300, { message: ru.maxLength }) position?: string;
  @Field(() => ID, { nullable: true }) organizationId?: string;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(20, { message: ru.arrayMaxSize }) subjectIds?: string[];
  @Field(() => QualificationCategory, { nullable: true }) qualificationCategory?: QualificationCategory;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0, { message: ru.min }) @Max(70, { message: ru.max }) experienceYears?: number;
}
