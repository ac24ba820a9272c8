import { Property, type Opt } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../common/node.entity.ts';

/**
 * An entry of a dictionary the centre keeps (subject, level, method association, review criterion).
 * Entries in use are never deleted: a retired one stays where it already is (on materials, reviews,
 * members) and is no longer offered for anything new.
 */
@ObjectType()
export abstract class RetirableEntity extends NodeEntity {
  @Property({ type: 'datetime', nullable: true })
  retiredAt?: Date;

  @Field(() => Boolean, { description: 'Выведен из употребления: остаётся, где уже есть, новым не предлагается' })
  get retired(): Opt<boolean> {
    return Boolean(this.retiredAt);
  }
}

/** A list's filter: only entries in use, or all of them. */
export const inUse = (includeRetired: boolean) => (includeRetired ? {} : { retiredAt: null });
