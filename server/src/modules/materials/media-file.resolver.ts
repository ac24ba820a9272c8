import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { ConnectionType, PageArgs, toConnection } from '../../common/connection.ts';
import type { Context } from '../../context.ts';
import { Material } from './material.entity.ts';
import { MediaFile } from '../files/media-file.entity.ts';
import { MaterialFile } from './material-file.entity.ts';
import { MediaLibraryFilter } from './media-file.inputs.ts';
import { MediaFileService } from './media-file.service.ts';
import { MaterialService } from './material.service.ts';
import { listFields, selectionOf } from './material-read.ts';
import { fileCarriers } from './material-relations.ts';

registerNodeTypes({ MediaFile: ({ em, viewer }, id) => new MediaFileService(em, viewer).findById(id) });

export const MediaFileConnection = ConnectionType(MediaFile, 'MediaFile');

@Resolver(() => MediaFile)
export class MediaFileResolver {
  @Query(() => MediaFileConnection, { description: 'Медиатека: файлы опубликованных материалов, новые первыми' })
  async mediaLibrary(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => MediaLibraryFilter, { nullable: true }) filter: MediaLibraryFilter | undefined,
    @Ctx() { em, viewer }: Context,
  ) {
    return toConnection(MediaFileConnection, await new MediaFileService(em, viewer).library(filter ?? undefined, page));
  }

  @Mutation(() => Material, {
    description: 'Прикрепить загруженный файл (POST /api/files) к материалу; повторный вызов меняет подпись и место',
  })
  attachFile(
    @Arg('materialId', () => ID) materialId: string,
    @Arg('fileId', () => ID) fileId: string,
    @Arg('title', () => String, { nullable: true }) title: string | undefined,
    @Arg('order', () => Int, { nullable: true, description: 'Место в списке, с 1; по умолчанию — в конец' }) order: number | undefined,
    @Ctx() { em, viewer }: Context,
  ) {
    return new MediaFileService(em, viewer).attach(materialId, fileId, title ?? undefined, order ?? undefined);
  }

  @Mutation(() => Material, {
    description: 'Открепить файл от материала (сам файл удаляется сборщиком через сутки, если больше нигде не нужен)',
  })
  detachFile(@Arg('materialId', () => ID) materialId: string, @Arg('fileId', () => ID) fileId: string, @Ctx() { em, viewer }: Context) {
    return new MediaFileService(em, viewer).detach(materialId, fileId);
  }

  @Mutation(() => Material, { description: 'Задать порядок всех файлов материала' })
  reorderFiles(
    @Arg('materialId', () => ID) materialId: string,
    @Arg('fileIds', () => [ID]) fileIds: string[],
    @Ctx() { em, viewer }: Context,
  ) {
    return new MediaFileService(em, viewer).reorder(materialId, fileIds);
  }
}

@Resolver(() => MediaFile)
export class MediaFileFields {
  @FieldResolver(() => [Material], { description: 'Материалы, к которым приложен файл (из тех, что видны спрашивающему)' })
  async materials(@Root() file: MediaFile, @Ctx() { em, viewer }: Context, @Info() info: GraphQLResolveInfo) {
    // Batched over the page of files: the carriers in one statement, their list fields in another (no entities).
    const ids = await fileCarriers(em).load(file.id);
    return new MaterialService(em, viewer).byIds(ids, listFields([selectionOf(info)]));
  }
}

@Resolver(() => MaterialFile)
export class AttachmentFields {
  @FieldResolver(() => MediaFile)
  file(@Root() attachment: MaterialFile) {
    return attachment.file.load();
  }
}
