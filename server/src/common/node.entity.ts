import { randomUUID } from 'node:crypto';
import { PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { Field, ID, InterfaceType } from 'type-graphql';
import { toGlobalId } from './global-id.ts';

/** The GraphQL type of an entity is the name of its class; `node(id)` and global ids rely on it. */
export const typeNameOf = (value: object): string => value.constructor.name;

/**
 * The base of every stored thing: a UUID key in the database, an opaque global id in the API
 * (Relay's Node), and the stamps that harvesting and sync read.
 */
@InterfaceType('Node', { resolveType: typeNameOf, description: 'Объект с глобальным идентификатором' })
export abstract class NodeEntity {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Field(() => Date, { description: 'Когда запись менялась в последний раз' })
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();

  @Field(() => ID, { name: 'id', description: 'Глобальный непрозрачный идентификатор' })
  get globalId(): Opt<string> {
    return toGlobalId(typeNameOf(this), this.id);
  }
}
