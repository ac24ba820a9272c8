import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { canSeeUnpublished } from '../accounts/viewer.ts';
import { apiError, badInput, notFound } from '../../common/errors.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { authorize } from '../accounts/policy.ts';
import { User } from '../accounts/user.entity.ts';
import { MediaFileService } from '../materials/media-file.service.ts';
import { ImportJob, ImportLineError } from './import-job.entity.ts';

registerNodeTypes({
  ImportJob: ({ em, viewer }, id) => (canSeeUnpublished(viewer) ? em.findOne(ImportJob, viewer!.role === 'ADMIN' ? { id } : { id, createdBy: viewer!.userId }) : Promise.resolve(null)),
});

const IMPORTABLE = ['.jsonl', '.ndjson', '.csv', '.xlsx'];

@Resolver(() => ImportJob)
export class ImportJobResolver {
  @Mutation(() => ImportJob, { description: 'Загрузить банк материалов из файла, загруженного через POST /api/files (JSON Lines, CSV, XLSX); выполняется в фоне' })
  async importMaterials(@Arg('fileId', () => ID) fileId: string, @Arg('dryRun', () => Boolean, { defaultValue: false }) dryRun: boolean, @Ctx() { em, viewer }: Context) {
    authorize(viewer, 'import.run');
    const file = await new MediaFileService(em, viewer).findById(fromGlobalId(fileId, 'fileId', ['MediaFile']).id);
    if (!file) throw notFound('Файл', fileId);
    const extension = file.fileName.slice(file.fileName.lastIndexOf('.')).toLowerCase();
    if (!IMPORTABLE.includes(extension)) throw badInput('fileId', `файл «${file.fileName}» — не банк материалов: нужен ${IMPORTABLE.join(', ')}`);
    const job = em.create(ImportJob, { file, fileName: file.fileName, dryRun, createdBy: em.getReference(User, viewer.userId) });
    await em.flush();
    return job;
  }

  @Query(() => ImportJob, { nullable: true, description: 'Импорт и его ход' })
  async importJob(@Arg('id', () => ID) id: string, @Ctx() { em, viewer }: Context) {
    authorize(viewer, 'import.run');
    const job = await em.findOne(ImportJob, { id: fromGlobalId(id, 'id', ['ImportJob']).id });
    if (job && viewer.role !== 'ADMIN' && job.createdBy.id !== viewer.userId) throw apiError('NOT_FOUND', `Импорт «${id}» не найден`);
    return job;
  }

  @FieldResolver(() => [ImportLineError], { description: 'Строки с ошибками (первая тысяча): номер, поле, причина' })
  errors(@Root() job: ImportJob) {
    return job.errors;
  }
}
