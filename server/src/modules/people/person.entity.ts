import { Collection, Entity, Enum, Index, ManyToMany, ManyToOne, Property, type Ref, type Opt } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../common/node.entity.ts';
import { Subject } from '../dictionaries/dictionary.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { registerLabelledEnum } from '../../common/enums.ts';

export enum QualificationCategory {
  NONE = 'NONE',
  CONFORMITY = 'CONFORMITY',
  FIRST = 'FIRST',
  HIGHEST = 'HIGHEST',
}
registerLabelledEnum(QualificationCategory, 'QualificationCategory', 'Квалификационная категория педагога', {
  NONE: 'Без категории',
  CONFORMITY: 'Соответствие занимаемой должности',
  FIRST: 'Первая',
  HIGHEST: 'Высшая',
});

/** A young specialist (молодой специалист) has less than this many years of teaching experience. */
export const YOUNG_SPECIALIST_YEARS = 3;

@ObjectType({ implements: NodeEntity, description: 'Педагог, автор материалов' })
@Entity()
export class Person extends NodeEntity {
  @Field(() => String, { description: 'ФИО полностью' })
  @Property({ type: 'text' })
  @Index()
  fullName!: string;

  @Field(() => String, { nullable: true, description: 'Должность, например «учитель математики»' })
  @Property({ type: 'text', nullable: true })
  position?: string;

  @ManyToOne(() => Organization, { ref: true, nullable: true, deleteRule: 'set null' })
  organization?: Ref<Organization>;

  @ManyToMany({ entity: () => Subject, pivotTable: 'person_subject' })
  subjects = new Collection<Subject>(this);

  @Field(() => QualificationCategory)
  @Enum({ items: () => QualificationCategory, nativeEnumName: 'qualification_category' })
  qualificationCategory: Opt<QualificationCategory> = QualificationCategory.NONE;

  @Field(() => Int, { nullable: true, description: 'Педагогический стаж, лет' })
  @Property({ type: 'integer', nullable: true })
  experienceYears?: number;

  @Field(() => Boolean, { description: 'Молодой специалист: стаж меньше 3 лет' })
  get youngSpecialist(): Opt<boolean> {
    return this.experienceYears !== undefined && this.experienceYears !== null && this.experienceYears < YOUNG_SPECIALIST_YEARS;
  }
}
