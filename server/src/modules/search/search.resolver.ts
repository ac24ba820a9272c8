import { Arg, Args, Ctx, Int, Query, Resolver } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import type { Context } from '../../context.ts';
import { SearchService } from './search.service.ts';
import { SearchAllResult, SearchFilter, SearchResult, SearchSort, Suggestions } from './search.types.ts';

@Resolver()
export class SearchResolver {
  @Query(() => SearchResult, { description: 'Поиск по опубликованным материалам: любые формы слов, опечатки, аббревиатуры, фасеты. Пустой запрос — все материалы' })
  search(
    @Arg('query', () => String, { nullable: true, defaultValue: '' }) query: string,
    @Arg('filter', () => SearchFilter, { nullable: true }) filter: SearchFilter | undefined,
    @Arg('sort', () => SearchSort, { nullable: true, defaultValue: SearchSort.RELEVANCE }) sort: SearchSort,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em, viewer, search }: Context,
  ) {
    return new SearchService(em, viewer, search).search({ query, filter: filter ?? undefined, sort, ...page });
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
