import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { OrganizationInput, PersonInput } from './directory.inputs.ts';
import { DirectoryService } from './directory.service.ts';

const service = ({ em, viewer }: Context) => new DirectoryService(em, viewer);

@Resolver()
export class DirectoryResolver {
  @Mutation(() => Organization, { description: 'Добавить организацию (методист)' })
  createOrganization(@Arg('input', () => OrganizationInput) input: OrganizationInput, @Ctx() ctx: Context) {
    return service(ctx).createOrganization(input);
  }

  @Mutation(() => Organization, { description: 'Исправить организацию (методист)' })
  updateOrganization(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => OrganizationInput) input: OrganizationInput,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).updateOrganization(id, input);
  }

  @Mutation(() => Organization, { description: 'Объединить дубликаты организаций: материалы и педагоги переходят к targetId' })
  mergeOrganizations(@Arg('targetId', () => ID) targetId: string, @Arg('sourceIds', () => [ID]) sourceIds: string[], @Ctx() ctx: Context) {
    return service(ctx).mergeOrganizations(targetId, sourceIds);
  }

  @Mutation(() => Person, { description: 'Добавить педагога (методист; автор — соавтора, которого нет в справочнике)' })
  createPerson(@Arg('input', () => PersonInput) input: PersonInput, @Ctx() ctx: Context) {
    return service(ctx).createPerson(input);
  }

  @Mutation(() => Person, { description: 'Исправить сведения о педагоге (методист)' })
  updatePerson(@Arg('id', () => ID) id: string, @Arg('input', () => PersonInput) input: PersonInput, @Ctx() ctx: Context) {
    return service(ctx).updatePerson(id, input);
  }

  @Mutation(() => Person, { description: 'Объединить дубликаты педагогов: авторство, членство в МО и учётные записи переходят к targetId' })
  mergePeople(@Arg('targetId', () => ID) targetId: string, @Arg('sourceIds', () => [ID]) sourceIds: string[], @Ctx() ctx: Context) {
    return service(ctx).mergePeople(targetId, sourceIds);
  }
}
