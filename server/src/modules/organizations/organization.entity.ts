import { Entity, Enum, Index, Property, type Opt } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../common/node.entity.ts';
import { registerLabelledEnum } from '../../common/enums.ts';

export enum OrganizationType {
  SCHOOL = 'SCHOOL',
  KINDERGARTEN = 'KINDERGARTEN',
  ADDITIONAL_EDUCATION = 'ADDITIONAL_EDUCATION',
  METHODOLOGICAL_CENTRE = 'METHODOLOGICAL_CENTRE',
  OTHER = 'OTHER',
}
registerLabelledEnum(OrganizationType, 'OrganizationType', 'Тип образовательной организации', {
  SCHOOL: 'Общеобразовательная школа',
  KINDERGARTEN: 'Детский сад (ДОУ)',
  ADDITIONAL_EDUCATION: 'Учреждение дополнительного образования (УДО)',
  METHODOLOGICAL_CENTRE: 'Информационно-методический центр (ИМЦ)',
  OTHER: 'Другая организация',
});

@ObjectType({ implements: NodeEntity, description: 'Образовательная организация' })
@Entity()
export class Organization extends NodeEntity {
  @Field(() => String, { description: 'Полное название, например «МБОУ СОШ № 1»' })
  @Property({ type: 'text' })
  @Index()
  name!: string;

  @Field(() => String, { nullable: true, description: 'Краткое название' })
  @Property({ type: 'text', nullable: true })
  shortName?: string;

  @Field(() => OrganizationType)
  @Enum({ items: () => OrganizationType, nativeEnumName: 'organization_type' })
  type: Opt<OrganizationType> = OrganizationType.SCHOOL;

  @Field(() => String, { description: 'Муниципальное образование (район, округ)' })
  @Property({ type: 'text' })
  @Index()
  municipality!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  address?: string;

  @Field(() => String, { nullable: true, description: 'Сайт организации' })
  @Property({ type: 'text', nullable: true })
  website?: string;
}
