import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { PageArgs } from '../../common/connection.ts';
import { paginate } from '../../common/pagination.ts';
import { likePattern } from '../../common/like-pattern.ts';
import { Organization } from './organization.entity.ts';
import type { OrganizationFilter } from './organization.inputs.ts';

export class OrganizationService {
  constructor(private readonly em: EntityManager) {}

  findById(id: string) {
    return this.em.findOne(Organization, { id });
  }

  list(filter: OrganizationFilter = {}, page: PageArgs) {
    const conditions: FilterQuery<Organization>[] = [];
    if (filter.municipality) conditions.push({ municipality: filter.municipality });
    if (filter.types?.length) conditions.push({ type: { $in: filter.types } });
    if (filter.query?.trim()) {
      conditions.push({ $or: [{ name: { $ilike: likePattern(filter.query) } }, { shortName: { $ilike: likePattern(filter.query) } }] });
    }
    return paginate<Organization>(
      this.em,
      Organization,
      conditions.length ? { $and: conditions } : {},
      { field: 'name', direction: 'ASC', type: 'text' },
      page,
    );
  }
}
