import { CombinedGraphQLErrors, gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { dayLabel, t } from '../app/i18n.ts';
import { surveys } from '../app/texts/surveys.ts';
import { usePageTitle } from '../app/title.ts';
import { localDay } from '../app/format.ts';
import type { AnswerSurveyMutationMutation, AnswerSurveyMutationMutationVariables, SurveyPageQueryQuery } from '../gql/graphql.ts';

const SURVEY_QUERY = gql`
  query SurveyPageQuery($link: String!) {
    survey(link: $link) {
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
const ANSWER = gql`
  mutation AnswerSurveyMutation($link: String!, $answers: [SurveyAnswerInput!]!) {
    answerSurvey(link: $link, answers: $answers)
  }
`;

type Answer = { choices?: number[]; score?: number; text?: string };
type Question = NonNullable<SurveyPageQueryQuery['survey']>['questions'][number];

const isAnswered = (answer: Answer | undefined) =>
  Boolean(answer && (answer.choices?.length || answer.score !== undefined || answer.text?.trim()));

/** The question a refusal names (`answers[q2]`) and its reason without the argument's path. */
function answerFailure(error: unknown, questions: Question[]): { id: string; reason: string } | undefined {
  const failure = CombinedGraphQLErrors.is(error) ? error.errors[0] : undefined;
  const key = /^answers\[(q\d+)\]$/.exec(String(failure?.extensions?.argument ?? ''))?.[1];
  const question = questions.find((q) => q.key === key);
  return failure && question ? { id: question.id, reason: failure.message.slice(failure.message.indexOf(': ') + 2) } : undefined;
}

/** Moves focus to a question's first control, so that its message beside it is what is read next. */
const focusQuestion = (id: string) =>
  document.querySelector<HTMLElement>(`[data-question="${CSS.escape(id)}"] :is(input, textarea)`)?.focus();

/**
 * A survey answered by its link: signed in or not, each question as its kind asks. Required
 * questions are checked before sending: the first one unanswered gets its message beside it and
 * the focus; the server checks the same and its refusal is shown at the question it names.
 */
export default function SurveyPage({ link }: { link: string }) {
  const { data, loading } = useQuery<SurveyPageQueryQuery>(SURVEY_QUERY, { variables: { link } });
  const [send, { error, loading: sending }] = useMutation<AnswerSurveyMutationMutation, AnswerSurveyMutationMutationVariables>(ANSWER);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [done, setDone] = useState(false);
  usePageTitle(data?.survey?.title ?? (loading ? null : surveys.notFound));
  if (loading)
    return (
      <div>
        <p aria-busy="true">{t.loading}</p>
      </div>
    );
  const survey = data?.survey;
  if (!survey)
    return (
      <div>
        <h1>{surveys.notFound}</h1>
      </div>
    );
  if (done)
    return (
      <div>
        <h1>{survey.title}</h1>
        <p role="status">{surveys.thanks}</p>
      </div>
    );
  if (survey.status !== 'OPEN') {
    const why =
      survey.status === 'DRAFT'
        ? surveys.notYetOpen
        : survey.closesOn && survey.closesOn < localDay(new Date())
          ? surveys.closedOn(dayLabel(survey.closesOn))
          : surveys.closedForm;
    return (
      <div>
        <h1>{survey.title}</h1>
        <p>{why}</p>
      </div>
    );
  }
  const set = (id: string, answer: Answer) => {
    setAnswers({ ...answers, [id]: answer });
    if (isAnswered(answer)) setMissing(missing.filter((m) => m !== id));
  };
  const refused = answerFailure(error, survey.questions);
  const problemOf = (q: Question) => (missing.includes(q.id) ? surveys.requiredMissing : refused?.id === q.id ? refused.reason : undefined);

  return (
    <div className="survey">
      <h1>{survey.title}</h1>
      {survey.description && <p>{survey.description}</p>}
      {survey.closesOn && <p>{surveys.openUntil(dayLabel(survey.closesOn))}</p>}
      {survey.questions.some((q) => q.required) && <p className="muted">{surveys.requiredNote}</p>}
      <form
        className="form wide"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const unanswered = survey.questions.filter((q) => q.required && !isAnswered(answers[q.id])).map((q) => q.id);
          setMissing(unanswered);
          if (unanswered.length) return focusQuestion(unanswered[0]!);
          const list = Object.entries(answers).map(([questionId, a]) => ({ questionId, ...a }));
          const sent = await send({ variables: { link, answers: list } }).catch((failure: unknown) => {
            const at = answerFailure(failure, survey.questions);
            if (at) focusQuestion(at.id);
            return null;
          });
          if (sent) setDone(true);
        }}
      >
        {survey.questions.map((q, n) => {
          const problem = problemOf(q);
          const problemId = `problem-${n + 1}`;
          const described = problem ? problemId : undefined;
          return (
            <fieldset key={q.id} data-question={q.id} className={problem ? 'invalid' : undefined} aria-describedby={described}>
              <legend>
                {n + 1}. {q.text}
                {q.required ? ' *' : ''}
              </legend>
              {problem && (
                <p id={problemId} className="error">
                  {problem}
                </p>
              )}
              {q.type === 'TEXT' && (
                <textarea
                  rows={3}
                  maxLength={3000}
                  aria-label={q.text}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={described}
                  value={answers[q.id]?.text ?? ''}
                  onChange={(e) => set(q.id, { text: e.target.value })}
                />
              )}
              {q.type === 'SCALE' && (
                <>
                  <p className="scale-legend">{surveys.scaleEnds(q.lowLabel ?? '', q.highLabel ?? '')}</p>
                  <div className="scale">
                    {[1, 2, 3, 4, 5].map((score) => (
                      <label key={score}>
                        <input type="radio" name={q.id} checked={answers[q.id]?.score === score} onChange={() => set(q.id, { score })} />{' '}
                        {score}
                        {score === 1 && <span className="visually-hidden"> — {q.lowLabel}</span>}
                        {score === 5 && <span className="visually-hidden"> — {q.highLabel}</span>}
                      </label>
                    ))}
                  </div>
                </>
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
                        checked={chosen.includes(i)}
                        onChange={(e) =>
                          set(q.id, { choices: single ? [i] : e.target.checked ? [...chosen, i] : chosen.filter((c) => c !== i) })
                        }
                      />{' '}
                      {option}
                    </label>
                  );
                })}
            </fieldset>
          );
        })}
        {error && !refused && (
          <p role="alert" className="error">
            {error.message}
          </p>
        )}
        <button type="submit" disabled={sending}>
          {surveys.send}
        </button>
      </form>
    </div>
  );
}
