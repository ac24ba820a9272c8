import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { ConnectionType, PageArgs, toConnection } from '../../common/connection.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { MaterialConnection } from '../materials/material.resolver.ts';
import { MaterialOrder } from '../materials/material.inputs.ts';
import { MaterialService } from '../materials/material.service.ts';
import { PersonConnection } from '../people/person.resolver.ts';
import { PersonService } from '../people/person.service.ts';
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

  @FieldResolver(() => PersonConnection, { description: 'Педагоги организации' })
  async people(@Root() organization: Organization, @Args(() => PageArgs) page: PageArgs, @Ctx() { em }: Context) {
    return toConnection(PersonConnection, await new PersonService(em).listWhere({ organization: organization.id }, page));
  }

  @FieldResolver(() => MaterialConnection, { description: 'Материалы организации' })
  async materials(
    @Root() organization: Organization,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('orderBy', () => MaterialOrder, { nullable: true }) orderBy: MaterialOrder | undefined,
    @Ctx() { em, viewer }: Context,
  ) {
    const service = new MaterialService(em, viewer);
    return toConnection(MaterialConnection, await service.listWhere({ organization: organization.id }, orderBy ?? undefined, page));
  }
}
