import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { PageArgs } from '../../common/connection.ts';
import { badInput, notFound } from '../../common/errors.ts';
import { trimmedInput } from '../../common/text-input.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import { paginate, paginateByOffset } from '../../common/pagination.ts';
import { perRequest } from '../../common/per-request.ts';
import { authorize } from '../accounts/policy.ts';
import { canSeeUnpublished, type Viewer } from '../accounts/viewer.ts';
import { Material, MATERIAL_TYPES } from '../materials/material.entity.ts';
import { MaterialStatus } from '../materials/material.enums.ts';
import { MaterialService } from '../materials/material.service.ts';
import { Collection, CollectionItem } from './collection.entity.ts';
import type { CollectionInput } from './collection.inputs.ts';

/** How many materials one collection holds: a curated list, not a catalogue. */
export const MAX_COLLECTION_ITEMS = 500;

/**
 * How many materials each collection shows its viewer: one statement for a page of collections (the
 * desk lists 20). A request has one viewer, so its loader is made with the first one asking.
 */
const materialCounts = perRequest((em) => {
  let loader: DataLoader<string, number> | undefined;
  return (viewer: Viewer | null) =>
    (loader ??= new DataLoader<string, number>(async (ids) => {
      const visibleMaterial = new MaterialService(em, viewer).visible();
      const items = await em.find(
        CollectionItem,
        { collection: { $in: [...ids] }, material: visibleMaterial },
        { fields: ['collection'] as never },
      );
      const counts = new Map<string, number>();
      for (const item of items) counts.set(item.collection.id, (counts.get(item.collection.id) ?? 0) + 1);
      return ids.map((id) => counts.get(id) ?? 0);
    }));
});

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

  /** The number of the collection's materials the viewer may see. */
  materialCount(collection: Collection): Promise<number> {
    return materialCounts(this.em)(this.viewer).load(collection.id);
  }

  /**
   * The collection's materials in the curator's order, skipping those the viewer may not see.
   * `fields`: what the caller reads of each, when a list's read model answers it (see material-read.ts).
   */
  async materials(collection: Collection, page: PageArgs, fields: string[] | null = null) {
    const materials = new MaterialService(this.em, this.viewer);
    const items = await paginateByOffset<CollectionItem>(
      this.em,
      CollectionItem,
      { collection: collection.id, material: materials.visible() },
      { position: 'asc' },
      page,
      fields ? {} : { populate: ['material'] as never },
    );
    const rows = fields
      ? new Map(
          (
            await materials.read(
              items.edges.map((edge) => edge.node.material.id),
              fields,
            )
          ).map((m) => [m.id, m]),
        )
      : null;
    const node = (item: CollectionItem) => (rows ? rows.get(item.material.id) : (item.material.getEntity() as Material));
    // One unpublished between the two statements is left out, as the first would have.
    const edges = items.edges.flatMap((edge) => {
      const material = node(edge.node);
      return material ? [{ cursor: edge.cursor, node: material }] : [];
    });
    return { ...items, edges };
  }

  // Writes: methodists and admins (rule `collection.manage`).

  private async editable(id: string, argument: string): Promise<Collection> {
    authorize(this.viewer, 'collection.manage');
    const collection = await this.em.findOne(Collection, { id: fromGlobalId(id, argument, [Collection.name]).id }, { populate: ['items'] });
    if (!collection) throw notFound('Подборка', id);
    return collection;
  }

  private async apply(collection: Collection, input: CollectionInput) {
    const { title, description } = trimmedInput(input, ['title']);
    if (title) collection.title = title;
    if (description !== undefined) collection.description = description ?? '';
    if (input.published === true && !collection.published) {
      const ids = collection.items.getItems().map((item) => item.material.id);
      if (!(await this.em.count(Material, { id: { $in: ids }, status: MaterialStatus.PUBLISHED }))) {
        throw badInput('input.published', 'в подборке нет ни одного опубликованного материала: читатели увидят пустую страницу');
      }
    }
    if (input.published !== undefined && input.published !== null) collection.published = input.published;
  }

  async create(input: CollectionInput): Promise<Collection> {
    authorize(this.viewer, 'collection.manage');
    if (!input.title?.trim()) throw badInput('input.title', 'укажите название');
    const collection = this.em.create(Collection, { title: input.title.trim() });
    await this.apply(collection, { ...input, published: false });
    if (input.published) throw badInput('input.published', 'новая подборка пуста: сначала добавьте материалы, затем опубликуйте');
    await this.em.flush();
    return collection;
  }

  async update(id: string, input: CollectionInput): Promise<Collection> {
    const collection = await this.editable(id, 'id');
    await this.apply(collection, input);
    await this.em.flush();
    return collection;
  }

  /** The collection goes; its materials stay where they are. */
  async delete(id: string): Promise<boolean> {
    const collection = await this.editable(id, 'id');
    await this.em.remove(collection).flush();
    return true;
  }

  /** Appends a material (any state: readers see only the published ones). */
  async addMaterial(collectionId: string, materialId: string, note: string | undefined): Promise<Collection> {
    const collection = await this.editable(collectionId, 'collectionId');
    const material = await this.em.findOne(Material, { id: fromGlobalId(materialId, 'materialId', MATERIAL_TYPES).id });
    if (!material) throw notFound('Материал', materialId);
    const items = collection.items.getItems();
    if (items.some((item) => item.material.id === material.id)) throw badInput('materialId', `«${material.title}» уже в подборке`);
    if (items.length >= MAX_COLLECTION_ITEMS) throw badInput('collectionId', `в подборке не больше ${MAX_COLLECTION_ITEMS} материалов`);
    if (note && note.length > 1000) throw badInput('note', 'пояснение не длиннее 1000 символов');
    const position = items.reduce((max, item) => Math.max(max, item.position + 1), 0);
    collection.items.add(this.em.create(CollectionItem, { collection, material, position, note: note?.trim() || undefined }));
    collection.updatedAt = new Date();
    await this.em.flush();
    return collection;
  }

  async removeMaterial(collectionId: string, materialId: string): Promise<Collection> {
    const collection = await this.editable(collectionId, 'collectionId');
    const id = fromGlobalId(materialId, 'materialId', MATERIAL_TYPES).id;
    const item = collection.items.getItems().find((i) => i.material.id === id);
    if (!item) throw badInput('materialId', 'этого материала в подборке нет');
    collection.items.remove(item);
    collection.updatedAt = new Date();
    await this.em.flush();
    return collection;
  }

  /** `materialIds`: every material of the collection, each once, in the new order. */
  async reorder(collectionId: string, materialIds: string[]): Promise<Collection> {
    const collection = await this.editable(collectionId, 'collectionId');
    const ids = materialIds.map((id, i) => fromGlobalId(id, `materialIds[${i}]`, MATERIAL_TYPES).id);
    const items = new Map(collection.items.getItems().map((item) => [item.material.id, item]));
    if (new Set(ids).size !== ids.length || ids.length !== items.size || ids.some((id) => !items.has(id))) {
      throw badInput('materialIds', `перечислите все материалы подборки (${items.size}), каждый один раз`);
    }
    ids.forEach((id, position) => (items.get(id)!.position = position));
    collection.updatedAt = new Date();
    await this.em.flush();
    return collection;
  }
}
