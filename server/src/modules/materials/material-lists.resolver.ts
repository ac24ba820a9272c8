import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { apiError } from '../../common/errors.ts';
import { PageArgs, toConnection } from '../../common/connection.ts';
import type { Context } from '../../context.ts';
import { Role, User } from '../accounts/user.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { MaterialOrder, MaterialOrderField, OrderDirection } from './material.inputs.ts';
import { MaterialConnection } from './material.resolver.ts';
import { MaterialService } from './material.service.ts';
import { connectionNodes, listFields } from './material-read.ts';

// The material lists of other types live here, with materials: people, organizations and accounts know nothing of materials.

@Resolver(() => Person)
export class PersonMaterialsFields {
  @FieldResolver(() => MaterialConnection, { description: 'Материалы автора — портфолио для аттестации' })
  async materials(
    @Root() person: Person,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('orderBy', () => MaterialOrder, { nullable: true }) orderBy: MaterialOrder | undefined,
    @Ctx() { em, viewer }: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const service = new MaterialService(em, viewer);
    const fields = listFields(connectionNodes(info));
    return toConnection(
      MaterialConnection,
      await service.listWhere({ authorships: { $some: { person: person.id } } }, orderBy ?? undefined, page, fields),
    );
  }
}

@Resolver(() => Organization)
export class OrganizationMaterialsFields {
  @FieldResolver(() => MaterialConnection, { description: 'Материалы организации' })
  async materials(
    @Root() organization: Organization,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('orderBy', () => MaterialOrder, { nullable: true }) orderBy: MaterialOrder | undefined,
    @Ctx() { em, viewer }: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const service = new MaterialService(em, viewer);
    const fields = listFields(connectionNodes(info));
    return toConnection(MaterialConnection, await service.listWhere({ organization: organization.id }, orderBy ?? undefined, page, fields));
  }
}

@Resolver(() => User)
export class UserMaterialsFields {
  @FieldResolver(() => MaterialConnection, {
    description: 'Материалы, созданные пользователем, в любом состоянии (сам пользователь и редакторы), новые первыми',
  })
  async materials(
    @Root() user: User,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em, viewer }: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (viewer?.userId !== user.id && viewer?.role !== Role.ADMIN && viewer?.role !== Role.METHODIST) {
      throw apiError('FORBIDDEN', 'Список материалов пользователя виден ему самому и редакторам');
    }
    const service = new MaterialService(em, viewer);
    return toConnection(
      MaterialConnection,
      await service.listWhere(
        { createdBy: user.id },
        { field: MaterialOrderField.UPDATED_AT, direction: OrderDirection.DESC },
        page,
        listFields(connectionNodes(info)),
      ),
    );
  }
}
