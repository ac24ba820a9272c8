import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { ConnectionType, PageArgs, toConnection } from '../../common/connection.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { MaterialConnection } from '../materials/material.resolver.ts';
import { Collection } from './collection.entity.ts';
import { CollectionService } from './collection.service.ts';

registerNodeTypes({ Collection: ({ em, viewer }, id) => new CollectionService(em, viewer).findById(id) });

export const CollectionConnection = ConnectionType(Collection, 'Collection');

@Resolver(() => Collection)
export class CollectionResolver {
  @Query(() => Collection, { nullable: true })
  collection(@Arg('id', () => ID) id: string, @Ctx() { em, viewer }: Context) {
    return new CollectionService(em, viewer).findById(fromGlobalId(id, 'id', [Collection.name]).id);
  }

  @Query(() => CollectionConnection, { description: 'Подборки и сборники' })
  async collections(@Args(() => PageArgs) page: PageArgs, @Ctx() { em, viewer }: Context) {
    return toConnection(CollectionConnection, await new CollectionService(em, viewer).list(page));
  }

  @FieldResolver(() => MaterialConnection, { description: 'Материалы подборки в порядке составителя' })
  async materials(@Root() collection: Collection, @Args(() => PageArgs) page: PageArgs, @Ctx() { em, viewer }: Context) {
    return toConnection(MaterialConnection, await new CollectionService(em, viewer).materials(collection, page));
  }
}
