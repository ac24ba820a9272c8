import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { ConnectionType, PageArgs, toConnection } from '../../common/connection.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { Organization } from './organization.entity.ts';
import { OrganizationFilter } from './organization.inputs.ts';
import { OrganizationService } from './organization.service.ts';

registerNodeTypes({ Organization: ({ em }, id) => em.findOne(Organization, { id }) });

export const OrganizationConnection = ConnectionType(Organization, 'Organization');

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { nullable: true })
  organization(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return new OrganizationService(em).findById(fromGlobalId(id, 'id', [Organization.name]).id);
  }

  @Query(() => OrganizationConnection, { description: 'Образовательные организации по алфавиту' })
  async organizations(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => OrganizationFilter, { nullable: true }) filter: OrganizationFilter | undefined,
    @Ctx() { em }: Context,
  ) {
    return toConnection(OrganizationConnection, await new OrganizationService(em).list(filter ?? undefined, page));
  }
}
