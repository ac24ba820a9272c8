import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { PageArgs } from '../../common/connection.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import { likePattern } from '../../common/like-pattern.ts';
import { paginate } from '../../common/pagination.ts';
import { Subject } from '../dictionaries/dictionary.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from './person.entity.ts';
import type { PersonFilter } from './person.inputs.ts';

export class PersonService {
  constructor(private readonly em: EntityManager) {}

  findById(id: string) {
    return this.em.findOne(Person, { id });
  }

  list(filter: PersonFilter = {}, page: PageArgs) {
    const conditions: FilterQuery<Person>[] = [];
    if (filter.organizationId)
      conditions.push({ organization: fromGlobalId(filter.organizationId, 'filter.organizationId', [Organization.name]).id });
    if (filter.subjectId)
      conditions.push({ subjects: { $some: { id: fromGlobalId(filter.subjectId, 'filter.subjectId', [Subject.name]).id } } });
    if (filter.query?.trim()) conditions.push({ fullName: { $ilike: likePattern(filter.query) } });
    return this.listWhere(conditions.length ? { $and: conditions } : {}, page);
  }

  listWhere(condition: FilterQuery<Person>, page: PageArgs) {
    return paginate<Person>(this.em, Person, condition, { field: 'fullName', direction: 'ASC', type: 'text' }, page);
  }
}
