import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../common/errors.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import { authorize } from '../accounts/policy.ts';
import type { Viewer } from '../accounts/viewer.ts';
import type { ReportTable } from '../statistics/report-tables.ts';
import { Survey, SurveyQuestionType } from './survey.entity.ts';
import { SurveyService } from './survey.service.ts';

const TYPE_NAMES: Record<SurveyQuestionType, string> = {
  SINGLE_CHOICE: 'один вариант',
  MULTIPLE_CHOICE: 'несколько вариантов',
  SCALE: 'оценка 1–5',
  TEXT: 'свободный ответ',
};

/**
 * A survey's results as a report table: a row per option or score with its count and share of
 * those who answered the question, the average under a scale, free answers one per row.
 */
export async function surveyTable(em: EntityManager, viewer: Viewer | null, globalId: string): Promise<ReportTable> {
  authorize(viewer, 'surveys.manage');
  const survey = await em.findOne(Survey, { id: fromGlobalId(globalId, 'id', ['Survey']).id });
  if (!survey) throw notFound('Опрос', globalId);
  const results = await new SurveyService(em, viewer).results(survey);
  const rows: unknown[][] = [];
  results.questions.forEach(({ question, answered, counts, average, texts }, n) => {
    const label = `${n + 1}. ${question.text}`;
    rows.push([label, TYPE_NAMES[question.type], answered, null]);
    for (const { option, count } of counts) rows.push(['', option, count, answered ? Math.round((count / answered) * 1000) / 10 : 0]);
    if (average !== null) rows.push(['', 'средняя оценка', average, null]);
    for (const text of texts) rows.push(['', text, null, null]);
  });
  return {
    sheet: 'Итоги опроса',
    title: `Опрос «${survey.title}»: ${results.responses} ответов на ${new Date().toLocaleDateString('ru-RU')}`,
    columns: [{ header: 'Вопрос', width: 48 }, { header: 'Вариант или ответ', width: 48 }, { header: 'Ответили', width: 12 }, { header: 'Доля, %', width: 10 }],
    rows,
  };
}
