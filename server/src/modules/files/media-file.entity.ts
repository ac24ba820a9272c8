import { BigIntType, Entity, Enum, ManyToOne, PrimaryKeyProp, Property, type Ref, Unique, type Opt } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../common/node.entity.ts';
import { Material } from '../materials/material.entity.ts';
import { registerLabelledEnum } from '../../common/enums.ts';

export enum ExtractionStatus {
  PENDING = 'PENDING',
  DONE = 'DONE',
  FAILED = 'FAILED',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}
registerLabelledEnum(ExtractionStatus, 'ExtractionStatus', 'Извлечение текста из файла для поиска', { PENDING: 'Ожидает', DONE: 'Текст извлечён', FAILED: 'Не удалось извлечь', NOT_APPLICABLE: 'Для этого типа файла не выполняется' });

/** Stored bytes, once per content (sha256); materials refer to them through MaterialFile. */
@ObjectType({ implements: NodeEntity, description: 'Файл медиатеки' })
@Entity()
export class MediaFile extends NodeEntity {
  @Field(() => String, { description: 'Имя файла для показа и скачивания' })
  @Property({ type: 'text' })
  fileName!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  mimeType!: string;

  @Field(() => Number, { description: 'Размер, байт' })
  @Property({ type: new BigIntType('number') })
  size!: number;

  @Property({ type: 'text' })
  @Unique()
  sha256!: string;

  @Property({ type: 'text' })
  storageKey!: string;

  @Property({ type: 'text', nullable: true, lazy: true })
  text?: string;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  pageCount?: number;

  @Field(() => ExtractionStatus)
  @Enum({ items: () => ExtractionStatus, nativeEnumName: 'extraction_status' })
  extractionStatus: Opt<ExtractionStatus> = ExtractionStatus.PENDING;

  @Field(() => String, { description: 'Ссылка для скачивания' })
  get url(): Opt<string> {
    return `/files/${this.id}`;
  }
}

/** A file attached to a material, in the order and under the title the editor chose. */
@Entity()
export class MaterialFile {
  [PrimaryKeyProp]?: ['material', 'file'];

  @ManyToOne(() => Material, { primary: true, ref: true, deleteRule: 'cascade' })
  material!: Ref<Material>;

  @ManyToOne(() => MediaFile, { primary: true, ref: true, deleteRule: 'restrict', index: true })
  file!: Ref<MediaFile>;

  @Property({ type: 'text', nullable: true })
  title?: string;

  @Property({ type: 'integer' })
  position!: number;
}
