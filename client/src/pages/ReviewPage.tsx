import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { longDate } from '../app/format.ts';
import { t } from '../app/i18n.ts';
import { QueryState } from '../components/QueryState.tsx';
import { desk } from '../app/texts/desk.ts';
import { expertReview } from '../app/texts/review.ts';
import { Link } from '../app/router.tsx';
import { VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { Markdown } from '../components/Markdown.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { SignInFirst } from '../components/SignInFirst.tsx';
import { FileList } from '../features/files/FileList.tsx';
import { ClassificationFacts } from '../features/materials/ClassificationFacts.tsx';
import { KindFacts } from '../features/materials/KindFacts.tsx';
import { DueDay } from '../features/workflow/DueDay.tsx';
import { ReviewConclusions } from '../features/workflow/WorkflowNote.tsx';
import type {
  ReviewPageQueryQuery,
  ReviewPageQueryQueryVariables,
  ReviewPageSubmitMutationMutation,
  ReviewPageSubmitMutationMutationVariables,
  ViewerQueryQuery,
} from '../gql/graphql.ts';

const REVIEW_PAGE_QUERY = gql`
  query ReviewPageQuery($id: ID!) {
    material(id: $id) {
      id
      __typename
      kind
      title
      summary
      body
      grades
      keywords
      reviewDueOn
      authors {
        id
        fullName
        position
      }
      organization {
        id
        name
        municipality
      }
      subjects {
        id
        name
      }
      levels {
        id
        code
        name
      }
      ...WorkflowNote_material
      ...FileList_material
      ...KindFields_material
    }
    reviewCriteria {
      code
      name
      maxScore
      rubric
    }
  }
`;

const SUBMIT = gql`
  mutation ReviewPageSubmitMutation($id: ID!, $review: ReviewInput!) {
    submitReview(id: $id, review: $review) {
      id
      decision
      comment
      updatedAt
      scores {
        code
        score
      }
      reviewer {
        id
        openReviewCount
      }
    }
  }
`;

type Material = NonNullable<ReviewPageQueryQuery['material']>;
type Criterion = ReviewPageQueryQuery['reviewCriteria'][number];
type Review = Material['reviews'][number];

const rubricLines = (rubric: string) =>
  rubric
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
const when = (iso: string) => {
  const date = new Date(iso);
  return `${longDate(date)}, ${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
};

/** What the expert reads: the material's facts, text and files, as its page shows them. */
function MaterialText({ m }: { m: Material }) {
  return (
    <article className="material review-material" aria-labelledby="review-material-title">
      <h2 id="review-material-title">{expertReview.material}</h2>
      <dl className="facts">
        <dt>{t.kind}</dt>
        <dd>{t.kinds[m.kind] ?? m.kind}</dd>
        {m.authors.length > 0 && (
          <>
            <dt>{t.authors}</dt>
            <dd>{m.authors.map((a) => `${a.fullName}${a.position ? `, ${a.position}` : ''}`).join('; ')}</dd>
          </>
        )}
        {m.organization && (
          <>
            <dt>{t.organization}</dt>
            <dd>
              {m.organization.name}, {m.organization.municipality}
            </dd>
          </>
        )}
        <ClassificationFacts m={m} />
      </dl>
      <KindFacts m={m} />
      <p className="summary">{m.summary}</p>
      <div className="body">
        <Markdown text={m.body} />
      </div>
      <FileList material={m} />
      {m.keywords.length > 0 && (
        <p className="keywords">
          {t.keywords}: {m.keywords.join(', ')}
        </p>
      )}
    </article>
  );
}

/**
 * The conclusion: each criterion with what its scores mean and a score bounded by its top, the total
 * as it is typed, the decision and a comment. A refusal names the criterion; the draft stays.
 */
function ReviewForm({
  m,
  criteria,
  review,
  done,
  cancel,
}: {
  m: Material;
  criteria: Criterion[];
  review?: Review;
  done: () => void;
  cancel?: () => void;
}) {
  const given = Object.fromEntries((review?.scores ?? []).map((s) => [s.code, String(s.score)]));
  const [scores, setScores] = useState<Record<string, string>>(given);
  const [decision, setDecision] = useState<string>(review?.decision ?? 'RECOMMEND');
  const [comment, setComment] = useState(review?.comment ?? '');
  const [problems, setProblems] = useState<Record<string, string>>({});
  // The answer carries the expert's open assignments: the header's counter (the viewer in the cache) follows.
  const [send, { loading, error }] = useMutation<ReviewPageSubmitMutationMutation, ReviewPageSubmitMutationMutationVariables>(SUBMIT, {
    refetchQueries: [REVIEW_PAGE_QUERY],
    awaitRefetchQueries: true,
  });
  const valueOf = (c: Criterion) => {
    const text = scores[c.code]?.trim() ?? '';
    const n = Number(text);
    return text !== '' && Number.isInteger(n) && n >= 0 && n <= c.maxScore ? n : null;
  };
  const total = criteria.reduce((sum, c) => sum + (valueOf(c) ?? 0), 0);
  const max = criteria.reduce((sum, c) => sum + c.maxScore, 0);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const c of criteria) {
      if (!scores[c.code]?.trim()) found[c.code] = expertReview.scoreMissing(c.name);
      else if (valueOf(c) === null) found[c.code] = expertReview.scoreRange(c.name, c.maxScore);
    }
    setProblems(found);
    const first = criteria.find((c) => found[c.code]);
    if (first) return document.getElementById(`score-${first.code}`)?.focus();
    const input = {
      scores: criteria.map((c) => ({ code: c.code, score: valueOf(c)! })),
      decision: decision as never,
      comment: comment.trim(),
    };
    if (await send({ variables: { id: m.id, review: input } }).catch(() => null)) done();
  };
  return (
    <form className="form review-form" aria-label={`${t.reviewOf} ${m.title}`} noValidate onSubmit={submit}>
      {criteria.map((c) => {
        const lines = rubricLines(c.rubric);
        const described = [lines.length ? `rubric-${c.code}` : '', problems[c.code] ? `score-error-${c.code}` : '']
          .filter(Boolean)
          .join(' ');
        return (
          <fieldset key={c.code} className="criterion">
            <legend>{c.name}</legend>
            {lines.length > 0 && (
              <ul id={`rubric-${c.code}`} className="rubric-lines">
                {lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
            <label htmlFor={`score-${c.code}`}>{expertReview.scoreOf(c.maxScore)}</label>
            <input
              id={`score-${c.code}`}
              type="number"
              inputMode="numeric"
              min={0}
              max={c.maxScore}
              step={1}
              value={scores[c.code] ?? ''}
              aria-invalid={Boolean(problems[c.code])}
              aria-describedby={described || undefined}
              onChange={(e) => {
                setScores({ ...scores, [c.code]: e.target.value });
                setProblems({ ...problems, [c.code]: '' });
              }}
            />
            {problems[c.code] && (
              <p id={`score-error-${c.code}`} className="error">
                {problems[c.code]}
              </p>
            )}
          </fieldset>
        );
      })}
      <p className="review-total" aria-live="polite">
        <strong>{expertReview.total(total, max)}</strong>
      </p>
      <label>
        {t.decision}
        <select value={decision} onChange={(e) => setDecision(e.target.value)}>
          {Object.entries(t.decisions).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.comment}
        <textarea rows={5} value={comment} maxLength={20000} onChange={(e) => setComment(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={loading}>
          {review ? expertReview.saveChanges : t.sendReview}
        </button>
        {cancel && (
          <button type="button" onClick={cancel}>
            {expertReview.cancel}
          </button>
        )}
      </div>
    </form>
  );
}

/** The expert's side: the form, or their conclusion with «Исправить» while the material is on review. */
function ReviewPanel({ m, criteria, viewerId }: { m: Material; criteria: Criterion[]; viewerId: string }) {
  const [editing, setEditing] = useState(false);
  const [sent, setSent] = useState(false);
  const mine = m.reviews.find((r) => r.reviewer.id === viewerId);
  const open = m.status === 'IN_REVIEW';
  const finish = () => {
    setEditing(false);
    setSent(true);
  };
  let body;
  if (m.assignedExpert?.id !== viewerId) {
    body = (
      <>
        <ReviewConclusions reviews={m.reviews} />
        <p className="muted">{expertReview.notYours}</p>
      </>
    );
  } else if (open && criteria.length === 0) {
    body = <p>{expertReview.noCriteria}</p>;
  } else if (open && (!mine || editing)) {
    body = <ReviewForm m={m} criteria={criteria} review={mine} done={finish} cancel={mine ? () => setEditing(false) : undefined} />;
  } else {
    body = (
      <>
        {sent && (
          <p role="status" className="banner success">
            {expertReview.sent}
          </p>
        )}
        {mine && <ReviewConclusions reviews={[mine]} />}
        {mine && <p className="muted">{expertReview.updatedAt(when(mine.updatedAt))}</p>}
        {open ? (
          <button
            type="button"
            onClick={() => {
              setSent(false);
              setEditing(true);
            }}
          >
            {expertReview.correct}
          </button>
        ) : (
          <p>{m.publishedAt ? expertReview.locked : expertReview.closed}</p>
        )}
      </>
    );
  }
  return (
    <section className="review-panel" aria-labelledby="review-form-title">
      <h2 id="review-form-title">{mine && !editing ? expertReview.yours : expertReview.form}</h2>
      {body}
    </section>
  );
}

/** `/review/:id`: the material's text beside the expert's form (stacked on a phone). */
export default function ReviewPage({ id }: { id: string }) {
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  const role = viewer.data?.viewer?.role;
  const allowed = role === 'EXPERT' || role === 'METHODIST' || role === 'ADMIN';
  const { data, loading, error, refetch } = useQuery<ReviewPageQueryQuery, ReviewPageQueryQueryVariables>(REVIEW_PAGE_QUERY, {
    variables: { id },
    skip: !allowed,
  });
  const m = data?.material;
  usePageTitle(m ? expertReview.title(m.title) : t.reviewDesk);
  // A refetch (the counter after a conclusion) keeps the page, and the panel's state, on screen.
  if ((viewer.loading && !viewer.data) || (allowed && loading && !data)) return <QueryState loading onRetry={refetch} />;
  if (!role) return <SignInFirst title={t.reviewDesk} />;
  if (!allowed)
    return (
      <div className="material">
        <h1>{t.reviewDesk}</h1>
        <p>{t.reviewOnly}</p>
      </div>
    );
  if (error || !m)
    return <QueryState error={error} onRetry={refetch} notFound={<NotFound title={t.materialNotFound} hint={t.materialNotFoundHint} />} />;
  return (
    <div className="review-page">
      <p>
        <Link href="/review">{expertReview.backToDesk}</Link>
      </p>
      <h1>{expertReview.title(m.title)}</h1>
      <p className="meta">
        {t.kinds[m.kind] ?? m.kind} · {m.assignedExpert ? `${t.expert.toLowerCase()}: ${m.assignedExpert.name}` : desk.noExpert} ·{' '}
        <DueDay day={m.reviewDueOn} open={m.status === 'IN_REVIEW' && m.reviews.length === 0} />
      </p>
      <div className="review-layout">
        <MaterialText m={m} />
        <ReviewPanel m={m} criteria={data.reviewCriteria} viewerId={viewer.data!.viewer!.id} />
      </div>
    </div>
  );
}
