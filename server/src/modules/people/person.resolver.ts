import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { ConnectionType, PageArgs, toConnection } from '../../common/connection.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import { perRequest } from '../../common/per-request.ts';
import { linkLoader } from '../../common/plain-rows.ts';
import type { Context } from '../../context.ts';
import { Subject } from '../dictionaries/dictionary.entity.ts';
import { inUse } from '../dictionaries/retirable.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { MethodAssociation } from './method-association.entity.ts';
import { Person } from './person.entity.ts';
import { PersonFilter } from './person.inputs.ts';
import { PersonService } from './person.service.ts';

registerNodeTypes({
  Person: ({ em }, id) => em.findOne(Person, { id }),
  MethodAssociation: ({ em }, id) => em.findOne(MethodAssociation, { id }),
});

export const PersonConnection = ConnectionType(Person, 'Person');

const personSubjects = perRequest((em) =>
  linkLoader(em, Subject, { table: 'person_subject', owner: 'person_id', column: 'subject_id', target: 'subject' }),
);

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true })
  person(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return new PersonService(em).findById(fromGlobalId(id, 'id', [Person.name]).id);
  }

  @Query(() => PersonConnection, { description: 'Педагоги по алфавиту' })
  async people(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => PersonFilter, { nullable: true }) filter: PersonFilter | undefined,
    @Ctx() { em }: Context,
  ) {
    return toConnection(PersonConnection, await new PersonService(em).list(filter ?? undefined, page));
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() person: Person) {
    return person.organization?.load() ?? null;
  }

  @FieldResolver(() => [Subject], { description: 'Предметы, которые ведёт педагог' })
  async subjects(@Root() person: Person, @Ctx() { em }: Context) {
    // A list's authors are plain objects without collections (common/plain-rows.ts).
    const subjects = person.subjects ? await person.subjects.load() : await personSubjects(em).load(person.id);
    return [...subjects].sort((a, b) => a.position - b.position);
  }
}

@Resolver(() => MethodAssociation)
export class MethodAssociationResolver {
  @Query(() => [MethodAssociation], { description: 'Районные методические объединения' })
  methodAssociations(
    @Arg('includeRetired', () => Boolean, { defaultValue: false, description: 'И те, что больше не работают' }) includeRetired: boolean,
    @Ctx() { em }: Context,
  ) {
    return em.find(MethodAssociation, inUse(includeRetired), { orderBy: { name: 'asc' } });
  }

  @FieldResolver(() => Subject, { nullable: true })
  subject(@Root() association: MethodAssociation) {
    return association.subject?.load() ?? null;
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Руководитель МО' })
  leader(@Root() association: MethodAssociation) {
    return association.leader?.load() ?? null;
  }

  @FieldResolver(() => [Person])
  async members(@Root() association: MethodAssociation) {
    return [...(await association.members.load())].sort((a, b) => a.fullName.localeCompare(b.fullName, 'ru'));
  }
}

/** The people of an organization live here, with people: organizations know nothing of them. */
@Resolver(() => Organization)
export class OrganizationPeopleFields {
  @FieldResolver(() => PersonConnection, { description: 'Педагоги организации' })
  async people(@Root() organization: Organization, @Args(() => PageArgs) page: PageArgs, @Ctx() { em }: Context) {
    return toConnection(PersonConnection, await new PersonService(em).listWhere({ organization: organization.id }, page));
  }
}
