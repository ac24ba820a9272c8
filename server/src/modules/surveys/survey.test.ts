import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role } from '../accounts/user.entity.ts';

const app = useTestApp();
const CREATE = `mutation($input: SurveyInput!) { createSurvey(input: $input) { id link status questions { id text type options required } } }`;
const ANSWER = `mutation($id: ID, $link: String, $answers: [SurveyAnswerInput!]!) { answerSurvey(id: $id, link: $link, answers: $answers) }`;
const RESULTS = `query($id: ID!) { survey(id: $id) { responseCount results { responses questions { question { id } answered counts { option count } average texts } } } }`;

const NEEDS = {
  title: 'Профессиональные потребности педагогов, 2026',
  description: 'Мониторинг ИМЦ: какие темы повышения квалификации нужны в этом году',
  questions: [
    { text: 'Какие темы для вас актуальны?', type: 'MULTIPLE_CHOICE', options: ['Функциональная грамотность', 'ФГОС', 'Работа с детьми с ОВЗ', 'Цифровые инструменты'] },
    { text: 'Ваш стаж', type: 'SINGLE_CHOICE', options: ['меньше 3 лет', '3–10 лет', 'больше 10 лет'] },
    { text: 'Насколько полезны методические объединения?', type: 'SCALE' },
    { text: 'Что ещё вам нужно?', type: 'TEXT', required: false },
  ],
};
const answers = (topics: number[], experience: number, score: number, text?: string) => [
  { questionId: 'q1', choices: topics },
  { questionId: 'q2', choices: [experience] },
  { questionId: 'q3', score },
  ...(text ? [{ questionId: 'q4', text }] : []),
];

