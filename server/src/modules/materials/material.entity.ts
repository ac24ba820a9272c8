import {
  ArrayType,
  Collection,
  Entity,
  Enum,
  Index,
  ManyToMany,
  ManyToOne,
  OneToMany,
  PrimaryKeyProp,
  Property,
  type Ref,
  Unique,
  type Opt,
} from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, InterfaceType, ObjectType } from 'type-graphql';
import { NodeEntity, typeNameOf } from '../../common/node.entity.ts';
import { User } from '../accounts/user.entity.ts';
import { EducationLevel, Keyword, Subject } from '../dictionaries/dictionary.entity.ts';
import { MaterialFile } from './material-file.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import {
  type ExpertLevel,
  KIND_LIST,
  KINDS,
  type LegalStatus,
  MATERIAL_TYPES,
  MaterialKind,
  type MethodologicalMaterialType,
  OWN_FIELDS,
  type OwnField,
} from './kinds.ts';
import { MaterialStatus } from './material.enums.ts';

/**
 * Everything the library holds, in one table (single-table inheritance on `kind`): the four
 * kinds share search, workflow, files and authorship, and differ in a few columns.
 */
@InterfaceType('Material', { implements: NodeEntity, resolveType: typeNameOf, description: 'Материал базы знаний' })
@Entity({ tableName: 'material', discriminatorColumn: 'kind', abstract: true })
@Index({ properties: ['status', 'publishedAt'] })
@Index({ name: 'material_grades_gin', expression: 'create index "material_grades_gin" on "material" using gin ("grades")' })
// The orders of lists, first page read straight from the index (migration 20261122120000).
@Index({
  name: 'material_published_order',
  expression: 'create index "material_published_order" on "material" ("status", "published_at" desc nulls last, "id" desc)',
})
@Index({
  name: 'material_downloads_order',
  expression: 'create index "material_downloads_order" on "material" ("status", "download_count" desc nulls last, "id" desc)',
})
@Index({
  name: 'material_views_order',
  expression: 'create index "material_views_order" on "material" ("status", "view_count" desc nulls last, "id" desc)',
})
// An expert's open assignments, counted in the header on every page (migration 20261203090000).
@Index({
  name: 'material_open_reviews',
  expression: `create index "material_open_reviews" on "material" ("reviewer_id") where "status" = 'IN_REVIEW'`,
})
export abstract class Material extends NodeEntity {
  @Field(() => MaterialKind)
  @Enum({ items: () => MaterialKind, nativeEnumName: 'material_kind' })
  kind!: Opt<MaterialKind>;

  @Field(() => String, { nullable: true, description: 'Идентификатор во внешней системе (для импорта)' })
  @Property({ type: 'text', nullable: true })
  @Unique()
  externalId?: string;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { description: 'Аннотация' })
  @Property({ type: 'text', default: '' })
  summary: Opt<string> = '';

  @Field(() => String, { description: 'Полный текст' })
  @Property({ type: 'text', default: '', lazy: false })
  body: Opt<string> = '';

  @Field(() => MaterialStatus)
  @Enum({ items: () => MaterialStatus, nativeEnumName: 'material_status' })
  status: Opt<MaterialStatus> = MaterialStatus.DRAFT;

  @Field(() => [Int], { description: 'Классы (1–11); для дошкольного уровня пусто' })
  @Property({ type: new ArrayType((grade) => Number(grade)), columnType: 'integer[]', default: '{}' })
  grades: Opt<number[]> = [];

  @Field(() => Date, { nullable: true, description: 'Дата публикации' })
  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  viewCount: Opt<number> = 0;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  downloadCount: Opt<number> = 0;

  @ManyToOne(() => Organization, { ref: true, nullable: true, deleteRule: 'set null', index: true })
  organization?: Ref<Organization>;

  /** Optimistic concurrency: every update names the version it was based on. */
  @Field(() => Int, { description: 'Версия: передавайте её в updateMaterial, чтобы не затереть чужие правки' })
  @Property({ type: 'integer', version: true })
  version!: Opt<number>;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  createdBy?: Ref<User>;

  /** The expert assigned to review it. */
  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  reviewer?: Ref<User>;

  /** The last day (the district's calendar) the assigned expert is asked to give a conclusion by. */
  @Property({ type: 'date', nullable: true })
  reviewDueOn?: string;

  @Field(() => String, { nullable: true, description: 'Регистрационный номер публикации, например ИМЦ-2026-00042' })
  @Property({ type: 'text', nullable: true })
  @Unique()
  registrationNumber?: string;

  @Field(() => String, { nullable: true, description: 'Свидетельство о публикации (PDF) для аттестации' })
  get certificateUrl(): Opt<string> | undefined {
    return this.registrationNumber && this.status === MaterialStatus.PUBLISHED
      ? `/certificates/${encodeURIComponent(this.registrationNumber)}.pdf`
      : undefined;
  }

  /** PostgreSQL's own Russian full-text index: the search fallback when Meilisearch is unreachable. */
  @Property({
    type: 'unknown',
    columnType: 'tsvector',
    generated: `(setweight(to_tsvector('russian', coalesce(title, '')), 'A') || setweight(to_tsvector('russian', coalesce(summary, '')), 'B') || setweight(to_tsvector('russian', coalesce(body, '')), 'C')) stored`,
    lazy: true,
    hidden: true,
    nullable: true,
    index: 'material_search_vector_index',
  })
  searchVector?: unknown;

  @ManyToMany({ entity: () => Subject, pivotTable: 'material_subject' })
  subjects = new Collection<Subject>(this);

  @ManyToMany({ entity: () => EducationLevel, pivotTable: 'material_level' })
  levels = new Collection<EducationLevel>(this);

  @ManyToMany({ entity: () => Keyword, pivotTable: 'material_keyword' })
  keywords = new Collection<Keyword>(this);

  @OneToMany(() => MaterialAuthor, (authorship) => authorship.material, { orphanRemoval: true })
  authorships = new Collection<MaterialAuthor>(this);

  @OneToMany(() => MaterialFile, (attachment) => attachment.material, { orphanRemoval: true })
  attachments = new Collection<MaterialFile>(this);
}

