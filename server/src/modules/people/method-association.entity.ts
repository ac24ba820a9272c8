import { Collection, Entity, ManyToMany, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../common/node.entity.ts';
import { Subject } from '../dictionaries/dictionary.entity.ts';
import { Person } from './person.entity.ts';

/** A district group of teachers of one subject (районное методическое объединение). */
@ObjectType({ implements: NodeEntity, description: 'Методическое объединение' })
@Entity()
export class MethodAssociation extends NodeEntity {
  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @ManyToOne(() => Subject, { ref: true, nullable: true, deleteRule: 'set null' })
  subject?: Ref<Subject>;

  @ManyToOne(() => Person, { ref: true, nullable: true, deleteRule: 'set null' })
  leader?: Ref<Person>;

  @ManyToMany({ entity: () => Person, pivotTable: 'method_association_member' })
  members = new Collection<Person>(this);

  /** A group that no longer meets: kept with its members, not offered any more. */
  @Property({ type: 'datetime', nullable: true })
  retiredAt?: Date;

  @Field(() => Boolean, { description: 'Больше не работает: остаётся в истории, в списках не предлагается' })
  get retired(): Opt<boolean> {
    return Boolean(this.retiredAt);
  }
}
