import type { EntityManager } from '@mikro-orm/core';
import { canSeeUnpublished, type Viewer } from '../accounts/viewer.ts';
import { MaterialStatus } from '../materials/material.enums.ts';
import { MaterialFile, MediaFile } from './media-file.entity.ts';

export class MediaFileService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
  ) {}

  /** A file is public once a published material carries it; editors see every file. */
  async findById(id: string): Promise<MediaFile | null> {
    if (!canSeeUnpublished(this.viewer)) {
      const published = await this.em.count(MaterialFile, { file: id, material: { status: MaterialStatus.PUBLISHED } });
      if (published === 0) return null;
    }
    return this.em.findOne(MediaFile, { id });
  }
}