/** Authorship keeps the order of authors as printed on the material. */
@Entity()
export class MaterialAuthor {
  [PrimaryKeyProp]?: ['material', 'person'];

  @ManyToOne(() => Material, { primary: true, ref: true, deleteRule: 'cascade' })
  material!: Ref<Material>;

  @ManyToOne(() => Person, { primary: true, ref: true, deleteRule: 'cascade', index: true })
  person!: Ref<Person>;

  @Property({ type: 'integer' })
  position!: number;
}

/** The API type of an own field (also of its input). */
export function ownFieldType(spec: OwnField): () => object {
  switch (spec.type) {
    case 'text':
      return () => String;
    case 'int':
      return () => Int;
    case 'date':
      return () => LocalDateResolver;
    case 'enum':
      return () => spec.enum.values;
  }
}

const snakeCase = (name: string) => name.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toLowerCase();

/** A kind's own field: its column and API field as the kind registry describes them (nullable: a draft may lack any). */
function OwnField(): PropertyDecorator {
  return (target, key) => {
    const field = OWN_FIELDS.get(String(key));
    if (!field) throw new Error(`${target.constructor.name}.${String(key)}: такого поля нет в реестре видов (kinds.ts)`);
    const { spec } = field;
    Field(ownFieldType(spec), { nullable: true, description: spec.description ?? spec.label[0] })(target, key);
    if (spec.type === 'enum')
      Enum({ items: () => spec.enum.values, nativeEnumName: snakeCase(spec.enum.name), nullable: true })(target, String(key));
    else Property({ type: { text: 'text', int: 'integer', date: 'date' }[spec.type], nullable: true })(target, String(key));
  };
}

const kindClasses = new Map<MaterialKind, typeof Material>();

/** The entity and API type of a kind: its discriminator value, name and description from the registry. */
function KindEntity(kind: MaterialKind): ClassDecorator {
  return (target) => {
    const spec = KINDS[kind];
    if (target.name !== spec.typename) throw new Error(`Класс ${target.name} для вида ${kind}: в реестре видов он назван ${spec.typename}`);
    ObjectType(spec.typename, { implements: [NodeEntity, Material], description: spec.description })(target);
    Entity({ discriminatorValue: kind })(target);
    kindClasses.set(kind, target as unknown as typeof Material);
  };
}

@KindEntity(MaterialKind.BEST_PRACTICE)
export class BestPractice extends Material {
  @OwnField() problem?: string;
  @OwnField() goal?: string;
  @OwnField() novelty?: string;
  @OwnField() results?: string;
  @OwnField() reuseConditions?: string;
  @OwnField() expertLevel?: ExpertLevel;
}

@KindEntity(MaterialKind.PUBLICATION)
export class Publication extends Material {
  @OwnField() source?: string;
  @OwnField() year?: number;
  @OwnField() pages?: string;
  @OwnField() isbn?: string;
  @OwnField() issn?: string;
  @OwnField() doi?: string;
  @OwnField() url?: string;
}

@KindEntity(MaterialKind.METHODOLOGICAL_MATERIAL)
export class MethodologicalMaterial extends Material {
  @OwnField() materialType?: MethodologicalMaterialType;
}

@KindEntity(MaterialKind.NORMATIVE_DOCUMENT)
export class NormativeDocument extends Material {
  @OwnField() number?: string;
  /** ГГГГ-ММ-ДД. */
  @OwnField() adoptedAt?: string;
  @OwnField() issuer?: string;
  @OwnField() legalStatus?: LegalStatus;
}

/** The entity class of every kind of the registry; a kind without one stops the server at start. */
export const KIND_CLASSES = Object.fromEntries(
  KIND_LIST.map((kind) => {
    const found = kindClasses.get(kind);
    if (!found) throw new Error(`У вида ${kind} из реестра видов нет класса сущности (@KindEntity) в material.entity.ts`);
    return [kind, found];
  }),
) as Record<MaterialKind, new () => Material>;

export { MATERIAL_TYPES };
