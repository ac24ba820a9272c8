import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { PageArgs } from '../../common/connection.ts';
import { fromGlobalIds } from '../../common/global-id.ts';
import { paginate, type SortKey } from '../../common/pagination.ts';
import { canSeeUnpublished, type Viewer } from '../accounts/viewer.ts';
import { EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { MediaFile } from '../files/media-file.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { Material } from './material.entity.ts';
import { MaterialStatus } from './material.enums.ts';
import { MaterialOrderField, OrderDirection, type MaterialFilter, type MaterialOrder } from './material.inputs.ts';
import { knownRelations, materialAttachments, materialRelations } from './material-relations.ts';
import { batchedMaterialRows } from './material-read.ts';

const SORT_COLUMNS: Record<MaterialOrderField, Pick<SortKey, 'field' | 'type'>> = {
  PUBLISHED_AT: { field: 'publishedAt', type: 'date' },
  CREATED_AT: { field: 'createdAt', type: 'date' },
  TITLE: { field: 'title', type: 'text' },
  UPDATED_AT: { field: 'updatedAt', type: 'date' },
  VIEW_COUNT: { field: 'viewCount', type: 'number' },
  DOWNLOAD_COUNT: { field: 'downloadCount', type: 'number' },
};

export const DEFAULT_ORDER: MaterialOrder = { field: MaterialOrderField.PUBLISHED_AT, direction: OrderDirection.DESC };

/** Reading materials: what a viewer may see, filters, order and pages. */
export class MaterialService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
  ) {}

  /** The condition every read of materials carries: anonymous readers see published ones only. */
  visible(): FilterQuery<Material> {
    if (canSeeUnpublished(this.viewer)) return {};
    if (!this.viewer) return { status: MaterialStatus.PUBLISHED };
    // Signed in: also what one wrote and what one was asked to review.
    return { $or: [{ status: MaterialStatus.PUBLISHED }, { createdBy: this.viewer.userId }, { reviewer: this.viewer.userId }] };
  }

  /** The same rule as `visible()`, for a material already loaded. */
  canSee(material: Material): boolean {
    if (canSeeUnpublished(this.viewer) || material.status === MaterialStatus.PUBLISHED) return true;
    return !!this.viewer && (material.createdBy?.id === this.viewer.userId || material.reviewer?.id === this.viewer.userId);
  }

  /** `fields`: what the caller reads of it, when the read model answers them (see `pageFields`); else an entity. */
  async findById(id: string, fields: string[] | null = null): Promise<Material | null> {
    if (fields) return (await this.read([id], fields))[0] ?? null;
    return this.em.findOne(Material, { $and: [{ id }, this.visible()] });
  }

  /** Also takes the search filter: both share the facet fields (MaterialFacetFilter). */
  where(filter: Partial<MaterialFilter> = {}): FilterQuery<Material> {
    const conditions: FilterQuery<Material>[] = [this.visible()];
    const subjectIds = fromGlobalIds(filter.subjectIds, 'filter.subjectIds', [Subject.name]);
    const levelIds = fromGlobalIds(filter.levelIds, 'filter.levelIds', [EducationLevel.name]);
    const organizationIds = fromGlobalIds(filter.organizationIds, 'filter.organizationIds', [Organization.name]);
    const authorIds = fromGlobalIds(filter.authorIds, 'filter.authorIds', [Person.name]);
    if (filter.kinds?.length) conditions.push({ kind: { $in: filter.kinds } });
    if (filter.statuses?.length) conditions.push({ status: { $in: filter.statuses } });
    if (filter.updatedSince) conditions.push({ updatedAt: { $gte: filter.updatedSince } });
    if (subjectIds?.length) conditions.push({ subjects: { $some: { id: { $in: subjectIds } } } });
    if (levelIds?.length) conditions.push({ levels: { $some: { id: { $in: levelIds } } } });
    if (authorIds?.length) conditions.push({ authorships: { $some: { person: { $in: authorIds } } } });
    if (organizationIds?.length) conditions.push({ organization: { $in: organizationIds } });
    if (filter.grades?.length) conditions.push({ grades: { $overlap: filter.grades } });
    if (filter.municipality) conditions.push({ organization: { municipality: filter.municipality } });
    if (filter.year) {
      conditions.push({
        publishedAt: { $gte: new Date(Date.UTC(filter.year, 0, 1)), $lt: new Date(Date.UTC(filter.year + 1, 0, 1)) },
      });
    }
    return conditions.length === 1 ? conditions[0]! : { $and: conditions };
  }

  /** `fields`: what the caller reads of each material when a list's read model answers it (see material-read.ts), else null. */
  list(filter: MaterialFilter | undefined, order: MaterialOrder | undefined, page: PageArgs, fields: string[] | null = null) {
    return this.page(this.where(filter), order, page, fields);
  }

  /** A page of the visible materials that also meet `condition` (an author's, an organization's). */
  listWhere(condition: FilterQuery<Material>, order: MaterialOrder | undefined, page: PageArgs, fields: string[] | null = null) {
    return this.page({ $and: [this.visible(), condition] }, order, page, fields);
  }

  private page(where: FilterQuery<Material>, order: MaterialOrder = DEFAULT_ORDER, page: PageArgs, fields: string[] | null = null) {
    const sort: SortKey = { ...SORT_COLUMNS[order.field], direction: order.direction };
    // A list of a list's fields reads plain rows (material-read.ts); the cursor needs the sort column too.
    const read = fields ? (ids: string[]) => this.read(ids, [...fields, sort.field]) : undefined;
    return paginate<Material>(this.em, Material, where, sort, page, { read });
  }

  /** Materials of a list, in the order of `ids`, as the read model's plain objects holding `properties`; what the viewer may not see is left out. */
  async read(ids: string[], properties: string[]): Promise<Material[]> {
    const byId = new Map((await batchedMaterialRows(this.em)(ids, properties)).map((material) => [material.id, material]));
    return ids.flatMap((id) => {
      const material = byId.get(id);
      return material && this.canSee(material) ? [material] : [];
    });
  }

  /**
   * Published materials that share the most with this one: a shared keyword counts twice, a shared
   * subject or level once; ties go to the newer. One query, scored in PostgreSQL over every material
   * that shares anything: exact, and what the search module's relatedMaterials falls back on when the
   * engine is away. `fields`: what the caller reads of each, when a list's read model answers it.
   */
  async related(material: Material, limit: number, fields: string[] | null = null): Promise<Material[]> {
    // Only materials that share something are scored (not the whole table): the links are indexed both ways.
    const rows = await this.em.getConnection().execute<Array<{ id: string }>>(
      `with shared as (
         select b.material_id as id, 2 as weight from material_keyword a join material_keyword b on b.keyword_id = a.keyword_id where a.material_id = ?
         union all
         select b.material_id, 1 from material_subject a join material_subject b on b.subject_id = a.subject_id where a.material_id = ?
         union all
         select b.material_id, 1 from material_level a join material_level b on b.education_level_id = a.education_level_id where a.material_id = ?
       )
       select m.id from (select id, sum(weight) as score from shared where id <> ? group by id) s
       join material m on m.id = s.id
       where m.status = 'PUBLISHED'
       order by s.score desc, m.published_at desc nulls last, m.id
       limit ?`,
      [material.id, material.id, material.id, material.id, limit],
    );
    return this.byIds(
      rows.map((row: { id: string }) => row.id),
      fields,
    );
  }

  /**
   * The materials of `ids` the viewer may see, in that order: with `fields` (a list's, see
   * material-read.ts) the read model's rows, else entities; batched over the request either way.
   */
  async byIds(ids: string[], fields: string[] | null): Promise<Material[]> {
    if (fields) return this.read(ids, fields);
    const found = await Promise.all(ids.map((id) => this.em.getReference(Material, id, { wrapped: true }).load()));
    return found.filter((material): material is Material => !!material && this.canSee(material));
  }

  /** The material's authors in the order printed on it. */
  authors(material: Material): Promise<Person[]> {
    return materialRelations(this.em).authors(material);
  }

  async files(material: Material): Promise<MediaFile[]> {
    const given = knownRelations(material)?.files;
    if (given) return given;
    // A read-model material (lists and search hits, material-read.ts) carries no collections: its files come with the page's.
    const attachments = material.attachments ? await material.attachments.load() : await materialAttachments(this.em).load(material.id);
    const ordered = [...attachments].sort((a, b) => a.position - b.position);
    return Promise.all(ordered.map((attachment) => attachment.file.load() as Promise<MediaFile>));
  }
}
