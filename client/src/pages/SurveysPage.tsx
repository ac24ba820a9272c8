import { CombinedGraphQLErrors, gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { dayLabel, t } from '../app/i18n.ts';
import { surveys } from '../app/texts/surveys.ts';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { ReportDownloads } from '../components/ReportDownloads.tsx';
import type {
  CreateSurveyMutationMutation,
  CreateSurveyMutationMutationVariables,
  OpenSurveysQueryQuery,
  SurveysPageQueryQuery,
  UpdateSurveyMutationMutation,
  UpdateSurveyMutationMutationVariables,
  ViewerQueryQuery,
} from '../gql/graphql.ts';

const SURVEYS_QUERY = gql`
  query SurveysPageQuery {
    surveys {
      id
      title
      description
      status
      closesOn
      link
      responseCount
      questions {
        id
        key
        text
        type
        options
        required
        lowLabel
        highLabel
      }
      results {
        responses
        byLink
        signedIn
        questions {
          question {
            id
            text
            type
            lowLabel
            highLabel
          }
          answered
          counts {
            option
            count
          }
          average
          textAnswers {
            text
            byLink
          }
        }
      }
    }
  }
`;
const CREATE = gql`
  mutation CreateSurveyMutation($input: SurveyInput!) {
    createSurvey(input: $input) {
      id
      link
      status
    }
  }
`;
const UPDATE = gql`
  mutation UpdateSurveyMutation($id: ID!, $input: SurveyUpdateInput!) {
    updateSurvey(id: $id, input: $input) {
      id
      title
      description
      status
      closesOn
      questions {
        id
        key
        text
        type
        options
        required
        lowLabel
        highLabel
      }
    }
  }
`;
const OPEN_SURVEYS_QUERY = gql`
  query OpenSurveysQuery {
    surveys {
      id
      title
      description
      closesOn
      link
      answeredByMe
    }
  }
`;
const OPEN = gql`
  mutation OpenSurveyMutation($id: ID!) {
    openSurvey(id: $id) {
      id
      status
    }
  }
`;
const CLOSE = gql`
  mutation CloseSurveyMutation($id: ID!) {
    closeSurvey(id: $id) {
      id
      status
    }
  }
`;
const DELETE = gql`
  mutation DeleteSurveyMutation($id: ID!) {
    deleteSurvey(id: $id)
  }
`;

type ManagedSurvey = SurveysPageQueryQuery['surveys'][number];
const TYPES = ['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'SCALE', 'TEXT'] as const;
/** A question in the builder; `key` is the stored number of a question already saved. */
type Draft = {
  key?: string;
  text: string;
  type: (typeof TYPES)[number];
  options: string;
  required: boolean;
  lowLabel: string;
  highLabel: string;
};
const empty = (): Draft => ({ text: '', type: 'SINGLE_CHOICE', options: '', required: true, lowLabel: '', highLabel: '' });
const draftOf = (q: ManagedSurvey['questions'][number]): Draft => ({
  key: q.key,
  text: q.text,
  type: q.type,
  options: q.options.join('\n'),
  required: q.required,
  lowLabel: q.lowLabel ?? '',
  highLabel: q.highLabel ?? '',
});

/** A scale's score with the words of its end where it is one: «1 — совсем нет». */
const scaleOption = (question: { type: string; lowLabel?: string | null; highLabel?: string | null }, option: string) =>
  question.type !== 'SCALE' ? option : option === '1' ? `1 — ${question.lowLabel}` : option === '5' ? `5 — ${question.highLabel}` : option;

/** Which question a refusal names (`input.questions[2].options` → 2) and its reason without the argument's path. */
function questionFailure(error: unknown): { index: number; reason: string } | undefined {
  const failure = CombinedGraphQLErrors.is(error) ? error.errors[0] : undefined;
  const index = /^input\.questions\[(\d+)\]/.exec(String(failure?.extensions?.argument ?? ''))?.[1];
  if (!failure || index === undefined) return undefined;
  return { index: Number(index), reason: failure.message.slice(failure.message.indexOf(': ') + 2) };
}

/**
 * Writes a survey or changes one: title, note, last day and questions. A new survey is saved as a
 * draft or saved and opened at once (two buttons); once answered, questions can only be removed,
 * and removing one that has answers asks first, saying how many answers go with it.
 */
function SurveyEditor({ survey, done }: { survey?: ManagedSurvey; done: (message?: string) => void }) {
  const [title, setTitle] = useState(survey?.title ?? '');
  const [description, setDescription] = useState(survey?.description ?? '');
  const [closesOn, setClosesOn] = useState(survey?.closesOn ?? '');
  const [questions, setQuestions] = useState<Draft[]>(survey ? survey.questions.map(draftOf) : [empty()]);
  const [create, created] = useMutation<CreateSurveyMutationMutation, CreateSurveyMutationMutationVariables>(CREATE);
  const [update, updated] = useMutation<UpdateSurveyMutationMutation, UpdateSurveyMutationMutationVariables>(UPDATE);
  const [open, opened] = useMutation(OPEN);
  const error = created.error ?? updated.error ?? opened.error;
  const busy = created.loading || updated.loading || opened.loading;
  const locked = (survey?.responseCount ?? 0) > 0;
  const answeredOf = (key?: string) => {
    const id = survey?.questions.find((q) => q.key === key)?.id;
    return survey?.results.questions.find((r) => r.question.id === id)?.answered ?? 0;
  };
  const change = (i: number, patch: Partial<Draft>) => setQuestions(questions.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  const failed = questionFailure(error);
  const heading = survey ? surveys.editing(survey.title) : surveys.create;

  const save = async (andOpen: boolean) => {
    const input = {
      title,
      description,
      closesOn: closesOn || null,
      questions: questions.map((q) => ({
        ...(locked && q.key ? { key: q.key } : {}),
        text: q.text,
        type: q.type,
        required: q.required,
        options: q.options
          .split('\n')
          .map((o) => o.trim())
          .filter(Boolean),
        ...(q.type === 'SCALE' ? { lowLabel: q.lowLabel, highLabel: q.highLabel } : {}),
      })),
    };
    let id = survey?.id;
    if (survey) {
      if (!(await update({ variables: { id: survey.id, input } }).catch(() => null))) return;
    } else {
      const result = await create({ variables: { input: { ...input, closesOn: input.closesOn ?? undefined, draft: !andOpen } } }).catch(
        () => null,
      );
      if (!result) return;
      id = result.data?.createSurvey.id;
    }
    if (survey && andOpen && !(await open({ variables: { id } }).catch(() => null))) return;
    done();
  };

  return (
    <form
      className="form wide"
      aria-labelledby="survey-editor-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <h2 id="survey-editor-title">{heading}</h2>
      <label>
        {surveys.titleField}
        <input required minLength={3} maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        {surveys.descriptionField}
        <textarea rows={2} maxLength={3000} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <div className="field">
        <label>
          {surveys.closesOn}
          <input type="date" value={closesOn} aria-describedby="closes-on-hint" onChange={(e) => setClosesOn(e.target.value)} />
        </label>
        <p id="closes-on-hint" className="muted">
          {surveys.closesOnHint}
        </p>
      </div>
      {locked && <p className="muted">{surveys.questionsLocked(survey!.responseCount)}</p>}
      {questions.map((q, i) => (
        <fieldset key={q.key ?? `new-${i}`}>
          <legend>
            {surveys.question} {i + 1}
          </legend>
          <label>
            {surveys.questionText}
            <input
              required
              minLength={3}
              maxLength={500}
              readOnly={locked}
              value={q.text}
              onChange={(e) => change(i, { text: e.target.value })}
            />
          </label>
          <label>
            {surveys.questionType}
            <select value={q.type} disabled={locked} onChange={(e) => change(i, { type: e.target.value as Draft['type'] })}>
              {TYPES.map((type) => (
                <option key={type} value={type}>
                  {surveys.types[type]}
                </option>
              ))}
            </select>
          </label>
          {(q.type === 'SINGLE_CHOICE' || q.type === 'MULTIPLE_CHOICE') && (
            <label>
              {surveys.options}
              <textarea rows={3} required readOnly={locked} value={q.options} onChange={(e) => change(i, { options: e.target.value })} />
            </label>
          )}
          {q.type === 'SCALE' && (
            <div className="scale-ends">
              <label>
                {surveys.lowLabel}
                <input
                  maxLength={100}
                  readOnly={locked}
                  placeholder="совсем нет"
                  value={q.lowLabel}
                  onChange={(e) => change(i, { lowLabel: e.target.value })}
                />
              </label>
              <label>
                {surveys.highLabel}
                <input
                  maxLength={100}
                  readOnly={locked}
                  placeholder="полностью"
                  value={q.highLabel}
                  onChange={(e) => change(i, { highLabel: e.target.value })}
                />
              </label>
            </div>
          )}
          <label className="inline">
            <input type="checkbox" disabled={locked} checked={q.required} onChange={(e) => change(i, { required: e.target.checked })} />{' '}
            {surveys.required}
          </label>
          {failed?.index === i && (
            <p role="alert" className="error">
              {surveys.questionError(i + 1)}: {failed.reason}
            </p>
          )}
          {questions.length > 1 && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                const answered = answeredOf(q.key);
                if (answered && !window.confirm(surveys.confirmRemoveQuestion(i + 1, answered))) return;
                setQuestions(questions.filter((_, j) => j !== i));
              }}
            >
              {surveys.removeQuestion(i + 1)}
            </button>
          )}
        </fieldset>
      ))}
      {!locked && (
        <button type="button" className="link" onClick={() => setQuestions([...questions, empty()])}>
          {surveys.addQuestion}
        </button>
      )}
      {error && !failed && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div className="form-buttons">
        <button type="submit" disabled={busy}>
          {survey ? surveys.saveChanges : surveys.saveDraft}
        </button>
        {(!survey || survey.status === 'DRAFT') && (
          <button
            type="button"
            disabled={busy}
            onClick={(e) => {
              // The browser's own checks first (title, question texts), as for saving.
              if (!e.currentTarget.form!.reportValidity()) return;
              if (window.confirm(surveys.confirmOpen(title))) void save(true);
            }}
          >
            {surveys.saveAndOpen}
          </button>
        )}
        <button type="button" className="secondary" onClick={() => done()}>
          {surveys.cancel}
        </button>
      </div>
    </form>
  );
}

/** What a teacher sees: the open surveys, each with its link to answer. */
function OpenSurveys() {
  const { data, error } = useQuery<OpenSurveysQueryQuery>(OPEN_SURVEYS_QUERY);
  return (
    <div className="reports">
      <h1>{surveys.openTitle}</h1>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {data && (data.surveys.length ? <p>{surveys.openIntro}</p> : <p className="empty">{surveys.noneOpen}</p>)}
      {data?.surveys.map((survey) => (
        <section key={survey.id} aria-label={survey.title}>
          <h2>{survey.title}</h2>
          {survey.description && <p>{survey.description}</p>}
          {survey.closesOn && <p>{surveys.openUntil(dayLabel(survey.closesOn))}</p>}
          {survey.answeredByMe ? (
            <p>{surveys.alreadyAnswered}</p>
          ) : (
            survey.link && (
              <a className="button" href={survey.link}>
                {surveys.answer}
              </a>
            )
          )}
        </section>
      ))}
    </div>
  );
}

/** Needs monitoring: methodists get their surveys with results and a form for a new one; teachers the open ones. */
export default function SurveysPage() {
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  usePageTitle(t.surveysLink);
  if (viewer.loading)
    return (
      <div>
        <p aria-busy="true">{t.loading}</p>
      </div>
    );
  return isMethodist(viewer.data?.viewer?.role) ? <ManagedSurveys /> : <OpenSurveys />;
}

function ManagedSurveys() {
  const { data, error, refetch } = useQuery<SurveysPageQueryQuery>(SURVEYS_QUERY);
  const [open] = useMutation(OPEN);
  const [close] = useMutation(CLOSE);
  const [remove] = useMutation(DELETE);
  // The survey being written: 'new', one's id, or none.
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const finish = (message = '') => {
    setEditing(null);
    setNotice(message);
    void refetch();
  };
  const act = async (run: () => Promise<unknown>, message = '') => {
    const failure = await run().then(
      () => null,
      (problem: Error) => problem.message,
    );
    finish(failure ?? message);
  };
  const editedSurvey = data?.surveys.find((s) => s.id === editing);
  return (
    <div className="reports">
      <h1>{surveys.title}</h1>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <p role="status">{notice}</p>
      {editing === 'new' ? (
        <SurveyEditor done={finish} />
      ) : editedSurvey ? (
        <SurveyEditor key={editedSurvey.id} survey={editedSurvey} done={finish} />
      ) : (
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {surveys.create}
        </button>
      )}
      {data?.surveys.length === 0 && !editing && <p className="empty">{surveys.noneYet}</p>}
      {!editing &&
        data?.surveys.map((survey) => (
          <section key={survey.id} aria-label={survey.title}>
            <h2>{survey.title}</h2>
            <ReportDownloads name={`survey-${survey.id}`} title={survey.title} />
            <p>
              {surveys.responses(survey.responseCount)} ({surveys.channels(survey.results.byLink, survey.results.signedIn)}) ·{' '}
              {survey.status === 'DRAFT' ? surveys.draft : survey.status === 'OPEN' ? surveys.open : surveys.closed}
              {survey.closesOn && survey.status !== 'CLOSED' && <> · {surveys.closesOnText(dayLabel(survey.closesOn))}</>}
              {survey.link && survey.status !== 'DRAFT' && (
                <>
                  {' '}
                  · {surveys.link}:{' '}
                  <a className="long-link" href={survey.link}>
                    {location.origin}
                    {survey.link}
                  </a>
                </>
              )}
            </p>
            <div className="actions">
              <button type="button" onClick={() => setEditing(survey.id)}>
                {surveys.edit}
              </button>
              {survey.status === 'DRAFT' && (
                <button
                  type="button"
                  className="primary"
                  onClick={() =>
                    window.confirm(surveys.confirmOpen(survey.title)) && void act(() => open({ variables: { id: survey.id } }))
                  }
                >
                  {surveys.openForm}
                </button>
              )}
              {survey.status === 'OPEN' && (
                <button
                  type="button"
                  onClick={() => window.confirm(surveys.confirmClose) && void act(() => close({ variables: { id: survey.id } }))}
                >
                  {surveys.close}
                </button>
              )}
              <button
                type="button"
                onClick={() =>
                  window.confirm(surveys.confirmRemove(survey.title, survey.responseCount)) &&
                  void act(() => remove({ variables: { id: survey.id } }), surveys.removed(survey.title))
                }
              >
                {surveys.remove}
              </button>
            </div>
            {survey.results.questions.map((r) => (
              <div key={r.question.id} className="survey-result">
                <h3>
                  {r.question.text}{' '}
                  <small>
                    ({surveys.answered(r.answered)}
                    {r.average !== null ? `, ${surveys.average}: ${r.average}` : ''})
                  </small>
                </h3>
                {r.counts.length > 0 && (
                  <table>
                    <tbody>
                      {r.counts.map((c) => {
                        // Share of those who answered this question (several options may be ticked).
                        const share = r.answered ? Math.round((c.count / r.answered) * 100) : 0;
                        return (
                          <tr key={c.option}>
                            <td>{scaleOption(r.question, c.option)}</td>
                            <td className="share" aria-hidden="true">
                              <span style={{ width: `${share}%` }} />
                            </td>
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
                        {answer.byLink && <span className="muted"> — {surveys.byLinkMark}</span>}
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
