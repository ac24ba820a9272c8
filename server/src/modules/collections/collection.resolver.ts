import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { ConnectionType, PageArgs, toConnection } from '../../common/connection.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { connectionNodes, listFields } from '../materials/material-read.ts';
import { MaterialConnection } from '../materials/material.resolver.ts';
import { Collection } from './collection.entity.ts';
import { CollectionInput } from './collection.inputs.ts';
import { CollectionService } from './collection.service.ts';

registerNodeTypes({ Collection: ({ em, viewer }, id) => new CollectionService(em, viewer).findById(id) });

export const CollectionConnection = ConnectionType(Collection, 'Collection');

const service = ({ em, viewer }: Context) => new CollectionService(em, viewer);

@Resolver(() => Collection)
export class CollectionResolver {
  @Query(() => Collection, { nullable: true })
  collection(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).findById(fromGlobalId(id, 'id', [Collection.name]).id);
  }

  @Query(() => CollectionConnection, { description: 'Подборки и сборники (методистам — и неопубликованные)' })
  async collections(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(CollectionConnection, await service(ctx).list(page));
  }

  @FieldResolver(() => MaterialConnection, { description: 'Материалы подборки в порядке составителя' })
  async materials(
    @Root() collection: Collection,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return toConnection(MaterialConnection, await service(ctx).materials(collection, page, listFields(connectionNodes(info))));
  }

  @FieldResolver(() => Int, {
    description: 'Сколько материалов подборки видит спрашивающий (для списка подборок: один запрос на страницу)',
  })
  materialCount(@Root() collection: Collection, @Ctx() ctx: Context) {
    return service(ctx).materialCount(collection);
  }

  @Mutation(() => Collection, { description: 'Создать подборку (методист); новая не опубликована' })
  createCollection(@Arg('input', () => CollectionInput) input: CollectionInput, @Ctx() ctx: Context) {
    return service(ctx).create(input);
  }

  @Mutation(() => Collection, { description: 'Изменить название, описание или опубликовать / снять подборку (методист)' })
  updateCollection(@Arg('id', () => ID) id: string, @Arg('input', () => CollectionInput) input: CollectionInput, @Ctx() ctx: Context) {
    return service(ctx).update(id, input);
  }

  @Mutation(() => Boolean, { description: 'Удалить подборку (методист); материалы остаются' })
  deleteCollection(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).delete(id);
  }

  @Mutation(() => Collection, { description: 'Добавить материал в конец подборки (методист)' })
  addCollectionMaterial(
    @Arg('collectionId', () => ID) collectionId: string,
    @Arg('materialId', () => ID) materialId: string,
    @Arg('note', () => String, { nullable: true, description: 'Почему материал в подборке' }) note: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).addMaterial(collectionId, materialId, note ?? undefined);
  }

  @Mutation(() => Collection, { description: 'Убрать материал из подборки (методист)' })
  removeCollectionMaterial(
    @Arg('collectionId', () => ID) collectionId: string,
    @Arg('materialId', () => ID) materialId: string,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).removeMaterial(collectionId, materialId);
  }

  @Mutation(() => Collection, { description: 'Новый порядок материалов подборки: все её материалы, каждый один раз (методист)' })
  reorderCollectionMaterials(
    @Arg('collectionId', () => ID) collectionId: string,
    @Arg('materialIds', () => [ID]) materialIds: string[],
    @Ctx() ctx: Context,
  ) {
    return service(ctx).reorder(collectionId, materialIds);
  }
}
