import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { perRequest } from '../../common/per-request.ts';
import { EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { Person } from '../people/person.entity.ts';
import type { Material } from './material.entity.ts';
import { MaterialFile } from './material-file.entity.ts';
import { MaterialRevision } from './material-revision.entity.ts';

type Row = Record<string, unknown> & { link_material_id: string };

/** The pivot tables a list of materials shows: the table on the other side and the order of the links. */
const RELATIONS = {
  subjects: { entity: Subject, pivot: 'material_subject', column: 'subject_id', target: 'subject', order: '' },
  levels: { entity: EducationLevel, pivot: 'material_level', column: 'education_level_id', target: 'education_level', order: '' },
  authors: { entity: Person, pivot: 'material_author', column: 'person_id', target: 'person', order: ', l.position' },
} as const;

/**
 * Subjects, levels and authors of many materials at once, for lists. MikroORM's collection
 * loaders build an entity per link row (and, for authors, per authorship) besides the ones we show;
 * on a page of 50 that was most of the request. Here each relation is one statement joining the
 * links to the other side, and only the subjects, levels and people become entities.
 */
export class MaterialRelations {
  private readonly loaders = new Map<keyof typeof RELATIONS, DataLoader<string, object[]>>();

  constructor(private readonly em: EntityManager) {}

  /**
   * A material's subjects; collections already in memory (a mutation's own) are used as they are. A
   * read-model material (lists and search hits, see material-read.ts) has no collections at all.
   */
  async subjects(material: Material): Promise<Subject[]> {
    if (material.subjects?.isInitialized()) return material.subjects.getItems();
    return (await this.loader('subjects').load(material.id)) as Subject[];
  }

  async levels(material: Material): Promise<EducationLevel[]> {
    if (material.levels?.isInitialized()) return material.levels.getItems();
    return (await this.loader('levels').load(material.id)) as EducationLevel[];
  }

  /** Authors in the order printed on the material. */
  async authors(material: Material): Promise<Person[]> {
    if (material.authorships?.isInitialized()) {
      const ordered = [...material.authorships].sort((a, b) => a.position - b.position);
      return Promise.all(ordered.map((authorship) => authorship.person.load() as Promise<Person>));
    }
    return (await this.loader('authors').load(material.id)) as Person[];
  }

  private loader(relation: keyof typeof RELATIONS): DataLoader<string, object[]> {
    let loader = this.loaders.get(relation);
    if (!loader) {
      const { entity, pivot, column, target, order } = RELATIONS[relation];
      loader = new DataLoader(async (materialIds) => {
        const rows = await this.em.getConnection().execute<Row[]>(
          `select l.material_id as link_material_id, t.* from ${pivot} l join ${target} t on t.id = l.${column}
           where l.material_id in (select jsonb_array_elements_text(?::jsonb)::uuid) order by l.material_id${order}`,
          [JSON.stringify(materialIds)],
        );
        // A page's links name the same few subjects, levels and people again and again: each becomes an
        // entity once, and one the request already holds is used as it is (building entities was most
        // of this loader's time: the ORM sets up every relation of every new entity).
        const uow = this.em.getUnitOfWork();
        const entities = new Map<string, object>();
        const entityOf = (data: Record<string, unknown>) => {
          const id = data.id as string;
          let found = entities.get(id) ?? (uow.getById(entity.name, id) as object | undefined);
          found ??= this.em.map(entity as never, data) as object;
          entities.set(id, found);
          return found;
        };
        const byMaterial = new Map<string, object[]>();
        for (const { link_material_id: materialId, ...data } of rows) {
          byMaterial.set(materialId, [...(byMaterial.get(materialId) ?? []), entityOf(data)]);
        }
        return materialIds.map((id) => byMaterial.get(id) ?? []);
      });
      this.loaders.set(relation, loader);
    }
    return loader;
  }
}

/** A loader of rows that point at a material, many materials a statement: `load` returns them in order, they are grouped here. */
export function byMaterial<T extends { material: { id: string } }>(load: (materialIds: string[]) => Promise<T[]>): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (materialIds) => {
    const groups = new Map<string, T[]>(materialIds.map((id) => [id, []]));
    for (const row of await load([...materialIds])) groups.get(row.material.id)?.push(row);
    return materialIds.map((id) => groups.get(id)!);
  });
}

/** The request's loaders. */
export const materialRelations = perRequest((em) => new MaterialRelations(em));

/** Materials' attachments with their files (the files' texts stay behind: they are lazy), one statement for a list. */
export const materialAttachments = perRequest((em) =>
  byMaterial((ids) => em.find(MaterialFile, { material: { $in: ids } }, { populate: ['file'], orderBy: { position: 'asc' } })),
);

/** Materials' histories, newest first: one statement for a list of materials (the review desk asks for 100). */
export const materialRevisions = perRequest((em) =>
  byMaterial((ids) =>
    em.find(MaterialRevision, { material: { $in: ids } }, { orderBy: { version: 'desc', createdAt: 'desc', id: 'desc' } }),
  ),
);
