import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { t } from '../app/i18n.ts';
import { usePageTitle } from '../app/title.ts';
import type { AnswerSurveyMutationMutation, AnswerSurveyMutationMutationVariables, SurveyPageQueryQuery } from '../gql/graphql.ts';

const SURVEY_QUERY = gql`
  query SurveyPageQuery($link: String!) {
    survey(link: $link) { id title description status questions { id text type options required } }
  }
`;
const ANSWER = gql`
  mutation AnswerSurveyMutation($link: String!, $answers: [SurveyAnswerInput!]!) {
    answerSurvey(link: $link, answers: $answers)
  }
`;

type Answer = { choices?: number[]; score?: number; text?: string };

/** A survey answered by its link: signed in or not, each question as its kind asks. */
export default function SurveyPage({ link }: { link: string }) {
  const { data, loading } = useQuery<SurveyPageQueryQuery>(SURVEY_QUERY, { variables: { link } });
  const [send, { error, loading: sending }] = useMutation<AnswerSurveyMutationMutation, AnswerSurveyMutationMutationVariables>(ANSWER);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [done, setDone] = useState(false);
  usePageTitle(data?.survey?.title ?? (loading ? null : t.surveys.notFound));
  if (loading) return <div><p aria-busy="true">{t.loading}</p></div>;
  const survey = data?.survey;
  if (!survey) return <div><h1>{t.surveys.notFound}</h1></div>;
  if (done) return <div><h1>{survey.title}</h1><p role="status">{t.surveys.thanks}</p></div>;
  if (survey.status !== 'OPEN') return <div><h1>{survey.title}</h1><p>{t.surveys.closed}</p></div>;
  const set = (id: string, answer: Answer) => setAnswers({ ...answers, [id]: answer });

  return (
    <div className="survey">
      <h1>{survey.title}</h1>
      {survey.description && <p>{survey.description}</p>}
      <form
        className="form wide"
        onSubmit={async (e) => {
          e.preventDefault();
          const list = Object.entries(answers).map(([questionId, a]) => ({ questionId, ...a }));
          if (await send({ variables: { link, answers: list } }).catch(() => null)) setDone(true);
        }}
      >
        {survey.questions.map((q, n) => (
          <fieldset key={q.id}>
            <legend>{n + 1}. {q.text}{q.required ? ' *' : ''}</legend>
            {q.type === 'TEXT' && <textarea rows={3} maxLength={3000} required={q.required} aria-label={q.text} value={answers[q.id]?.text ?? ''} onChange={(e) => set(q.id, { text: e.target.value })} />}
            {q.type === 'SCALE' && (
              <div className="scale">
                {[1, 2, 3, 4, 5].map((score) => (
                  <label key={score}><input type="radio" name={q.id} required={q.required} checked={answers[q.id]?.score === score} onChange={() => set(q.id, { score })} /> {score}</label>
                ))}
              </div>
            )}
            {(q.type === 'SINGLE_CHOICE' || q.type === 'MULTIPLE_CHOICE') &&
              q.options.map((option, i) => {
                const chosen = answers[q.id]?.choices ?? [];
                const single = q.type === 'SINGLE_CHOICE';
                return (
                  <label key={option}>
                    <input
                      type={single ? 'radio' : 'checkbox'}
                      name={q.id}
                      required={single && q.required}
                      checked={chosen.includes(i)}
                      onChange={(e) => set(q.id, { choices: single ? [i] : e.target.checked ? [...chosen, i] : chosen.filter((c) => c !== i) })}
                    />{' '}
                    {option}
                  </label>
                );
              })}
          </fieldset>
        ))}
        {error && <p role="alert" className="error">{error.message}</p>}
        <button type="submit" disabled={sending}>{t.surveys.send}</button>
      </form>
    </div>
  );
}
