import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { perRequest } from '../../common/per-request.ts';
import { linkLoader, plainEntities, type LinkTable } from '../../common/plain-rows.ts';
import { EducationLevel, Keyword, Subject } from '../dictionaries/dictionary.entity.ts';
import type { MediaFile } from '../files/media-file.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import type { Material } from './material.entity.ts';
import { MaterialFile } from './material-file.entity.ts';
import { MaterialRevision } from './material-revision.entity.ts';

/** The link tables a list of materials shows: the table on the other side and the order of the links. */
const LINKS = {
  subjects: { entity: Subject, link: { table: 'material_subject', owner: 'material_id', column: 'subject_id', target: 'subject' } },
  levels: {
    entity: EducationLevel,
    link: { table: 'material_level', owner: 'material_id', column: 'education_level_id', target: 'education_level' },
  },
  authors: {
    entity: Person,
    link: { table: 'material_author', owner: 'material_id', column: 'person_id', target: 'person', order: ', l.position' },
  },
  keywords: { entity: Keyword, link: { table: 'material_keyword', owner: 'material_id', column: 'keyword_id', target: 'keyword' } },
} as const;

/** The relations a page's statement can carry itself (see materialRows): links to one table, and the organization. */
export const EMBEDDED_RELATIONS = ['subjects', 'levels', 'authors', 'organization'] as const;
export type EmbeddedRelation = (typeof EMBEDDED_RELATIONS)[number];

/**
 * A subquery of the page's statement (its material aliased `m`) giving a relation as JSON: the other
 * side's rows, in the order the loaders give them, or the organization's row (null when none).
 */
export function embeddedRelationSql(relation: EmbeddedRelation): string {
  if (relation === 'organization') return `(select row_to_json(t) from organization t where t.id = m.organization_id)`;
  const link: LinkTable = LINKS[relation].link;
  const order = link.order ? ` order by ${link.order.replace(/^, /, '')}` : '';
  return `(select coalesce(json_agg(t${order}), '[]') from ${link.table} l join ${link.target} t on t.id = l.${link.column} where l.${link.owner} = m.id)`;
}

/** A relation read by `embeddedRelationSql`, as the plain objects the loaders would give. */
export function embeddedRelation(em: EntityManager, relation: EmbeddedRelation, json: unknown): Partial<KnownRelations> {
  if (relation === 'organization')
    return { organization: json ? plainEntities(em, Organization, [json as Record<string, unknown>])[0]! : null };
  return { [relation]: plainEntities(em, LINKS[relation].entity as new () => object, json as Array<Record<string, unknown>>) };
}

/** Relations a material came with from elsewhere than the database (a search hit from the engine's document). */
export interface KnownRelations {
  subjects: Subject[];
  levels: EducationLevel[];
  authors: Person[];
  organization: Organization | null;
  files: MediaFile[];
}

const known = new WeakMap<Material, Partial<KnownRelations>>();

/** Gives a read-model material relations, so that the resolvers read them instead of loading them (the others still load). */
export function withRelations<T extends Material>(material: T, relations: Partial<KnownRelations>): T {
  known.set(material, relations);
  return material;
}

/** The relations a material was given (see `withRelations`), if any. */
export const knownRelations = (material: Material): Partial<KnownRelations> | undefined => known.get(material);

/**
 * Subjects, levels and authors of many materials at once, for lists. MikroORM's collection
 * loaders build an entity per link row (and, for authors, per authorship) besides the ones we show;
 * on a page of 50 that was most of the request. Here each relation is one statement joining the
 * links to the other side, and the subjects, levels and people are plain objects (common/plain-rows.ts).
 */
export class MaterialRelations {
  private readonly loaders = new Map<keyof typeof LINKS, DataLoader<string, object[]>>();

  constructor(private readonly em: EntityManager) {}

  /**
   * A material's subjects; collections already in memory (a mutation's own) are used as they are. A
   * read-model material (lists and search hits, see material-read.ts) has no collections at all.
   */
  async subjects(material: Material): Promise<Subject[]> {
    const given = known.get(material)?.subjects;
    if (given) return given;
    if (material.subjects?.isInitialized()) return material.subjects.getItems();
    return (await this.loader('subjects').load(material.id)) as Subject[];
  }

  async levels(material: Material): Promise<EducationLevel[]> {
    const given = known.get(material)?.levels;
    if (given) return given;
    if (material.levels?.isInitialized()) return material.levels.getItems();
    return (await this.loader('levels').load(material.id)) as EducationLevel[];
  }

  /** Authors in the order printed on the material. */
  async authors(material: Material): Promise<Person[]> {
    const given = known.get(material)?.authors;
    if (given) return given;
    if (material.authorships?.isInitialized()) {
      const ordered = [...material.authorships].sort((a, b) => a.position - b.position);
      return Promise.all(ordered.map((authorship) => authorship.person.load() as Promise<Person>));
    }
    return (await this.loader('authors').load(material.id)) as Person[];
  }

  /** Keywords: a read-model material (a material's page, see material-read.ts) has no collection of them. */
  async keywords(material: Material): Promise<Keyword[]> {
    if (material.keywords) return (await material.keywords.load()).getItems();
    return (await this.loader('keywords').load(material.id)) as Keyword[];
  }

  /** Attachments in no particular order, with their files. */
  async attachments(material: Material): Promise<MaterialFile[]> {
    if (material.attachments) return (await material.attachments.load()).getItems();
    return materialAttachments(this.em).load(material.id);
  }

  async organization(material: Material): Promise<Organization | null> {
    const given = known.get(material);
    if (given && 'organization' in given) return given.organization ?? null;
    return (await material.organization?.load()) ?? null;
  }

  private loader(relation: keyof typeof LINKS): DataLoader<string, object[]> {
    let loader = this.loaders.get(relation);
    if (!loader) {
      const { entity, link } = LINKS[relation];
      loader = linkLoader(this.em, entity as new () => { id: string }, link);
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

/** The materials carrying each file (the media library's cards), newest first: one statement for a page of files. */
export const fileCarriers = perRequest(
  (em) =>
    new DataLoader<string, string[]>(async (fileIds) => {
      const rows = await em.getConnection().execute<Array<{ file_id: string; material_id: string }>>(
        `select l.file_id, l.material_id from material_file l join material m on m.id = l.material_id
          where l.file_id in (${fileIds.map(() => '?').join(',')})
          order by m.published_at desc nulls last, m.id`,
        [...fileIds],
      );
      const groups = new Map<string, string[]>(fileIds.map((id) => [id, []]));
      for (const row of rows) groups.get(row.file_id)?.push(row.material_id);
      return fileIds.map((id) => groups.get(id)!);
    }),
);

/** Materials' histories, newest first: one statement for a list of materials (the review desk asks for 100). */
export const materialRevisions = perRequest((em) =>
  byMaterial((ids) =>
    em.find(MaterialRevision, { material: { $in: ids } }, { orderBy: { version: 'desc', createdAt: 'desc', id: 'desc' } }),
  ),
);
