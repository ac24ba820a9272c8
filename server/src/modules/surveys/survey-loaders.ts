import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { perRequest } from '../../common/per-request.ts';
import { SurveyResponse } from './survey.entity.ts';

const idList = (ids: readonly string[]) => JSON.stringify(ids);

/** A list of surveys with counts, results and "answered by me" costs one statement per field, not one per survey. */
class SurveyLoaders {
  constructor(private readonly em: EntityManager) {}

  readonly responses = new DataLoader<string, SurveyResponse[]>(async (surveyIds) => {
    const all = await this.em.find(SurveyResponse, { survey: { $in: [...surveyIds] } }, { orderBy: { createdAt: 'asc' } });
    return surveyIds.map((id) => all.filter((response) => response.survey.id === id));
  });

  readonly counts = new DataLoader<string, number>(async (surveyIds) => {
    const rows: Array<{ survey_id: string; n: number }> = await this.em
      .getConnection()
      .execute(
        `select survey_id, count(*)::int as n from survey_response where survey_id in (select jsonb_array_elements_text(?::jsonb)::uuid) group by survey_id`,
        [idList(surveyIds)],
      );
    const counts = new Map(rows.map((row) => [row.survey_id, row.n]));
    return surveyIds.map((id) => counts.get(id) ?? 0);
  });

  /** Keys are `surveyId|userId`; one request has one viewer, so a batch has one user. */
  readonly answered = new DataLoader<string, boolean>(async (keys) => {
    const userId = keys[0]!.split('|')[1]!;
    const rows: Array<{ survey_id: string }> = await this.em
      .getConnection()
      .execute(
        `select survey_id from survey_response where respondent_id = ? and survey_id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
        [userId, idList(keys.map((key) => key.split('|')[0]!))],
      );
    const answered = new Set(rows.map((row) => `${row.survey_id}|${userId}`));
    return keys.map((key) => answered.has(key));
  });
}

export const surveyLoaders = perRequest((em) => new SurveyLoaders(em));
