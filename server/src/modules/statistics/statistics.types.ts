import { Field, Int, ObjectType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Material } from '../materials/material.entity.ts';
import { type DailyUsage, queriesReport, type SearchQueryUsage, usageReport } from './report-definitions.ts';

@ObjectType({ description: 'Материал и его использование за период' })
export class MaterialUsage {
  @Field(() => Material)
  material!: Material;

  @Field(() => Int)
  views!: number;

  @Field(() => Int)
  downloads!: number;
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

  @Field(() => [usageReport.type], { description: 'По дням, каждый день периода (и без событий)' })
  daily!: DailyUsage[];

  @Field(() => [MaterialUsage], { description: 'Самые используемые материалы: по открытиям и скачиваниям' })
  topMaterials!: MaterialUsage[];

  @Field(() => [queriesReport.type], { description: 'Самые частые запросы' })
  topQueries!: SearchQueryUsage[];

  @Field(() => [queriesReport.type], { description: 'Частые запросы без результатов: чего в банке не хватает' })
  zeroResultQueries!: SearchQueryUsage[];
}
