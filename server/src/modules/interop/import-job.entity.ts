import { Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { registerLabelledEnum } from '../../common/enums.ts';
import { NodeEntity } from '../../common/node.entity.ts';
import { User } from '../accounts/user.entity.ts';
import { MediaFile } from '../files/media-file.entity.ts';

export enum ImportJobStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}
registerLabelledEnum(ImportJobStatus, 'ImportJobStatus', 'Состояние импорта', { PENDING: 'в очереди', RUNNING: 'выполняется', DONE: 'завершён', FAILED: 'прерван' });

@ObjectType('ImportLineError', { description: 'Строка файла импорта, которая не загружена' })
export class ImportLineError {
  @Field(() => Int)
  line!: number;

  @Field(() => String, { nullable: true })
  externalId?: string;

  @Field(() => String, { nullable: true, description: 'Поле с ошибкой' })
  field?: string;

  @Field(() => String)
  reason!: string;
}

/** An import started from the API: a row the background runner claims, with progress as it goes. */
@ObjectType({ implements: NodeEntity, description: 'Импорт банка материалов, выполняемый в фоне' })
@Entity()
@Index({ properties: ['status', 'createdAt'] })
export class ImportJob extends NodeEntity {
  @ManyToOne(() => MediaFile, { ref: true, deleteRule: 'cascade' })
  file!: Ref<MediaFile>;

  @Field(() => String)
  @Property({ type: 'text' })
  fileName!: string;

  @Field(() => Boolean, { description: 'Только проверка, без записи' })
  @Property({ type: 'boolean' })
  dryRun!: boolean;

  @Field(() => ImportJobStatus)
  @Enum({ items: () => ImportJobStatus, nativeEnumName: 'import_job_status' })
  status: Opt<ImportJobStatus> = ImportJobStatus.PENDING;

  @Field(() => Int, { description: 'Строк в файле' })
  @Property({ type: 'integer' })
  total: Opt<number> = 0;

  @Field(() => Int, { description: 'Обработано строк' })
  @Property({ type: 'integer' })
  processed: Opt<number> = 0;

  @Field(() => Int)
  @Property({ type: 'integer' })
  created: Opt<number> = 0;

  @Field(() => Int)
  @Property({ type: 'integer' })
  updated: Opt<number> = 0;

  @Field(() => Int)
  @Property({ type: 'integer' })
  unchanged: Opt<number> = 0;

  @Field(() => Int)
  @Property({ type: 'integer' })
  failed: Opt<number> = 0;

  /** The first thousand failed lines. */
  @Property({ type: 'json' })
  errors: Opt<ImportLineError[]> = [];

  @Field(() => String, { nullable: true, description: 'Почему импорт прерван целиком' })
  @Property({ type: 'text', nullable: true })
  error?: string;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  createdBy!: Ref<User>;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date;
}
