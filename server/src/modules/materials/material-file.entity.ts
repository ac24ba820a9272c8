import { Entity, ManyToOne, PrimaryKeyProp, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { MediaFile } from '../files/media-file.entity.ts';
import { Material } from './material.entity.ts';

/** A file attached to a material, in the order and under the title the editor chose. */
@ObjectType('Attachment', { description: 'Файл в составе материала: подпись и место в списке' })
@Entity()
export class MaterialFile {
  [PrimaryKeyProp]?: ['material', 'file'];

  @ManyToOne(() => Material, { primary: true, ref: true, deleteRule: 'cascade' })
  material!: Ref<Material>;

  @ManyToOne(() => MediaFile, { primary: true, ref: true, deleteRule: 'restrict', index: true })
  file!: Ref<MediaFile>;

  @Field(() => String, { nullable: true, description: 'Подпись к файлу; без неё показывается имя файла' })
  @Property({ type: 'text', nullable: true })
  title?: string;

  @Field(() => Int, { description: 'Место в списке файлов, с 1' })
  @Property({ type: 'integer' })
  position!: number;
}
