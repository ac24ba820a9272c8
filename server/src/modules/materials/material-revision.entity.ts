import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../common/node.entity.ts';
import { User } from '../accounts/user.entity.ts';
import { Material } from './material.entity.ts';

/**
 * One write of a material, whoever made it (the editor, the workflow, an import, a directory merge):
 * who, when, what changed (field → [before, after]) and the state after it, for restoring.
 */
@ObjectType({ implements: NodeEntity, description: 'Редакция материала' })
@Entity()
export class MaterialRevision extends NodeEntity {
  @ManyToOne(() => Material, { ref: true, deleteRule: 'cascade', index: true })
  material!: Ref<Material>;

  @Field(() => Int, { description: 'Версия материала после изменения' })
  @Property({ type: 'integer' })
  version!: number;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  author?: Ref<User>;

  /** Who wrote it when it was not a person in the editor: «импорт». */
  @Property({ type: 'text', nullable: true })
  authorName?: string;

  @Field(() => String, { description: 'Что произошло: created, updated, imported, submitted, published, …' })
  @Property({ type: 'text' })
  action!: string;

  @Field(() => GraphQLJSONObject, { description: 'Изменённые поля: поле → [было, стало]' })
  @Property({ type: 'json' })
  changes!: Record<string, [unknown, unknown]>;

  @Property({ type: 'json' })
  snapshot!: Record<string, unknown>;
}
