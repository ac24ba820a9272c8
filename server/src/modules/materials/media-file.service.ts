import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PageArgs } from '../../common/connection.ts';
import { badInput, notFound } from '../../common/errors.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import { likePattern } from '../../common/like-pattern.ts';
import { paginate } from '../../common/pagination.ts';
import { authorize } from '../accounts/policy.ts';
import { canSeeUnpublished, type Viewer } from '../accounts/viewer.ts';
import { MATERIAL_TYPES, type Material } from './material.entity.ts';
import { MaterialStatus } from './material.enums.ts';
import { MaterialService } from './material.service.ts';
import { MaterialEditService } from './material-edit.service.ts';
import type { MediaLibraryFilter } from './media-file.inputs.ts';
import { MediaFile } from '../files/media-file.entity.ts';
import { MaterialFile } from './material-file.entity.ts';

export const MAX_TITLE_LENGTH = 300;

/** Reading files with the materials' visibility, and attaching them to materials. */
export class MediaFileService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
  ) {}

  /** A file is public once a published material carries it; otherwise its uploader and whoever sees a material carrying it. */
  visible(): FilterQuery<MediaFile> {
    if (canSeeUnpublished(this.viewer)) return {};
    const carried: FilterQuery<MediaFile> = { attachments: { material: new MaterialService(this.em, this.viewer).visible() } };
    return this.viewer ? { $or: [carried, { uploadedBy: this.viewer.userId }] } : carried;
  }

  async findById(id: string): Promise<MediaFile | null> {
    return this.em.findOne(MediaFile, { $and: [{ id }, this.visible()] });
  }

  /** Whether a published material carries the file: then shared caches may keep it. */
  async isPublished(fileId: string): Promise<boolean> {
    return (await this.em.count(MaterialFile, { file: fileId, material: { status: MaterialStatus.PUBLISHED } })) > 0;
  }

  /** The material a download counts for: the one the link names (`?material=<id>`), else the only one carrying the file. */
  async materialOfDownload(fileId: string, named: unknown): Promise<string | undefined> {
    const carriers = await this.em
      .getConnection()
      .execute<Array<{ material_id: string }>>('select material_id from material_file where file_id = ? limit 100', [fileId]);
    const ids = carriers.map((row: { material_id: string }) => row.material_id);
    if (typeof named === 'string') {
      try {
        const wanted = fromGlobalId(named, 'material', MATERIAL_TYPES).id;
        if (ids.includes(wanted)) return wanted;
      } catch {
        // a stale or foreign link still downloads; it just counts for no material
      }
    }
    return ids.length === 1 ? ids[0] : undefined;
  }

  /** Published files, newest first, narrowed by kind and by the subject and level of the materials carrying them. */
  library(filter: MediaLibraryFilter | undefined, page: PageArgs) {
    const material: FilterQuery<Material> = { status: MaterialStatus.PUBLISHED };
    if (filter?.subject) material.subjects = fromGlobalId(filter.subject, 'filter.subject', ['Subject']).id;
    if (filter?.level) material.levels = fromGlobalId(filter.level, 'filter.level', ['EducationLevel']).id;
    const where: FilterQuery<MediaFile> = { attachments: { material } };
    const words = filter?.query?.trim().slice(0, 200);
    if (words) {
      // Any of the titles a teacher sees on the card: the file's name, its caption, its material's title.
      const like = { $ilike: likePattern(words) };
      where.$or = [{ fileName: like }, { attachments: { title: like } }, { attachments: { material: { title: like } } }];
    }
    if (filter?.type) where.kind = filter.type;
    return paginate<MediaFile>(this.em, MediaFile, where, { field: 'createdAt', direction: 'DESC', type: 'date' }, page);
  }

  private async attachable(fileId: string): Promise<MediaFile> {
    authorize(this.viewer, 'material.update');
    const file = await this.findById(fromGlobalId(fileId, 'fileId', ['MediaFile']).id);
    if (!file) throw notFound('Файл', fileId);
    return file;
  }

  /** Attaches a file (or moves and retitles one already there); `order` counts from 1, the end by default. */
  async attach(materialId: string, fileId: string, title: string | undefined, order: number | undefined): Promise<Material> {
    const file = await this.attachable(fileId);
    const caption = title?.trim() || undefined;
    if (caption && caption.length > MAX_TITLE_LENGTH) throw badInput('title', `не длиннее ${MAX_TITLE_LENGTH} символов`);
    if (order !== undefined && (!Number.isInteger(order) || order < 1)) throw badInput('order', 'целое число от 1');
    return new MaterialEditService(this.em, this.viewer).edit(materialId, 'fileAttached', async (material) => {
      const list = ordered(material).filter((a) => a.file.id !== file.id);
      let attachment = material.attachments.getItems().find((a) => a.file.id === file.id);
      attachment ??= this.em.create(MaterialFile, { material, file, position: 0 });
      attachment.title = caption;
      list.splice(Math.min((order ?? list.length + 1) - 1, list.length), 0, attachment);
      renumber(list);
      file.detachedAt = undefined;
    });
  }

  async detach(materialId: string, fileId: string): Promise<Material> {
    const file = await this.attachable(fileId);
    return new MaterialEditService(this.em, this.viewer).edit(materialId, 'fileDetached', async (material) => {
      const attachment = material.attachments.getItems().find((a) => a.file.id === file.id);
      if (!attachment) throw badInput('fileId', 'этот файл не прикреплён к материалу');
      material.attachments.remove(attachment);
      renumber(ordered(material));
      const elsewhere = await this.em.count(MaterialFile, { file: file.id, material: { $ne: material.id } });
      // The bytes stay for a day (an undo, a second thought); `files:gc` removes them after that.
      if (elsewhere === 0) file.detachedAt = new Date();
    });
  }

  /** Sets the order of all the material's files at once. */
  async reorder(materialId: string, fileIds: string[]): Promise<Material> {
    authorize(this.viewer, 'material.update');
    const ids = fileIds.map((id, index) => fromGlobalId(id, `fileIds[${index}]`, ['MediaFile']).id);
    return new MaterialEditService(this.em, this.viewer).edit(materialId, 'filesReordered', async (material) => {
      const current = material.attachments.getItems();
      const same = ids.length === current.length && new Set(ids).size === ids.length && current.every((a) => ids.includes(a.file.id));
      if (!same) throw badInput('fileIds', `нужно перечислить все ${current.length} файлов материала, каждый один раз`);
      for (const attachment of current) attachment.position = ids.indexOf(attachment.file.id) + 1;
    });
  }
}

const ordered = (material: Material) => [...material.attachments.getItems()].sort((a, b) => a.position - b.position);

function renumber(list: MaterialFile[]) {
  list.forEach((attachment, index) => (attachment.position = index + 1));
}
