import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { canSeeUnpublished } from '../accounts/viewer.ts';
import { badInput, notFound } from '../../common/errors.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { findImportJob } from './import-job.service.ts';
import { authorize } from '../accounts/policy.ts';
import { User } from '../accounts/user.entity.ts';
import { MediaFileService } from '../materials/media-file.service.ts';
import { ImportJob, ImportLineError, ImportMappingInput } from './import-job.entity.ts';
import { DICTIONARY_FIELDS, type DictionaryField } from './matching.ts';

registerNodeTypes({
  ImportJob: ({ em, viewer }, id) =>
    canSeeUnpublished(viewer)
      ? em.findOne(ImportJob, viewer!.role === 'ADMIN' ? { id } : { id, createdBy: viewer!.userId })
      : Promise.resolve(null),
});

const IMPORTABLE = ['.jsonl', '.ndjson', '.csv', '.xlsx'];

@Resolver(() => ImportJob)
export class ImportJobResolver {
  @Mutation(() => ImportJob, {
    description: 'Загрузить банк материалов из файла, загруженного через POST /api/files (JSON Lines, CSV, XLSX); выполняется в фоне',
  })
  async importMaterials(
    @Arg('fileId', () => ID) fileId: string,
    @Arg('dryRun', () => Boolean, { defaultValue: false }) dryRun: boolean,
    @Arg('createMissing', () => Boolean, {
      defaultValue: false,
      description: 'Добавить в справочники предметы и уровни, которых там нет (иначе такие строки не загружаются)',
    })
    createMissing: boolean,
    @Arg('mapping', () => [ImportMappingInput], {
      defaultValue: [],
      description: 'Значения банка, которые читать как имеющиеся в справочниках',
    })
    mapping: ImportMappingInput[],
    @Ctx() { em, viewer }: Context,
  ) {
    authorize(viewer, 'import.run');
    mapping.forEach((m, i) => {
      if (!(m.field in DICTIONARY_FIELDS)) throw badInput(`mapping[${i}].field`, `допустимы ${Object.keys(DICTIONARY_FIELDS).join(', ')}`);
      if (!m.from.trim() || !m.to.trim() || m.from.length > 200 || m.to.length > 200)
        throw badInput(`mapping[${i}]`, 'укажите значение банка и значение справочника, до 200 символов');
    });
    if (mapping.length > 200) throw badInput('mapping', 'не больше 200 сопоставлений');
    const file = await new MediaFileService(em, viewer).findById(fromGlobalId(fileId, 'fileId', ['MediaFile']).id);
    if (!file) throw notFound('Файл', fileId);
    const extension = file.fileName.slice(file.fileName.lastIndexOf('.')).toLowerCase();
    if (!IMPORTABLE.includes(extension))
      throw badInput('fileId', `файл «${file.fileName}» — не банк материалов: нужен ${IMPORTABLE.join(', ')}`);
    const job = em.create(ImportJob, {
      file,
      fileName: file.fileName,
      dryRun,
      createMissing,
      mapping: mapping.map((m) => ({ field: m.field as DictionaryField, from: m.from.trim(), to: m.to.trim() })),
      createdBy: em.getReference(User, viewer.userId),
    });
    await em.flush();
    return job;
  }

  @Query(() => ImportJob, { nullable: true, description: 'Импорт и его ход' })
  importJob(@Arg('id', () => ID) id: string, @Ctx() { em, viewer }: Context) {
    return findImportJob(em, viewer, id);
  }

  @FieldResolver(() => [ImportLineError], { description: 'Строки с ошибками (первая тысяча): номер, поле, причина' })
  errors(@Root() job: ImportJob) {
    return job.errors;
  }
}
