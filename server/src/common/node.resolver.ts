import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.ts';
import { fromGlobalId } from './global-id.ts';
import { NodeEntity, typeNameOf } from './node.entity.ts';

export type NodeFinder = (ctx: Context, id: string) => Promise<NodeEntity | null>;

const finders = new Map<string, NodeFinder>();

/**
 * Each module tells `node(id)` how to fetch its types, with the same visibility rules as its own
 * query; the module's resolver file registers them, so a type is reachable as soon as it is in the schema.
 */
export function registerNodeTypes(entries: Record<string, NodeFinder>) {
  for (const [type, finder] of Object.entries(entries)) {
    if (finders.has(type)) throw new Error(`node(id): type ${type} is registered twice`);
    finders.set(type, finder);
  }
}

@Resolver()
export class NodeResolver {
  @Query(() => NodeEntity, { nullable: true, description: 'Любой объект по глобальному id' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const { type, id: key } = fromGlobalId(id, 'id', [...finders.keys()]);
    const found = await finders.get(type)!(ctx, key);
    // An id minted for one type must not fetch an object of another (a Publication id naming a BestPractice).
    return found && typeNameOf(found) === type ? found : null;
  }
}
