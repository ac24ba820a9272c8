import type { EntityManager } from '@mikro-orm/postgresql';
import { apiError, notFound } from '../../common/errors.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import { authorize } from '../accounts/policy.ts';
import type { Viewer } from '../accounts/viewer.ts';
import type { ReportTable } from '../../common/spreadsheet.ts';
import { ImportJob } from './import-job.entity.ts';

/** An import the viewer started (an administrator: any), or null. */
export async function findImportJob(em: EntityManager, viewer: Viewer | null, id: string): Promise<ImportJob | null> {
  authorize(viewer, 'import.run');
  const job = await em.findOne(ImportJob, { id: fromGlobalId(id, 'id', ['ImportJob']).id });
  if (job && viewer.role !== 'ADMIN' && job.createdBy.id !== viewer.userId) throw apiError('NOT_FOUND', `Импорт «${id}» не найден`);
  return job;
}

/** The lines of an import that did not land, as a report table (`/reports/import-<id>.csv|xlsx`). */
export async function importErrorsTable(em: EntityManager, viewer: Viewer | null, id: string): Promise<ReportTable> {
  const job = await findImportJob(em, viewer, id);
  if (!job) throw notFound('Импорт', id);
  return {
    sheet: 'Ошибки импорта',
    title: `${job.dryRun ? 'Проверка' : 'Импорт'} «${job.fileName}»: строки с ошибками (${job.failed}${job.failed > job.errors.length ? `, показаны первые ${job.errors.length}` : ''})`,
    columns: [
      { header: 'Строка', width: 10 },
      { header: 'Внешний id', width: 24 },
      { header: 'Поле', width: 24 },
      { header: 'Причина', width: 80 },
    ],
    rows: job.errors.map((e) => [e.line, e.externalId ?? '', e.field ?? '', e.reason]),
  };
}
