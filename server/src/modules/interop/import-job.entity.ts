import { Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import type { DictionaryField, DictionaryMapping, UnknownValue } from './matching.ts';
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
registerLabelledEnum(ImportJobStatus, 'ImportJobStatus', 'Состояние импорта', {
  PENDING: 'в очереди',
  RUNNING: 'выполняется',
  DONE: 'завершён',
  FAILED: 'прерван',
});

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

@ObjectType('ImportUnknownValue', { description: 'Значение банка, которого нет в справочнике' })
export class ImportUnknownValue {
  @Field(() => String, { description: 'Столбец: subjects или levels' })
  field!: DictionaryField;

  @Field(() => String)
  value!: string;

  @Field(() => Int, { description: 'На скольких строках' })
  lines!: number;

  @Field(() => Int, { description: 'Первая такая строка' })
  firstLine!: number;

  @Field(() => Boolean, { description: 'Добавлено в справочник этим импортом' })
  created!: boolean;
}

@InputType({ description: 'Читать значение банка как имеющееся в справочнике: «Логопедия» → «Коррекционная педагогика»' })
export class ImportMappingInput {
  @Field(() => String, { description: 'Столбец: subjects или levels' })
  field!: string;

  @Field(() => String, { description: 'Как написано в банке' })
  from!: string;

  @Field(() => String, { description: 'Название (или код уровня) в справочнике' })
  to!: string;
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

  @Field(() => Boolean, { description: 'Недостающие предметы и уровни добавляются в справочники' })
  @Property({ type: 'boolean', default: false })
  createMissing: Opt<boolean> = false;

  /** The bank's spellings read as existing entries. */
  @Property({ type: 'json' })
  mapping: Opt<DictionaryMapping[]> = [];

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

  @Field(() => [ImportUnknownValue], { description: 'Предметы и уровни банка, которых не было в справочниках' })
  @Property({ type: 'json' })
  unknownValues: Opt<UnknownValue[]> = [];

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
