import { ArrayType, Collection, Entity, Enum, Index, ManyToMany, ManyToOne, OneToMany, PrimaryKeyProp, Property, type Ref, Unique, type Opt } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, InterfaceType, ObjectType } from 'type-graphql';
import { NodeEntity, typeNameOf } from '../../common/node.entity.ts';
import { User } from '../accounts/user.entity.ts';
import { EducationLevel, Keyword, Subject } from '../dictionaries/dictionary.entity.ts';
import { MaterialFile } from '../files/media-file.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { ExpertLevel, LegalStatus, MaterialKind, MaterialStatus, MethodologicalMaterialType } from './material.enums.ts';

/**
 * Everything the library holds, in one table (single-table inheritance on `kind`): the four
 * kinds share search, workflow, files and authorship, and differ in a few columns.
 */
@InterfaceType('Material', { implements: NodeEntity, resolveType: typeNameOf, description: 'Материал базы знаний' })
@Entity({ tableName: 'material', discriminatorColumn: 'kind', abstract: true })
@Index({ properties: ['status', 'publishedAt'] })
@Index({ name: 'material_grades_gin', expression: 'create index "material_grades_gin" on "material" using gin ("grades")' })
// The orders of lists, first page read straight from the index (migration 20261122120000).
@Index({ name: 'material_published_order', expression: 'create index "material_published_order" on "material" ("status", "published_at" desc nulls last, "id" desc)' })
@Index({ name: 'material_downloads_order', expression: 'create index "material_downloads_order" on "material" ("status", "download_count" desc nulls last, "id" desc)' })
@Index({ name: 'material_views_order', expression: 'create index "material_views_order" on "material" ("status", "view_count" desc nulls last, "id" desc)' })
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

  @Field(() => String, { nullable: true, description: 'Регистрационный номер публикации, например ИМЦ-2026-00042' })
  @Property({ type: 'text', nullable: true })
  @Unique()
  registrationNumber?: string;

  @Field(() => String, { nullable: true, description: 'Свидетельство о публикации (PDF) для аттестации' })
  get certificateUrl(): Opt<string> | undefined {
    return this.registrationNumber && this.status === MaterialStatus.PUBLISHED ? `/certificates/${encodeURIComponent(this.registrationNumber)}.pdf` : undefined;
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

@ObjectType({ implements: [NodeEntity, Material], description: 'Педагогическая практика (опыт)' })
@Entity({ discriminatorValue: MaterialKind.BEST_PRACTICE })
export class BestPractice extends Material {
  @Field(() => String, { nullable: true, description: 'Проблема, которую решает практика' })
  @Property({ type: 'text', nullable: true })
  problem?: string;

  @Field(() => String, { nullable: true, description: 'Цель' })
  @Property({ type: 'text', nullable: true })
  goal?: string;

  @Field(() => String, { nullable: true, description: 'Новизна' })
  @Property({ type: 'text', nullable: true })
  novelty?: string;

  @Field(() => String, { nullable: true, description: 'Результаты' })
  @Property({ type: 'text', nullable: true })
  results?: string;

  @Field(() => String, { nullable: true, description: 'Условия для использования опыта другими педагогами' })
  @Property({ type: 'text', nullable: true })
  reuseConditions?: string;

  @Field(() => ExpertLevel, { nullable: true, description: 'Уровень, на котором практика рекомендована' })
  @Enum({ items: () => ExpertLevel, nativeEnumName: 'expert_level', nullable: true })
  expertLevel?: ExpertLevel;
}

@ObjectType({ implements: [NodeEntity, Material], description: 'Публикация: статья, сборник, пособие' })
@Entity({ discriminatorValue: MaterialKind.PUBLICATION })
export class Publication extends Material {
  @Field(() => String, { nullable: true, description: 'Источник: журнал, сборник, издательство' })
  @Property({ type: 'text', nullable: true })
  source?: string;

  @Field(() => Int, { nullable: true, description: 'Год издания' })
  @Property({ type: 'integer', nullable: true })
  year?: number;

  @Field(() => String, { nullable: true, description: 'Страницы, например «12–18»' })
  @Property({ type: 'text', nullable: true })
  pages?: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  isbn?: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  issn?: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  doi?: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  url?: string;
}

@ObjectType({ implements: [NodeEntity, Material], description: 'Методический материал' })
@Entity({ discriminatorValue: MaterialKind.METHODOLOGICAL_MATERIAL })
export class MethodologicalMaterial extends Material {
  @Field(() => MethodologicalMaterialType, { nullable: true })
  @Enum({ items: () => MethodologicalMaterialType, nativeEnumName: 'methodological_material_type', nullable: true })
  materialType?: MethodologicalMaterialType;
}

@ObjectType({ implements: [NodeEntity, Material], description: 'Нормативный документ' })
@Entity({ discriminatorValue: MaterialKind.NORMATIVE_DOCUMENT })
export class NormativeDocument extends Material {
  @Field(() => String, { nullable: true, description: 'Номер документа' })
  @Property({ type: 'text', nullable: true })
  number?: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Дата принятия (ГГГГ-ММ-ДД)' })
  @Property({ type: 'date', nullable: true })
  adoptedAt?: string;

  @Field(() => String, { nullable: true, description: 'Орган, принявший документ' })
  @Property({ type: 'text', nullable: true })
  issuer?: string;

  @Field(() => LegalStatus, { nullable: true })
  @Enum({ items: () => LegalStatus, nativeEnumName: 'legal_status', nullable: true })
  legalStatus?: LegalStatus;
}

export const MATERIAL_TYPES = ['BestPractice', 'Publication', 'MethodologicalMaterial', 'NormativeDocument'] as const;
