import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { perRequest } from '../../common/per-request.ts';
import { Review } from '../reviews/review.entity.ts';
import { MaterialRevision } from './revision.entity.ts';

/** Rows of one table for many materials at once, in the order given, grouped by material. */
function byMaterial<T extends { material: { id: string } }>(load: (materialIds: string[]) => Promise<T[]>) {
  return new DataLoader<string, T[]>(async (materialIds) => {
    const groups = new Map<string, T[]>(materialIds.map((id) => [id, []]));
    for (const row of await load([...materialIds])) groups.get(row.material.id)?.push(row);
    return materialIds.map((id) => groups.get(id)!);
  });
}

/** A list of materials with their reviews or history (the review desk asks for 100) costs a statement per field, not per material. */
class WorkflowLoaders {
  constructor(private readonly em: EntityManager) {}

  readonly reviews = byMaterial((ids) => this.em.find(Review, { material: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } }));

  readonly revisions = byMaterial((ids) => this.em.find(MaterialRevision, { material: { $in: ids } }, { orderBy: { version: 'desc', createdAt: 'desc', id: 'desc' } }));
}

export const workflowLoaders = perRequest((em) => new WorkflowLoaders(em));
