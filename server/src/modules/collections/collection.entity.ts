import {
  Collection as EntityCollection,
  Entity,
  ManyToOne,
  OneToMany,
  PrimaryKeyProp,
  Property,
  type Ref,
  type Opt,
} from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../common/node.entity.ts';
import { Material } from '../materials/material.entity.ts';

/** A curated, ordered selection of materials (подборка, сборник). */
@ObjectType({ implements: NodeEntity, description: 'Подборка или сборник материалов' })
@Entity()
export class Collection extends NodeEntity {
  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String)
  @Property({ type: 'text', default: '' })
  description: Opt<string> = '';

  /** Unpublished collections are a methodist's work in progress. */
  @Field(() => Boolean, { description: 'Видна читателям; неопубликованная — черновик методиста' })
  @Property({ type: 'boolean', default: false })
  published: Opt<boolean> = false;

  @OneToMany(() => CollectionItem, (item) => item.collection, { orphanRemoval: true })
  items = new EntityCollection<CollectionItem>(this);
}

@Entity()
export class CollectionItem {
  [PrimaryKeyProp]?: ['collection', 'material'];

  @ManyToOne(() => Collection, { primary: true, ref: true, deleteRule: 'cascade' })
  collection!: Ref<Collection>;

  @ManyToOne(() => Material, { primary: true, ref: true, deleteRule: 'cascade', index: true })
  material!: Ref<Material>;

  @Property({ type: 'integer' })
  position!: number;

  /** Why the curator put it here. */
  @Property({ type: 'text', nullable: true })
  note?: string;
}
