import { ArrayMaxSize, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../../common/connection.ts';
import { ru } from '../../common/validation.ts';
import { Material } from '../materials/material.entity.ts';
import { ExpertLevel, MethodologicalMaterialType } from '../materials/material.enums.ts';
import { MaterialFacetFilter } from '../materials/material.inputs.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { registerLabelledEnum } from '../../common/enums.ts';
import { FacetName } from './facets.ts';

export enum SearchEngine {
  MEILISEARCH = 'MEILISEARCH',
  POSTGRES = 'POSTGRES',
}
registerLabelledEnum(SearchEngine, 'SearchEngine', 'Кто ответил на поиск', {
  MEILISEARCH: 'Поисковая система (полный поиск: опечатки, фасеты)',
  POSTGRES: 'Запасной поиск по базе данных, пока поисковая система недоступна',
});

export enum SearchSort {
  RELEVANCE = 'RELEVANCE',
  NEWEST = 'NEWEST',
  MOST_DOWNLOADED = 'MOST_DOWNLOADED',
  MOST_VIEWED = 'MOST_VIEWED',
  TITLE = 'TITLE',
}
registerEnumType(SearchSort, {
  name: 'SearchSort',
  valuesConfig: {
    RELEVANCE: { description: 'Сначала самые подходящие' },
    NEWEST: { description: 'Сначала новые' },
    MOST_DOWNLOADED: { description: 'Сначала часто скачиваемые' },
    MOST_VIEWED: { description: 'Сначала часто просматриваемые' },
    TITLE: { description: 'По алфавиту' },
  },
});

export enum HighlightField {
  TITLE = 'TITLE',
  SUMMARY = 'SUMMARY',
  BODY = 'BODY',
  FILE = 'FILE',
}
registerEnumType(HighlightField, { name: 'HighlightField', description: 'Где найдены слова запроса' });

registerEnumType(FacetName, { name: 'FacetName', description: 'Фасет — признак, по которому можно сузить поиск' });

export enum QueryPartKind {
  GRADE = 'GRADE',
  LEVEL = 'LEVEL',
  SUBJECT = 'SUBJECT',
}
registerLabelledEnum(QueryPartKind, 'QueryPartKind', 'Что распознано в запросе', {
  GRADE: 'Класс',
  LEVEL: 'Уровень образования',
  SUBJECT: 'Предмет',
});

@ObjectType({ description: 'Распознанная часть запроса: поднимает материалы с этим признаком выше, ничего не отсекая' })
export class QueryPart {
  @Field(() => QueryPartKind)
  kind!: QueryPartKind;

  @Field(() => String, { description: 'Ключ для аргумента ignore поиска: «grade:8», «level:НОО», «subject:<id>»' })
  key!: string;

  @Field(() => String, { description: 'Подпись для человека: «8 класс», «НОО — начальное общее образование», «Химия»' })
  label!: string;

  @Field(() => String, { description: 'Слова запроса, из которых это прочитано' })
  text!: string;
}

@ObjectType({ description: 'Фрагмент текста с найденными словами в <mark>…</mark> (HTML экранирован)' })
export class Highlight {
  @Field(() => HighlightField)
  field!: HighlightField;

  @Field(() => String)
  fragment!: string;

  @Field(() => String, { nullable: true, description: 'Для FILE: имя файла' })
  fileName?: string;
}

@ObjectType()
export class SearchHit {
  @Field(() => String)
  cursor!: string;

  @Field(() => Material)
  material!: Material;

  /** Every highlight computed for the hit; the `highlights` field answers those of the fields asked for (search.resolver.ts). */
  highlights!: Highlight[];
}

@ObjectType()
export class FacetValue {
  @Field(() => String, { description: 'Значение для фильтра (для предметов, уровней, организаций — их id)' })
  value!: string;

  @Field(() => String, { description: 'Подпись для человека' })
  label!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class Facet {
  @Field(() => FacetName)
  name!: FacetName;

  @Field(() => [FacetValue], { description: 'Значения с числом материалов с учётом остальных выбранных фильтров' })
  values!: FacetValue[];
}

@ObjectType()
export class SearchResult {
  @Field(() => [SearchHit])
  hits!: SearchHit[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;

  @Field(() => [Facet])
  facets!: Facet[];

  @Field(() => Int)
  processingTimeMs!: number;

  @Field(() => SearchEngine)
  engine!: SearchEngine;

  @Field(() => Boolean, { description: 'Ни один материал не содержит всех слов запроса: показаны лучшие частичные совпадения' })
  partialMatch!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'По запросу ничего не нашлось, и показаны результаты по исправленному («Возможно, вы искали: …»): слова из словаря самого банка',
  })
  correctedQuery?: string;

  @Field(() => [QueryPart], { description: 'Класс, уровень и предмет, прочитанные из запроса: такие материалы стоят выше' })
  understood!: QueryPart[];
}

@ObjectType()
export class Suggestions {
  @Field(() => [Material])
  materials!: Material[];

  @Field(() => [Person])
  people!: Person[];
}

@ObjectType()
export class SearchAllResult {
  @Field(() => [SearchHit])
  materials!: SearchHit[];

  @Field(() => Int)
  materialCount!: number;

  @Field(() => [Person])
  people!: Person[];

  @Field(() => [Organization])
  organizations!: Organization[];

  @Field(() => SearchEngine)
  engine!: SearchEngine;
}

const MAX = 50;

/** Values within one facet are alternatives (OR); facets narrow each other (AND). */
@InputType({ description: 'Фильтры поиска (значения фасетов)' })
export class SearchFilter extends MaterialFacetFilter {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX, { message: ru.arrayMaxSize })
  @MaxLength(200, { each: true, message: ru.maxLength })
  municipalities?: string[];

  @Field(() => [Int], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX, { message: ru.arrayMaxSize })
  @Min(1900, { each: true, message: ru.min })
  @Max(2100, { each: true, message: ru.max })
  years?: number[];

  @Field(() => [ExpertLevel], { nullable: true })
  expertLevels?: ExpertLevel[];

  @Field(() => [MethodologicalMaterialType], { nullable: true })
  materialTypes?: MethodologicalMaterialType[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX, { message: ru.arrayMaxSize })
  @MaxLength(200, { each: true, message: ru.maxLength })
  keywords?: string[];
}
