import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { fromGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { SearchSynonym } from './synonym.entity.ts';
import { SearchSynonymInput } from './synonym.inputs.ts';
import { SynonymService } from './synonym.service.ts';

const synonymId = (id: string) => fromGlobalId(id, 'id', [SearchSynonym.name]).id;

@Resolver(() => SearchSynonym)
export class SynonymResolver {
  @Query(() => [SearchSynonym], { description: 'Словарь поиска: сокращения с расшифровками и слова педагогов с названиями в документах' })
  searchSynonyms(@Ctx() { em, viewer }: Context) {
    return new SynonymService(em, viewer).list();
  }

  @Mutation(() => SearchSynonym, { description: 'Добавить запись в словарь поиска (методист); поиск учитывает её через несколько секунд' })
  createSearchSynonym(@Arg('input', () => SearchSynonymInput) input: SearchSynonymInput, @Ctx() { em, viewer }: Context) {
    return new SynonymService(em, viewer).create(input);
  }

  @Mutation(() => SearchSynonym, { description: 'Изменить запись словаря поиска (методист)' })
  updateSearchSynonym(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => SearchSynonymInput) input: SearchSynonymInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return new SynonymService(em, viewer).update(synonymId(id), input);
  }

  @Mutation(() => ID, { description: 'Удалить запись словаря поиска (методист); возвращает её id' })
  async deleteSearchSynonym(@Arg('id', () => ID) id: string, @Ctx() { em, viewer }: Context) {
    await new SynonymService(em, viewer).delete(synonymId(id));
    return id;
  }
}
