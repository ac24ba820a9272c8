import { Collection, Entity, ManyToMany, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../common/node.entity.ts';
import { Subject } from '../dictionaries/dictionary.entity.ts';
import { RetirableEntity } from '../dictionaries/retirable.entity.ts';
import { Person } from './person.entity.ts';

/** A district group of teachers of one subject (районное методическое объединение); retired, one that no longer meets. */
@ObjectType({ implements: NodeEntity, description: 'Методическое объединение' })
@Entity()
export class MethodAssociation extends RetirableEntity {
  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @ManyToOne(() => Subject, { ref: true, nullable: true, deleteRule: 'set null' })
  subject?: Ref<Subject>;

  @ManyToOne(() => Person, { ref: true, nullable: true, deleteRule: 'set null' })
  leader?: Ref<Person>;

  @ManyToMany({ entity: () => Person, pivotTable: 'method_association_member' })
  members = new Collection<Person>(this);
}
