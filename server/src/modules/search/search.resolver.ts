import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { type Context, countsAsPerson } from '../../context.ts';
import { badInput } from '../../common/errors.ts';
import { Material } from '../materials/material.entity.ts';
import { listFields, selectionOf, subfields } from '../materials/material-read.ts';
import { relatedMaterials } from './related-materials.ts';
import { hitSelection } from './search-hits.ts';
import { SearchService } from './search.service.ts';
import {
  Highlight,
  HighlightField,
  SearchAllResult,
  SearchFilter,
  SearchHit,
  SearchResult,
  SearchSort,
  Suggestions,
} from './search.types.ts';

/** Whether the operation reads this field of the current one's result. */
const selects = (info: GraphQLResolveInfo, name: string) => subfields(selectionOf(info)).some((field) => field.name === name);

@Resolver()
export class SearchResolver {
  @Query(() => SearchResult, {
    description: 'Поиск по опубликованным материалам: любые формы слов, опечатки, аббревиатуры, фасеты. Пустой запрос — все материалы',
  })
  async search(
    @Arg('query', () => String, { nullable: true, defaultValue: '' }) query: string,
    @Arg('filter', () => SearchFilter, { nullable: true }) filter: SearchFilter | undefined,
    @Arg('sort', () => SearchSort, { nullable: true, defaultValue: SearchSort.RELEVANCE }) sort: SearchSort,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Arg('ignore', () => [String], {
      nullable: true,
      description: 'Ключи распознанных частей запроса (QueryPart.key), которые читать как обычные слова',
    })
    ignore: string[] | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ) {
    const result = await new SearchService(ctx.em, ctx.viewer, ctx.search).search(
      { query, filter: filter ?? undefined, sort, ignore: ignore ?? undefined, facets: selects(info, 'facets'), ...page },
      hitSelection(info),
    );
    // What teachers look for, and what the bank lacks: first pages of typed queries only. A query
    // answered only through a correction or by partial matches found nothing it asked for.
    if (!page.after && countsAsPerson(ctx)) ctx.usage.search(query, result.correctedQuery || result.partialMatch ? 0 : result.totalCount);
    return result;
  }

  @Query(() => Suggestions, { description: 'Подсказки при наборе: названия материалов и педагоги' })
  suggest(@Arg('query', () => String) query: string, @Ctx() { em, viewer, search }: Context) {
    return new SearchService(em, viewer, search).suggest(query);
  }

  @Query(() => SearchAllResult, { description: 'Общий поиск: материалы, педагоги и организации одним запросом' })
  searchAll(
    @Arg('query', () => String) query: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 5 }) first: number,
    @Ctx() { em, viewer, search }: Context,
  ) {
    return new SearchService(em, viewer, search).searchAll(query, first);
  }
}

@Resolver(() => SearchHit)
export class SearchHitFields {
  @FieldResolver(() => [Highlight], { description: 'Найденные слова в названии, описании, тексте и файлах' })
  highlights(
    @Root() hit: SearchHit,
    @Arg('fields', () => [HighlightField], {
      nullable: true,
      description: 'Только эти поля (без аргумента — все); тексты файлов читаются, только когда спрошены FILE или BODY',
    })
    fields: HighlightField[] | null | undefined,
  ): Highlight[] {
    return fields ? hit.highlights.filter((highlight) => fields.includes(highlight.field)) : hit.highlights;
  }
}

@Resolver(() => Material)
export class RelatedMaterialsField {
  @FieldResolver(() => [Material], { description: 'Похожие опубликованные материалы: общие ключевые слова, предметы, уровни' })
  related(
    @Root() material: Material,
    @Arg('first', () => Int, { defaultValue: 5, description: 'Сколько (не больше 20)' }) first: number,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (!Number.isInteger(first) || first < 0 || first > 20) throw badInput('first', 'целое число от 0 до 20');
    return relatedMaterials(ctx, material, first, listFields([selectionOf(info)]));
  }
}
