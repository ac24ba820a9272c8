import { ArrayMaxSize, IsIn, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ru } from '../../common/validation.ts';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { OWN_FIELDS } from './kinds.ts';
import { ownFieldType } from './material.entity.ts';
import { MaterialKind, MaterialStatus } from './material.enums.ts';

export enum MaterialOrderField {
  PUBLISHED_AT = 'PUBLISHED_AT',
  CREATED_AT = 'CREATED_AT',
  TITLE = 'TITLE',
  UPDATED_AT = 'UPDATED_AT',
  VIEW_COUNT = 'VIEW_COUNT',
  DOWNLOAD_COUNT = 'DOWNLOAD_COUNT',
}
registerEnumType(MaterialOrderField, {
  name: 'MaterialOrderField',
  valuesConfig: {
    PUBLISHED_AT: { description: 'По дате публикации' },
    CREATED_AT: { description: 'По дате создания (не меняется от правок и шагов экспертизы: очередь держит порядок)' },
    TITLE: { description: 'По названию' },
    UPDATED_AT: { description: 'По дате изменения' },
    VIEW_COUNT: { description: 'По числу просмотров' },
    DOWNLOAD_COUNT: { description: 'По числу скачиваний' },
  },
});

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

@InputType({ description: 'Порядок списка материалов' })
export class MaterialOrder {
  @Field(() => MaterialOrderField)
  field!: MaterialOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction: OrderDirection = OrderDirection.DESC;
}

const MAX_VALUES = 50;

/**
 * The filter fields `materials` and `search` share. Values within one field are alternatives
 * (OR); fields narrow each other (AND).
 */
@InputType('MaterialFacetFilter', { description: 'Общие поля отбора материалов' })
export class MaterialFacetFilter {
  @Field(() => [MaterialKind], { nullable: true, description: 'Виды материалов' })
  @IsOptional()
  @ArrayMaxSize(MAX_VALUES, { message: ru.arrayMaxSize })
  kinds?: MaterialKind[];

  @Field(() => [ID], { nullable: true, description: 'Предметы (id типа Subject)' })
  @IsOptional()
  @ArrayMaxSize(MAX_VALUES, { message: ru.arrayMaxSize })
  subjectIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Уровни образования (id типа EducationLevel)' })
  @IsOptional()
  @ArrayMaxSize(MAX_VALUES, { message: ru.arrayMaxSize })
  levelIds?: string[];

  @Field(() => [Int], { nullable: true, description: 'Классы, 1–11' })
  @IsOptional()
  @ArrayMaxSize(11, { message: ru.arrayMaxSize })
  @IsInt({ each: true, message: ru.isInt })
  @Min(1, { each: true, message: ru.min })
  @Max(11, { each: true, message: ru.max })
  grades?: number[];

  @Field(() => [ID], { nullable: true, description: 'Организации (id типа Organization)' })
  @IsOptional()
  @ArrayMaxSize(MAX_VALUES, { message: ru.arrayMaxSize })
  organizationIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Авторы (id типа Person)' })
  @IsOptional()
  @ArrayMaxSize(MAX_VALUES, { message: ru.arrayMaxSize })
  authorIds?: string[];
}

@InputType({ description: 'Отбор материалов' })
export class MaterialFilter extends MaterialFacetFilter {
  @Field(() => String, { nullable: true, description: 'Муниципалитет организации, точное название' })
  @IsOptional()
  @MaxLength(200, { message: ru.maxLength })
  municipality?: string;

  @Field(() => Int, { nullable: true, description: 'Год публикации' })
  @IsOptional()
  @IsInt({ message: ru.isInt })
  @Min(1900, { message: ru.min })
  @Max(2100, { message: ru.max })
  year?: number;

  @Field(() => [MaterialStatus], { nullable: true, description: 'Состояния (читателю без входа доступны только опубликованные)' })
  @IsOptional()
  @IsIn(Object.values(MaterialStatus), { each: true, message: ru.isIn })
  statuses?: MaterialStatus[];

  @Field(() => Date, { nullable: true, description: 'Изменённые с этого момента (для синхронизации: с orderBy UPDATED_AT)' })
  @IsOptional()
  updatedSince?: Date;
}

/**
 * The editable fields, all optional: an update sends only what changes. Limits are checked by the
 * write service (material-fields.ts), the same for the editor and the import.
 */
@InputType({ description: 'Изменения материала: только изменяемые поля' })
export class UpdateMaterialInput {
  @Field(() => String, { nullable: true })
  title?: string;

  @Field(() => String, { nullable: true })
  summary?: string;

  @Field(() => String, { nullable: true })
  body?: string;

  @Field(() => [ID], { nullable: true })
  subjectIds?: string[];

  @Field(() => [ID], { nullable: true })
  levelIds?: string[];

  @Field(() => [Int], { nullable: true })
  grades?: number[];

  @Field(() => [String], { nullable: true })
  keywords?: string[];

  @Field(() => [ID], { nullable: true, description: 'Авторы (Person) в порядке, как в материале' })
  authorIds?: string[];

  @Field(() => ID, { nullable: true })
  organizationId?: string;

  /** The kinds' own fields (from the kind registry); giving one to another kind is refused by name. */
  [ownField: string]: unknown;
}

for (const { name, spec } of OWN_FIELDS.values()) {
  if (spec.editor !== false)
    Field(ownFieldType(spec), { nullable: true, description: spec.description ?? spec.label[0] })(UpdateMaterialInput.prototype, name);
}

@InputType({ description: 'Новый материал (черновик)' })
export class CreateMaterialInput extends UpdateMaterialInput {
  @Field(() => MaterialKind)
  kind!: MaterialKind;

  @Field(() => String)
  declare title: string;
}
