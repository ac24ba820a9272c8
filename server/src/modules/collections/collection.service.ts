import type { EntityManager } from '@mikro-orm/core';
import type { PageArgs } from '../../common/connection.ts';
import { paginate, paginateByOffset } from '../../common/pagination.ts';
import { canSeeUnpublished, type Viewer } from '../accounts/viewer.ts';
import type { Material } from '../materials/material.entity.ts';
import { MaterialService } from '../materials/material.service.ts';
import { Collection, CollectionItem } from './collection.entity.ts';

export class CollectionService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
  ) {}

  private visible() {
    return canSeeUnpublished(this.viewer) ? {} : { published: true };
  }

  findById(id: string) {
    return this.em.findOne(Collection, { $and: [{ id }, this.visible()] });
  }

  list(page: PageArgs) {
    return paginate<Collection>(this.em, Collection, this.visible(), { field: 'title', direction: 'ASC', type: 'text' }, page);
  }

  /** The collection's materials in the curator's order, skipping those the viewer may not see. */
  async materials(collection: Collection, page: PageArgs) {
    const visibleMaterial = new MaterialService(this.em, this.viewer).visible();
    const items = await paginateByOffset<CollectionItem>(
      this.em,
      CollectionItem,
      { collection: collection.id, material: visibleMaterial },
      { position: 'asc' },
      page,
      { populate: ['material'] as never },
    );
    return { ...items, edges: items.edges.map((edge) => ({ cursor: edge.cursor, node: edge.node.material.getEntity() as Material })) };
  }
}
