import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../common/errors.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import { authorize } from '../accounts/policy.ts';
import type { Viewer } from '../accounts/viewer.ts';
import type { ReportTable } from '../../common/spreadsheet.ts';
import { Survey, SurveyQuestionType } from './survey.entity.ts';
import { SurveyService } from './survey.service.ts';

const TYPE_NAMES: Record<SurveyQuestionType, string> = {
  SINGLE_CHOICE: 'один вариант',
  MULTIPLE_CHOICE: 'несколько вариантов',
  SCALE: 'оценка 1–5',
  TEXT: 'свободный ответ',
};

/** The survey a download names by its API id. */
export async function surveyTableById(em: EntityManager, viewer: Viewer | null, timeZone: string, globalId: string): Promise<ReportTable> {
  authorize(viewer, 'surveys.manage');
  const survey = await em.findOne(Survey, { id: fromGlobalId(globalId, 'id', ['Survey']).id });
  if (!survey) throw notFound('Опрос', globalId);
  return surveyTable(em, viewer, timeZone, survey);
}

/** The surveys written in a period of district days, oldest first, a sheet each (for the annual summary). */
export async function surveyTablesOf(
  em: EntityManager,
  viewer: Viewer | null,
  timeZone: string,
  period: { from: string; to: string },
): Promise<ReportTable[]> {
  authorize(viewer, 'surveys.manage');
  const rows = await em
    .getConnection()
    .execute<Array<{ id: string }>>(
      'select id from survey where (created_at at time zone ?)::date between ? and ? order by created_at limit 50',
      [timeZone, period.from, period.to],
    );
  const surveys = rows.length ? await em.find(Survey, { id: { $in: rows.map((r) => r.id) } }, { orderBy: { createdAt: 'asc' } }) : [];
  const tables: ReportTable[] = [];
  for (const [i, survey] of surveys.entries())
    tables.push({ ...(await surveyTable(em, viewer, timeZone, survey)), sheet: `Опрос ${i + 1}` });
  return tables;
}

/**
 * A survey's results as a report table: a row per option or score with its count and share of
 * those who answered the question, the average under a scale, free answers one per row; the last
 * column says how many of them came by link without signing in (for a free answer: «да» or «нет»).
 */
async function surveyTable(em: EntityManager, viewer: Viewer | null, timeZone: string, survey: Survey): Promise<ReportTable> {
  const results = await new SurveyService(em, viewer, timeZone).results(survey);
  const rows: unknown[][] = [];
  results.questions.forEach(({ question, answered, answeredByLink, counts, average, textAnswers }, n) => {
    const label = `${n + 1}. ${question.text}`;
    rows.push([label, TYPE_NAMES[question.type], answered, null, answeredByLink]);
    for (const { option, count, byLink } of counts)
      rows.push(['', option, count, answered ? Math.round((count / answered) * 1000) / 10 : 0, byLink]);
    if (average !== null) rows.push(['', 'средняя оценка', average, null, null]);
    for (const { text, byLink } of textAnswers) rows.push(['', text, null, null, byLink ? 'да' : 'нет']);
  });
  return {
    sheet: 'Итоги опроса',
    title: `Опрос «${survey.title}»: получено ответов — ${results.responses}: по ссылке без входа — ${results.byLink}, войдя — ${results.signedIn} (на ${new Date().toLocaleDateString('ru-RU', { timeZone })})`,
    columns: [
      { header: 'Вопрос', width: 48 },
      { header: 'Вариант или ответ', width: 48 },
      { header: 'Ответили', width: 12 },
      { header: 'Доля, %', width: 10 },
      { header: 'Из них по ссылке', width: 16 },
    ],
    rows,
  };
}