describe('needs monitoring surveys', () => {
  it('a methodist writes a survey as data; teachers answer once signed in or by the link; the results add up', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const created = await app.gql(CREATE, { input: NEEDS }, methodist.token);
    expect(created.errors).toBeUndefined();
    const survey = created.data.createSurvey;
    expect(survey.questions.map((q: { id: string }) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(survey.link).toMatch(/^\/surveys\/[A-Za-z0-9_-]{16}$/);
    const link = survey.link.split('/').pop();

    const teacher = await signIn(app, Role.READER);
    expect((await app.gql(ANSWER, { id: survey.id, answers: answers([0, 2], 0, 4, 'Наставничество') }, teacher.token)).data?.answerSurvey).toBe(true);
    const again = await app.gql(ANSWER, { id: survey.id, answers: answers([1], 1, 5) }, teacher.token);
    expect(again.errors?.[0]?.message).toContain('уже ответили');
    expect((await app.gql(ANSWER, { link, answers: answers([0], 2, 2) })).data?.answerSurvey).toBe(true);
    expect((await app.gql(ANSWER, { id: survey.id, answers: answers([0], 2, 2) })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const results = (await app.gql(RESULTS, { id: survey.id }, methodist.token)).data.survey;
    expect(results.responseCount).toBe(2);
    const [topics, experience, usefulness, other] = results.results.questions;
    expect(topics.counts).toEqual([
      { option: 'Функциональная грамотность', count: 2 },
      { option: 'ФГОС', count: 0 },
      { option: 'Работа с детьми с ОВЗ', count: 1 },
      { option: 'Цифровые инструменты', count: 0 },
    ]);
    expect(experience.counts.map((c: { count: number }) => c.count)).toEqual([1, 0, 1]);
    expect(usefulness).toMatchObject({ answered: 2, average: 3 });
    expect(other).toMatchObject({ answered: 1, texts: ['Наставничество'] });

    // The results as a report: XLSX with shares of those who answered, and CSV.
    const auth = { authorization: `Bearer ${methodist.token}` };
    const xlsx = await fetch(`${app.url}/reports/survey-${survey.id}.xlsx`, { headers: auth });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('Итоги опроса')!;
    expect(String(sheet.getCell('A1').value)).toContain(`«${NEEDS.title}»: получено ответов — 2`);
    const rows = sheet.getSheetValues().slice(3).map((row) => (row as unknown[]).slice(1));
    expect(rows).toContainEqual(['1. Какие темы для вас актуальны?', 'несколько вариантов', 2]);
    expect(rows).toContainEqual(['', 'Функциональная грамотность', 2, 100]);
    expect(rows).toContainEqual(['', 'Работа с детьми с ОВЗ', 1, 50]);
    expect(rows).toContainEqual(['', 'средняя оценка', 3]);
    expect(rows).toContainEqual(['', 'Наставничество']);
    const csv = await (await fetch(`${app.url}/reports/survey-${survey.id}.csv`, { headers: auth })).text();
    expect(csv).toContain('меньше 3 лет;1;50');
    // …and a sheet of the district's annual summary.
    const annual = new ExcelJS.Workbook();
    await annual.xlsx.load(Buffer.from(await (await fetch(`${app.url}/reports/annual-${new Date().getFullYear()}.xlsx`, { headers: auth })).arrayBuffer()) as never);
    const surveySheets = annual.worksheets.filter((w) => w.name.startsWith('Опрос '));
    expect(surveySheets.map((w) => String(w.getCell('A1').value))).toContainEqual(expect.stringContaining(`«${NEEDS.title}»: получено ответов — 2`));

    // Teachers find the open survey and its link in their list, but never the results.
    expect((await fetch(`${app.url}/reports/survey-${survey.id}.csv`, { headers: { authorization: `Bearer ${teacher.token}` } })).status).toBe(403);
    const asTeacher = await app.gql(`query($id: ID!) { survey(id: $id) { link results { responses } } }`, { id: survey.id }, teacher.token);
    expect(asTeacher.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const teachersList = await app.gql(`{ surveys { id link answeredByMe } }`, {}, teacher.token);
    expect(teachersList.data.surveys).toContainEqual({ id: survey.id, link: survey.link, answeredByMe: true });
    const colleague = await signIn(app, Role.READER);
    expect((await app.gql(`{ surveys { id answeredByMe } }`, {}, colleague.token)).data.surveys).toContainEqual({ id: survey.id, answeredByMe: false });
    expect((await app.gql(`{ surveys { id } }`)).data.surveys).toEqual([]);

    await app.gql(`mutation($id: ID!) { closeSurvey(id: $id) { status } }`, { id: survey.id }, methodist.token);
    expect((await app.gql(ANSWER, { link, answers: answers([0], 2, 2) })).errors?.[0]?.message).toContain('закрыт');
    expect((await app.gql(`{ surveys { id } }`, {}, teacher.token)).data.surveys).not.toContainEqual({ id: survey.id });
  });

  it('refuses a bad survey and bad answers by field, and stores nothing for them', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const oneOption = await app.gql(CREATE, { input: { ...NEEDS, questions: [{ text: 'Выберите', type: 'SINGLE_CHOICE', options: ['да'] }] } }, methodist.token);
    expect(oneOption.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'input.questions[0].options' } });
    const noQuestions = await app.gql(CREATE, { input: { ...NEEDS, questions: [] } }, methodist.token);
    expect(noQuestions.errors?.[0]?.message).toContain('хотя бы один вопрос');
    const reader = await signIn(app, Role.READER);
    expect((await app.gql(CREATE, { input: NEEDS }, reader.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const survey = (await app.gql(CREATE, { input: NEEDS }, methodist.token)).data.createSurvey;
    const bad: Array<[unknown[], string]> = [
      [[{ questionId: 'q2', choices: [0] }, { questionId: 'q3', score: 3 }], 'обязателен'],
      [answers([7], 0, 3), 'варианты — от 0 до 3'],
      [[{ questionId: 'q1', choices: [0] }, { questionId: 'q2', choices: [0, 1] }, { questionId: 'q3', score: 3 }], 'один вариант'],
      [[...answers([0], 0, 3), { questionId: 'q9', text: 'лишний' }], 'нет вопроса q9'],
    ];
    for (const [given, reason] of bad) {
      const answer = await app.gql(ANSWER, { id: survey.id, answers: given }, reader.token);
      expect(answer.errors?.[0]?.extensions?.code, reason).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toContain(reason);
    }
    expect((await app.gql(ANSWER, { id: survey.id, answers: answers([0], 0, 9) }, reader.token)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await app.gql(RESULTS, { id: survey.id }, methodist.token)).data.survey.responseCount).toBe(0);
  });

  it('a free answer by link beginning with = or @ reaches the survey CSV as text (a leading apostrophe), and counts stay numbers', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const survey = (await app.gql(CREATE, { input: { title: 'Опрос с опасными ответами', questions: [{ text: 'Ваше предложение', type: 'TEXT' }, { text: 'Оценка', type: 'SCALE' }] } }, methodist.token)).data.createSurvey;
    const link = survey.link.split('/').pop();
    for (const text of ['=HYPERLINK("http://evil.example/steal","Подробнее")', '@SUM(1+1)*cmd|\' /C calc\'!A0']) {
      expect((await app.gql(ANSWER, { link, answers: [{ questionId: 'q1', text }, { questionId: 'q2', score: 2 }] })).errors).toBeUndefined();
    }
    const csv = await (await fetch(`${app.url}/reports/survey-${survey.id}.csv`, { headers: { authorization: `Bearer ${methodist.token}` } })).text();
    const lines = csv.split('\r\n');
    expect(lines).toContain(`;"'=HYPERLINK(""http://evil.example/steal"",""Подробнее"")";;`);
    expect(lines).toContain(`;'@SUM(1+1)*cmd|' /C calc'!A0;;`);
    expect(lines).toContain(';2;2;100');
  });
});
