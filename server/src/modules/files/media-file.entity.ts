import { BigIntType, Collection, Entity, Enum, Index, ManyToOne, OneToMany, Property, type Ref, type Opt } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { User } from '../accounts/user.entity.ts';
import { MediaKind } from './file-types.ts';
import { NodeEntity } from '../../common/node.entity.ts';
import { registerLabelledEnum } from '../../common/enums.ts';

export enum ExtractionStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  FAILED = 'FAILED',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}
registerLabelledEnum(ExtractionStatus, 'ExtractionStatus', 'Извлечение текста из файла для поиска', {
  PENDING: 'Ожидает',
  RUNNING: 'Выполняется',
  DONE: 'Текст извлечён',
  FAILED: 'Не удалось извлечь',
  NOT_APPLICABLE: 'Для этого типа файла не выполняется',
});

/**
 * One upload: its name and uploader, seen by that uploader and by whoever sees a material carrying
 * it (through MaterialFile). The bytes are stored once per content: uploads of the same bytes by
 * different people are separate rows sharing one stored object and one processing of it.
 */
@ObjectType({ implements: NodeEntity, description: 'Файл медиатеки' })
@Entity()
@Index({ name: 'media_file_extraction_queue_index', properties: ['extractionStatus', 'createdAt'] })
export class MediaFile extends NodeEntity {
  @Field(() => String, { description: 'Имя файла для показа и скачивания' })
  @Property({ type: 'text' })
  fileName!: string;

  @Field(() => String, { description: 'Тип содержимого, определённый по самому файлу' })
  @Property({ type: 'text' })
  mimeType!: string;

  @Field(() => MediaKind)
  @Enum({ items: () => MediaKind, nativeEnumName: 'media_kind' })
  @Index()
  kind!: MediaKind;

  @Field(() => Number, { description: 'Размер, байт' })
  @Property({ type: new BigIntType('number') })
  size!: number;

  @Property({ type: 'text' })
  @Index()
  sha256!: string;

  /** Shared by every upload of the same content; the object goes with the last row naming it. */
  @Property({ type: 'text' })
  storageKey!: string;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  uploadedBy?: Ref<User>;

  @Property({ type: 'text', nullable: true, lazy: true })
  text?: string;

  @Field(() => String, { nullable: true, description: 'Начало извлечённого текста' })
  @Property({ type: 'text', nullable: true })
  textExcerpt?: string;

  @Field(() => String, { nullable: true, description: 'Язык текста (ru, en)' })
  @Property({ type: 'text', nullable: true })
  language?: string;

  @Field(() => Int, { nullable: true, description: 'Страниц (PDF), слайдов (презентации) или листов (таблицы)' })
  @Property({ type: 'integer', nullable: true })
  pageCount?: number;

  @Field(() => Float, { nullable: true, description: 'Длительность аудио и видео, секунд' })
  @Property({ type: 'double', nullable: true })
  durationSeconds?: number;

  /** Shared like the bytes. */
  @Property({ type: 'text', nullable: true })
  previewKey?: string;

  @Field(() => ExtractionStatus)
  @Enum({ items: () => ExtractionStatus, nativeEnumName: 'extraction_status' })
  extractionStatus: Opt<ExtractionStatus> = ExtractionStatus.PENDING;

  @Field(() => String, { nullable: true, description: 'Почему текст не извлечён: показывается редактору' })
  @Property({ type: 'text', nullable: true })
  extractionError?: string;

  @Property({ type: 'integer' })
  extractionAttempts: Opt<number> = 0;

  /** A lease: a claim older than the job's time limit is taken over (its server died). */
  @Property({ type: 'datetime', nullable: true })
  extractionStartedAt?: Date;

  @Field(() => Int, { description: 'Сколько раз файл скачан' })
  @Property({ type: 'integer' })
  downloadCount: Opt<number> = 0;

  /**
   * The places the file has in materials. Their pivot (MaterialFile) belongs to materials, which
   * depend on files, so it is named here rather than imported; materials read it with its type.
   */
  @OneToMany('MaterialFile', 'file')
  attachments = new Collection<object>(this);

  /** When the last material let go of it; the garbage collector waits a day after that. */
  @Property({ type: 'datetime', nullable: true })
  detachedAt?: Date;

  @Field(() => String, { description: 'Ссылка для скачивания' })
  get url(): Opt<string> {
    return `/files/${this.id}`;
  }

  @Field(() => String, { nullable: true, description: 'Миниатюра (изображения, первая страница PDF)' })
  get previewUrl(): Opt<string> | null {
    return this.previewKey ? `/files/${this.id}/preview` : null;
  }
}
