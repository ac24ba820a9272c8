import { Collection, Entity, ManyToMany, Property, Unique, type Opt } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../common/node.entity.ts';
import { RetirableEntity } from './retirable.entity.ts';

@ObjectType({ implements: NodeEntity, description: 'Уровень образования' })
@Entity()
export class EducationLevel extends RetirableEntity {
  @Field(() => String, { description: 'Код: ДО, НОО, ООО, СОО, ДОП' })
  @Property({ type: 'text' })
  @Unique()
  code!: string;

  @Field(() => String, { description: 'Полное название, например «Основное общее образование»' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  position: Opt<number> = 0;
}

@ObjectType({ implements: NodeEntity, description: 'Учебный предмет' })
@Entity()
export class Subject extends RetirableEntity {
  @Field(() => String, { description: 'Название, например «Математика»' })
  @Property({ type: 'text' })
  @Unique()
  name!: string;

  @Field(() => Int, { description: 'Порядок в списках' })
  @Property({ type: 'integer', default: 0 })
  position: Opt<number> = 0;

  /** The levels the subject is taught at: the meaningful pairs of the bank's gaps report. */
  @ManyToMany({ entity: () => EducationLevel, pivotTable: 'subject_level' })
  levels = new Collection<EducationLevel>(this);
}

/** A tag, shown as first written («УУД»); «ФГОС» and «фгос » are one keyword by its key. */
@Entity()
export class Keyword extends NodeEntity {
  @Property({ type: 'text' })
  name!: string;

  /** The name in small letters (see keywordKey). */
  @Property({ type: 'text' })
  @Unique()
  key!: string;
}

export { cleanKeyword, keywordKey } from './keywords.ts';
