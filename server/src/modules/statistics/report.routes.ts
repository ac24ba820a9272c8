import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import express from 'express';
import type { Viewer } from '../accounts/viewer.ts';
import { budgetHeaders, overBudget, type TokenIdentity, TokenService } from '../tokens/token.service.ts';
import { surveyTableById, surveyTablesOf } from '../surveys/survey-table.ts';
import { importErrorsTable } from '../interop/import-job.service.ts';
import { contentDisposition } from '../../common/content-disposition.ts';
import { httpStatusOf } from '../../common/http-errors.ts';
import { REPORTS, reportNamed } from './report-definitions.ts';
import { PARAMETERS, ParamProblem, type ReportParams } from './report-parameters.ts';
import { type ReportTable, tableCsv, tablesXlsx } from '../../common/spreadsheet.ts';
import { reportTable } from './report-tables.ts';

/** What a download costs an API token: a report as its GraphQL query would (1); the annual summary its sheets and the surveys. */
const COST = { single: 1, annual: 10 };

/**
 * Reports as files: `/reports/<name>.xlsx|csv?from=ГГГГ-ММ-ДД&to=…` (`&by=SUBJECT` for materials,
 * `&below=3` for gaps), one per definition in report-definitions.ts, and the district's annual summary
 * `/reports/annual-<year>.xlsx`, the sheets the definitions give it and one per survey of the year; a
 * survey's results as `/reports/survey-<id>.xlsx|csv`, the failed lines of an import as
 * `/reports/import-<id>.xlsx|csv`. The same
 * rights as the GraphQL reports: a session (cookie or Bearer) or an API token by its own rules, whose
 * hourly budget each download is charged.
 */
export function reportRoutes(
  orm: MikroORM,
  timeZone: string,
  callerOf: (req: express.Request) => Promise<{ viewer: Viewer | null; apiToken?: TokenIdentity }>,
): express.Router {
  const router = express.Router();
  const fail = (res: express.Response, status: number, message: string) => res.status(status).json({ error: message });

  router.get('/reports/:file', async (req, res) => {
    const single = /^([a-z]+)\.(xlsx|csv)$/.exec(req.params.file);
    const report = single ? reportNamed(single[1]!) : undefined;
    const annual = /^annual-(\d{4})\.xlsx$/.exec(req.params.file);
    const survey = /^survey-([A-Za-z0-9_-]{1,200})\.(xlsx|csv)$/.exec(req.params.file);
    const imported = /^import-([A-Za-z0-9_-]{1,200})\.(xlsx|csv)$/.exec(req.params.file);
    if (!report && !annual && !survey && !imported)
      return fail(
        res,
        404,
        `Нет такого отчёта: ${req.params.file}; есть ${REPORTS.map((r) => `${r.name}.xlsx|csv`).join(', ')}, annual-<год>.xlsx, survey-<id>.xlsx|csv, import-<id>.xlsx|csv`,
      );
    const text = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined);
    // Every parameter read and checked, whichever report uses it; the annual summary's period is its year.
    const params: Partial<ReportParams> = {};
    try {
      for (const [name, parameter] of Object.entries(PARAMETERS))
        if (name !== 'period' || (!annual && !survey && !imported)) Object.assign(params, { [name]: parameter.fromQuery(text) });
    } catch (error) {
      if (error instanceof ParamProblem) return fail(res, 400, error.message);
      throw error;
    }
    const period = annual ? { from: `${annual[1]}-01-01`, to: `${annual[1]}-12-31` } : params.period!;
    try {
      const { viewer, apiToken } = await callerOf(req);
      const em = orm.em.fork() as EntityManager;
      if (apiToken) {
        if (!viewer)
          return fail(
            res,
            403,
            'Токен READ видит то же, что анонимный читатель: отчёты доступны токену READ_WRITE методиста или администратора',
          );
        const state = await new TokenService(em).charge(apiToken, annual ? COST.annual : COST.single);
        res.set(budgetHeaders(state));
        if (state.remaining < 0) {
          const { message, retryAfter } = overBudget(state);
          return res.set('Retry-After', retryAfter).status(429).json({ error: message });
        }
      }
      const context = { em, viewer, timeZone };
      let tables: ReportTable[];
      if (survey) tables = [await surveyTableById(em, viewer, timeZone, survey[1]!)];
      else if (imported) tables = [await importErrorsTable(em, viewer, imported[1]!)];
      else if (annual) {
        tables = [];
        for (const each of REPORTS)
          for (const variant of each.annual) tables.push(await reportTable(each, context, { ...params, period, ...variant }));
        tables.push(...(await surveyTablesOf(em, viewer, timeZone, period)));
      } else tables = [await reportTable(report!, context, { ...params, period })];
      const format = (single ?? survey ?? imported)?.[2] ?? 'xlsx';
      const fileName = annual
        ? `Сводный отчёт ${annual[1]}.xlsx`
        : survey || imported
          ? `${tables[0]!.sheet}.${format}`
          : `${tables[0]!.sheet} ${period.from}—${period.to}.${format}`;
      res.set('Content-Disposition', contentDisposition('attachment', fileName)).set('Cache-Control', 'no-store');
      if (format === 'csv') return res.type('text/csv; charset=utf-8').send(tableCsv(tables[0]!));
      return res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await tablesXlsx(tables));
    } catch (error) {
      const status = httpStatusOf(error);
      if (status) return fail(res, status, (error as Error).message);
      throw error;
    }
  });
  return router;
}
