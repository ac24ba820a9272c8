import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { dayMonth, longDate } from '../../app/format.ts';
import { t } from '../../app/i18n.ts';
import { work } from '../../app/texts/work.ts';
import type { ReviewCriteriaNamesQueryQuery, WorkflowNote_MaterialFragment } from '../../gql/graphql.ts';

const CRITERIA_QUERY = gql`
  query ReviewCriteriaNamesQuery {
    reviewCriteria(includeRetired: true) {
      id
      code
      name
      maxScore
    }
  }
`;

/** «30 ноября»; another year is named. */
export function dayOf(iso: string): string {
  const date = new Date(iso);
  const sameYear = date.getFullYear() === new Date().getFullYear();
  return sameYear ? dayMonth(date) : longDate(date);
}

type Decision = NonNullable<WorkflowNote_MaterialFragment['methodistDecision']>;

const DECISION_LINES: Record<Decision['action'], (day: string) => string> = {
  RETURNED: work.returned,
  REJECTED: work.rejected,
  ARCHIVED: work.archivedOn,
};

/** «Возвращено на доработку 30 ноября» / «Отклонено 30 ноября» / «Снято с публикации 30 ноября». */
const decisionLine = (decision: Decision) => DECISION_LINES[decision.action](dayOf(decision.at));

/** The status in words, one line: what the author reads first. */
export function statusLine(m: WorkflowNote_MaterialFragment): string {
  const decision = m.methodistDecision;
  if (decision) return `${decisionLine(decision)}: ${decision.reason}`;
  switch (m.status) {
    case 'IN_REVIEW':
      return m.assignedExpert ? work.withExpert(m.assignedExpert.name) : work.waitingExpert;
    case 'PUBLISHED':
      return m.publishedAt ? work.published(dayOf(m.publishedAt)) : t.statuses.PUBLISHED!;
    case 'ARCHIVED':
      return work.archived;
    case 'REJECTED':
      return t.statuses.REJECTED!;
    default:
      return work.draft;
  }
}

function Conclusion({ review, criteria }: { review: Reviews[number]; criteria: ReviewCriteriaNamesQueryQuery['reviewCriteria'] }) {
  // In the order of the criteria (the review keeps its scores by code).
  const position = (code: string) => {
    const i = criteria.findIndex((c) => c.code === code);
    return i === -1 ? criteria.length : i;
  };
  const named = [...review.scores]
    .sort((a, b) => position(a.code) - position(b.code))
    .map((s) => ({ ...s, criterion: criteria.find((c) => c.code === s.code) }));
  const sum = named.reduce((total, s) => total + s.score, 0);
  const max = named.reduce((total, s) => total + (s.criterion?.maxScore ?? 0), 0);
  return (
    <div className="conclusion">
      <p>
        <strong>{work.review(review.reviewer.name)}:</strong> {t.decisions[review.decision]}
      </p>
      {named.length > 0 && (
        <>
          <p>{work.total(sum, max)}</p>
          <ul className="scores" aria-label={work.scores}>
            {named.map((s) => (
              <li key={s.code}>
                <span>{s.criterion?.name ?? s.code}</span>{' '}
                <strong>
                  {s.score}
                  {s.criterion ? ` / ${s.criterion.maxScore}` : ''}
                </strong>
              </li>
            ))}
          </ul>
        </>
      )}
      {review.comment && <blockquote aria-label={work.expertComment}>{review.comment}</blockquote>}
    </div>
  );
}

type Reviews = WorkflowNote_MaterialFragment['reviews'];

function Conclusions({ reviews, criteria }: { reviews: Reviews; criteria: ReviewCriteriaNamesQueryQuery['reviewCriteria'] }) {
  return (
    <>
      {reviews.map((review) => (
        <Conclusion key={review.id} review={review} criteria={criteria} />
      ))}
    </>
  );
}

/** The experts' conclusions with criteria names (the review desk shows them to the methodist). */
export function ReviewConclusions({ reviews }: { reviews: Reviews }) {
  const criteria = useQuery<ReviewCriteriaNamesQueryQuery>(CRITERIA_QUERY, { skip: reviews.length === 0 });
  return <Conclusions reviews={reviews} criteria={criteria.data?.reviewCriteria ?? []} />;
}

/**
 * The note beside a material the author works on («Мои материалы», the editor, the material page):
 * the status in words with the methodist's reason, and after a return or rejection the expert's
 * scores and comment, so the author knows what to change.
 */
export function WorkflowNote({ material }: { material: WorkflowNote_MaterialFragment }) {
  const decision = material.methodistDecision;
  // The experts' conclusions explain a return or a rejection; an archiving has its own reason.
  const fromReview = !!decision && decision.action !== 'ARCHIVED';
  const criteria = useQuery<ReviewCriteriaNamesQueryQuery>(CRITERIA_QUERY, { skip: !fromReview || material.reviews.length === 0 });
  return (
    <div className={`workflow-note${decision ? ' decided' : ''}`} role="note">
      {decision ? (
        <p className="status-line">
          <strong>{decisionLine(decision)}:</strong> {decision.reason}
        </p>
      ) : (
        <p className="status-line">{statusLine(material)}</p>
      )}
      {decision && (
        <>
          {decision.by && <p className="muted">{work.by(decision.by)}</p>}
          {fromReview && <Conclusions reviews={material.reviews} criteria={criteria.data?.reviewCriteria ?? []} />}
          {decision.action === 'RETURNED' && material.status === 'DRAFT' && <p>{work.nextStep}</p>}
        </>
      )}
    </div>
  );
}
