import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Material } from '../materials/material.entity.ts';

@InputType({ description: 'Период отчёта: дни района (часовой пояс DISTRICT_TIMEZONE), обе даты включительно' })
export class PeriodInput {
  @Field(() => LocalDateResolver, { description: 'Первый день, ГГГГ-ММ-ДД' })
  from!: string;

  @Field(() => LocalDateResolver, { description: 'Последний день, ГГГГ-ММ-ДД' })
  to!: string;
}

@ObjectType({ description: 'Использование базы за один день' })
export class DailyUsage {
  @Field(() => LocalDateResolver)
  day!: string;

  @Field(() => Int, { description: 'Открытия страниц материалов' })
  views!: number;

  @Field(() => Int, { description: 'Скачивания файлов' })
  downloads!: number;

  @Field(() => Int, { description: 'Поисковые запросы' })
  searches!: number;
}

@ObjectType({ description: 'Материал и его использование за период' })
export class MaterialUsage {
  @Field(() => Material)
  material!: Material;

  @Field(() => Int)
  views!: number;

  @Field(() => Int)
  downloads!: number;
}

@ObjectType({ description: 'Поисковый запрос (приведён к нижнему регистру, ё → е) и сколько раз его задавали' })
export class SearchQueryUsage {
  @Field(() => String)
  query!: string;

  @Field(() => Int)
  searches!: number;

  @Field(() => Int, { description: 'Сколько раз он ничего не нашёл' })
  zeroResults!: number;
}

@ObjectType({ description: 'Статистика использования за период: без персональных данных, без роботов' })
export class UsageReport {
  @Field(() => LocalDateResolver)
  from!: string;

  @Field(() => LocalDateResolver)
  to!: string;

  @Field(() => String, { description: 'Часовой пояс, в котором считаются дни' })
  timeZone!: string;

  @Field(() => Int)
  views!: number;

  @Field(() => Int)
  downloads!: number;

  @Field(() => Int)
  searches!: number;

  @Field(() => Int, { description: 'Запросы, которые ничего не нашли' })
  zeroResultSearches!: number;

  @Field(() => [DailyUsage], { description: 'По дням, каждый день периода (и без событий)' })
  daily!: DailyUsage[];

  @Field(() => [MaterialUsage], { description: 'Самые используемые материалы: по открытиям и скачиваниям' })
  topMaterials!: MaterialUsage[];

  @Field(() => [SearchQueryUsage], { description: 'Самые частые запросы' })
  topQueries!: SearchQueryUsage[];

  @Field(() => [SearchQueryUsage], { description: 'Частые запросы без результатов: чего в банке не хватает' })
  zeroResultQueries!: SearchQueryUsage[];
}

export enum ReportDimension {
  ORGANIZATION = 'ORGANIZATION',
  SUBJECT = 'SUBJECT',
  LEVEL = 'LEVEL',
  KIND = 'KIND',
}
registerEnumType(ReportDimension, { name: 'ReportDimension', description: 'Разрез отчёта о материалах' });

@ObjectType({ description: 'Строка отчёта о материалах: значение разреза и число материалов по состояниям' })
export class MaterialsReportRow {
  @Field(() => String, { description: 'Название организации, предмета, уровня или вида' })
  label!: string;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  draft!: number;

  @Field(() => Int)
  inReview!: number;

  @Field(() => Int)
  published!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => Int)
  archived!: number;
}

@ObjectType({ description: 'Активность авторов организации за период; молодые специалисты (стаж меньше 3 лет) отдельно' })
export class AuthorsActivityRow {
  @Field(() => String)
  organization!: string;

  @Field(() => Int, { description: 'Авторов с материалами за период' })
  authors!: number;

  @Field(() => Int)
  materials!: number;

  @Field(() => Int, { description: 'Из них опубликовано' })
  published!: number;

  @Field(() => Int)
  youngAuthors!: number;

  @Field(() => Int)
  youngMaterials!: number;
}

@ObjectType({ description: 'Сроки экспертизы: от отправки на экспертизу до публикации, для опубликованных за период' })
export class ReviewTurnaround {
  @Field(() => Int)
  published!: number;

  @Field(() => Number, { nullable: true, description: 'Медиана, дней' })
  medianDays!: number | null;

  @Field(() => Number, { nullable: true, description: '90-й процентиль, дней' })
  p90Days!: number | null;
}

@ObjectType({ description: 'Клетка «предмет × уровень» с малым числом опубликованных материалов' })
export class CoverageGap {
  @Field(() => String)
  subject!: string;

  @Field(() => String, { description: 'Код уровня: ДО, НОО, ООО, СОО, ДОП' })
  level!: string;

  @Field(() => String, { description: 'Название уровня: «Основное общее образование»' })
  levelName!: string;

  @Field(() => Int)
  published!: number;
}
