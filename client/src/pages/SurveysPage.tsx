import { CombinedGraphQLErrors, gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { t } from '../app/i18n.ts';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { ReportDownloads } from '../components/ReportDownloads.tsx';
import type { CreateSurveyMutationMutation, CreateSurveyMutationMutationVariables, OpenSurveysQueryQuery, SurveysPageQueryQuery, ViewerQueryQuery } from '../gql/graphql.ts';

const SURVEYS_QUERY = gql`
  query SurveysPageQuery {
    surveys {
      id title status link responseCount
      results { responses byLink signedIn questions { question { id text type } answered counts { option count } average textAnswers { text byLink } } }
    }
  }
`;
const CREATE = gql`
  mutation CreateSurveyMutation($input: SurveyInput!) {
    createSurvey(input: $input) { id link }
  }
`;
const OPEN_SURVEYS_QUERY = gql`
  query OpenSurveysQuery {
    surveys { id title description link answeredByMe }
  }
`;
const CLOSE = gql`mutation CloseSurveyMutation($id: ID!) { closeSurvey(id: $id) { id status } }`;

const TYPES = ['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'SCALE', 'TEXT'] as const;
type Draft = { text: string; type: (typeof TYPES)[number]; options: string; required: boolean };
const empty = (): Draft => ({ text: '', type: 'SINGLE_CHOICE', options: '', required: true });

/** Which question a refusal names (`input.questions[2].options` → 2) and its reason without the argument's path. */
function questionFailure(error: unknown): { index: number; reason: string } | undefined {
  const failure = CombinedGraphQLErrors.is(error) ? error.errors[0] : undefined;
  const index = /^input\.questions\[(\d+)\]/.exec(String(failure?.extensions?.argument ?? ''))?.[1];
  if (!failure || index === undefined) return undefined;
  return { index: Number(index), reason: failure.message.slice(failure.message.indexOf(': ') + 2) };
}

function NewSurvey({ done }: { done: () => void }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [questions, setQuestions] = useState<Draft[]>([empty()]);
  const [create, { error, loading }] = useMutation<CreateSurveyMutationMutation, CreateSurveyMutationMutationVariables>(CREATE);
  const change = (i: number, patch: Partial<Draft>) => setQuestions(questions.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  const failed = questionFailure(error);
  return (
    <form
      className="form wide"
      aria-label={t.surveys.create}
      onSubmit={async (e) => {
        e.preventDefault();
        const input = { title, description, questions: questions.map((q) => ({ text: q.text, type: q.type, required: q.required, options: q.options.split('\n').map((o) => o.trim()).filter(Boolean) })) };
        if (await create({ variables: { input } }).catch(() => null)) done();
      }}
    >
      <label>{t.surveys.titleField}<input required minLength={3} maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} /></label>
      <label>{t.surveys.descriptionField}<textarea rows={2} maxLength={3000} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
      {questions.map((q, i) => (
        <fieldset key={i}>
          <legend>{t.surveys.question} {i + 1}</legend>
          <label>{t.surveys.questionText}<input required minLength={3} maxLength={500} value={q.text} onChange={(e) => change(i, { text: e.target.value })} /></label>
          <label>{t.surveys.questionType}
            <select value={q.type} onChange={(e) => change(i, { type: e.target.value as Draft['type'] })}>
              {TYPES.map((type) => <option key={type} value={type}>{t.surveys.types[type]}</option>)}
            </select>
          </label>
          {(q.type === 'SINGLE_CHOICE' || q.type === 'MULTIPLE_CHOICE') && (
            <label>{t.surveys.options}<textarea rows={3} required value={q.options} onChange={(e) => change(i, { options: e.target.value })} /></label>
          )}
          <label className="inline"><input type="checkbox" checked={q.required} onChange={(e) => change(i, { required: e.target.checked })} /> {t.surveys.required}</label>
          {failed?.index === i && <p role="alert" className="error">{t.surveys.questionError(i + 1)}: {failed.reason}</p>}
        </fieldset>
      ))}
      <button type="button" className="link" onClick={() => setQuestions([...questions, empty()])}>{t.surveys.addQuestion}</button>
      {error && !failed && <p role="alert" className="error">{error.message}</p>}
      <button type="submit" disabled={loading}>{t.surveys.create}</button>
    </form>
  );
}

/** What a teacher sees: the open surveys, each with its link to answer. */
function OpenSurveys() {
  const { data, error } = useQuery<OpenSurveysQueryQuery>(OPEN_SURVEYS_QUERY);
  return (
    <div className="reports">
      <h1>{t.surveys.openTitle}</h1>
      {error && <p role="alert" className="error">{error.message}</p>}
      {data && (data.surveys.length ? <p>{t.surveys.openIntro}</p> : <p className="empty">{t.surveys.noneOpen}</p>)}
      {data?.surveys.map((survey) => (
        <section key={survey.id} aria-label={survey.title}>
          <h2>{survey.title}</h2>
          {survey.description && <p>{survey.description}</p>}
          {survey.answeredByMe ? <p>{t.surveys.alreadyAnswered}</p> : survey.link && <a className="button" href={survey.link}>{t.surveys.answer}</a>}
        </section>
      ))}
    </div>
  );
}

/** Needs monitoring: methodists get their surveys with results and a form for a new one; teachers the open ones. */
export default function SurveysPage() {
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  usePageTitle(t.surveysLink);
  if (viewer.loading) return <div><p aria-busy="true">{t.loading}</p></div>;
  return isMethodist(viewer.data?.viewer?.role) ? <ManagedSurveys /> : <OpenSurveys />;
}

function ManagedSurveys() {
  const { data, error, refetch } = useQuery<SurveysPageQueryQuery>(SURVEYS_QUERY);
  const [close] = useMutation(CLOSE);
  const [creating, setCreating] = useState(false);
  return (
    <div className="reports">
      <h1>{t.surveys.title}</h1>
      {error && <p role="alert" className="error">{error.message}</p>}
      {creating ? <NewSurvey done={() => { setCreating(false); void refetch(); }} /> : <button type="button" className="primary" onClick={() => setCreating(true)}>{t.surveys.create}</button>}
      {data?.surveys.length === 0 && !creating && <p className="empty">{t.surveys.noneYet}</p>}
      {data?.surveys.map((survey) => (
        <section key={survey.id} aria-label={survey.title}>
          <h2>{survey.title} <ReportDownloads name={`survey-${survey.id}`} /></h2>
          <p>
            {t.surveys.responses(survey.responseCount)} ({t.surveys.channels(survey.results.byLink, survey.results.signedIn)}) · {survey.status === 'OPEN' ? t.surveys.open : t.surveys.closed}
            {survey.link && <> · {t.surveys.link}: <a href={survey.link}>{location.origin}{survey.link}</a></>}
            {survey.status === 'OPEN' && <> · <button type="button" className="link" onClick={async () => {
                      if (!window.confirm(t.surveys.confirmClose)) return;
                      await close({ variables: { id: survey.id } });
                      void refetch();
                    }}>{t.surveys.close}</button></>}
          </p>
          {survey.results.questions.map((r) => (
            <div key={r.question.id} className="survey-result">
              <h3>{r.question.text} <small>({t.surveys.answered(r.answered)}{r.average !== null ? `, ${t.surveys.average}: ${r.average}` : ''})</small></h3>
              {r.counts.length > 0 && (
                <table>
                  <tbody>
                    {r.counts.map((c) => {
                      // Share of those who answered this question (several options may be ticked).
                      const share = r.answered ? Math.round((c.count / r.answered) * 100) : 0;
                      return (
                        <tr key={c.option}>
                          <td>{c.option}</td>
                          <td className="share" aria-hidden="true"><span style={{ width: `${share}%` }} /></td>
                          <td>{c.count}</td>
                          <td>{share} %</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
              {r.textAnswers.length > 0 && (
                <ul>
                  {r.textAnswers.map((answer, i) => (
                    <li key={i}>
                      {answer.text}
                      {answer.byLink && <span className="muted"> — {t.surveys.byLinkMark}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
