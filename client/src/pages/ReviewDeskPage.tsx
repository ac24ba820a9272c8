import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { dayLabel, t } from '../app/i18n.ts';
import { QueryState } from '../components/QueryState.tsx';
import { desk } from '../app/texts/desk.ts';
import { expertReview } from '../app/texts/review.ts';
import { Link } from '../app/router.tsx';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import { KINDS } from '../gql/kinds.ts';
import { usePageTitle } from '../app/title.ts';
import { SignInFirst } from '../components/SignInFirst.tsx';
import { DueDay, localToday } from '../features/workflow/DueDay.tsx';
import { ReviewConclusions } from '../features/workflow/WorkflowNote.tsx';
import type {
  PublishMaterialMutationMutation,
  PublishMaterialMutationMutationVariables,
  ReviewDeskExpertsQueryQuery,
  ReviewDeskQueryQuery,
  ViewerQueryQuery,
} from '../gql/graphql.ts';

const DESK_QUERY = gql`
  query ReviewDeskQuery {
    viewer {
      id
      role
    }
    materials(first: 100, filter: { statuses: [IN_REVIEW] }, orderBy: { field: CREATED_AT, direction: ASC }) {
      nodes {
        id
        title
        kind
        reviewDueOn
        authors {
          id
          fullName
        }
        ...WorkflowNote_material
      }
    }
    reviewDueDefault
  }
`;

const EXPERTS_QUERY = gql`
  query ReviewDeskExpertsQuery {
    experts {
      id
      name
    }
  }
`;

const ASSIGN = gql`
  mutation AssignReviewerMutation($id: ID!, $reviewerId: ID!, $dueOn: LocalDate) {
    assignReviewer(id: $id, reviewerId: $reviewerId, dueOn: $dueOn) {
      id
      reviewDueOn
    }
  }
`;
const PUBLISH = gql`
  mutation PublishMaterialMutation($id: ID!, $level: ExpertLevel) {
    publishMaterial(id: $id, level: $level) {
      id
      title
      registrationNumber
      certificateUrl
    }
  }
`;
const RETURN = gql`
  mutation ReturnMaterialMutation($id: ID!, $comment: String!) {
    returnMaterialForRevision(id: $id, comment: $comment) {
      id
    }
  }
`;
const REJECT = gql`
  mutation RejectMaterialMutation($id: ID!, $comment: String!) {
    rejectMaterial(id: $id, comment: $comment) {
      id
    }
  }
`;
type Item = ReviewDeskQueryQuery['materials']['nodes'][number];
interface Published {
  id: string;
  title: string;
  registrationNumber: string | null;
  certificateUrl: string | null;
}

type Decision = 'publish' | 'return' | 'reject';

/**
 * What a methodist does with a material on review, only what applies now: assign (or change) the
 * expert; publish once a conclusion exists; return or reject with a reason for the author. Each of
 * the last three is asked once more before it is done.
 */
function MethodistActions({ item, dueDefault, done }: { item: Item; dueDefault: string; done: (published?: Published) => void }) {
  const experts = useQuery<ReviewDeskExpertsQueryQuery>(EXPERTS_QUERY);
  const [expert, setExpert] = useState('');
  const [dueOn, setDueOn] = useState(dueDefault);
  const [changingExpert, setChangingExpert] = useState(false);
  const [assignedName, setAssignedName] = useState<string | null>(null);
  const [level, setLevel] = useState('MUNICIPAL');
  const [comment, setComment] = useState('');
  const [missingComment, setMissingComment] = useState(false);
  const [pending, setPending] = useState<Decision | null>(null);
  const [assign, a] = useMutation(ASSIGN);
  const [publish, p] = useMutation<PublishMaterialMutationMutation, PublishMaterialMutationMutationVariables>(PUBLISH);
  const [giveBack, r] = useMutation(RETURN);
  const [reject, x] = useMutation(REJECT);
  const error = a.error ?? p.error ?? r.error ?? x.error;
  const busy = a.loading || p.loading || r.loading || x.loading;
  const reviewed = item.reviews.length > 0;
  // The kinds whose publication sets the level they are recommended at (the kind registry's `publish`).
  const needsLevel = !!KINDS.find((k) => k.kind === item.kind)?.publish.includes('expertLevel');
  const commentId = `comment-${item.id}`;

  const chooseExpert = async () => {
    const name = experts.data?.experts.find((u) => u.id === expert)?.name ?? '';
    if (await assign({ variables: { id: item.id, reviewerId: expert, dueOn: dueOn || null } }).catch(() => null)) {
      setAssignedName(name);
      setChangingExpert(false);
      done();
    }
  };
  const ask = (decision: Decision) => {
    if (decision !== 'publish' && !comment.trim()) return setMissingComment(true);
    setPending(decision);
  };
  const decide = async () => {
    const reason = comment.trim();
    if (pending === 'publish') {
      const result = await publish({ variables: { id: item.id, level: needsLevel ? (level as never) : null } }).catch(() => null);
      if (result?.data) done(result.data.publishMaterial);
    } else if (pending === 'return') {
      if (await giveBack({ variables: { id: item.id, comment: reason } }).catch(() => null)) done();
    } else if (pending === 'reject') {
      if (await reject({ variables: { id: item.id, comment: reason } }).catch(() => null)) done();
    }
    setPending(null);
  };
  const question: Record<Decision, string> = {
    publish: desk.confirmPublish(item.title, needsLevel ? desk.levelOptions[level]! : null),
    return: desk.confirmReturn(item.title, comment.trim()),
    reject: desk.confirmReject(item.title, comment.trim()),
  };
  const yes: Record<Decision, string> = { publish: desk.yesPublish, return: desk.yesReturn, reject: desk.yesReject };

  return (
    <div className="desk-actions">
      {assignedName && (
        <p role="status" className="banner success">
          {desk.assigned(assignedName)}
        </p>
      )}
      {item.assignedExpert && !changingExpert ? (
        <p>
          {t.expert}: <strong>{item.assignedExpert.name}</strong>{' '}
          {!reviewed && (
            <button type="button" className="link" onClick={() => setChangingExpert(true)}>
              {desk.changeExpert}
            </button>
          )}
        </p>
      ) : (
        <div className="actions">
          <label>
            {t.expert}
            <select value={expert} onChange={(e) => setExpert(e.target.value)}>
              <option value="">—</option>
              {experts.data?.experts.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {expertReview.dueLabel}
            <input
              type="date"
              min={localToday()}
              value={dueOn}
              aria-describedby={`due-hint-${item.id}`}
              onChange={(e) => setDueOn(e.target.value)}
            />
          </label>
          <button type="button" disabled={!expert || busy} onClick={() => void chooseExpert()}>
            {t.assign}
          </button>
          <p id={`due-hint-${item.id}`} className="muted">
            {expertReview.dueHint(dayLabel(dueDefault))}
          </p>
          {changingExpert && (
            <button type="button" onClick={() => setChangingExpert(false)}>
              {t.cancel}
            </button>
          )}
        </div>
      )}
      <div className="actions">
        {reviewed && needsLevel && (
          <label>
            {t.level}
            <select value={level} onChange={(e) => setLevel(e.target.value)}>
              {Object.entries(desk.levelOptions).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        )}
        {reviewed && (
          <button type="button" disabled={busy} onClick={() => ask('publish')}>
            {t.publish}
          </button>
        )}
      </div>
      {!reviewed && <p className="muted">{desk.publishAfterReview}</p>}
      <label className="desk-label" htmlFor={commentId}>
        {desk.reasonToAuthor}
      </label>
      <textarea
        id={commentId}
        className="desk-comment"
        rows={2}
        value={comment}
        aria-invalid={missingComment}
        aria-describedby={missingComment ? `${commentId}-error` : undefined}
        onChange={(e) => {
          setComment(e.target.value);
          setMissingComment(false);
          setPending((d) => (d === 'publish' ? d : null));
        }}
      />
      {missingComment && (
        <p id={`${commentId}-error`} role="alert" className="error">
          {desk.reasonNeeded}
        </p>
      )}
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => ask('return')}>
          {t.returnForRevision}
        </button>
        <button type="button" disabled={busy} onClick={() => ask('reject')}>
          {t.reject}
        </button>
      </div>
      {pending && (
        <div className="confirm" role="group" aria-label={desk.confirmLabel}>
          <p>{question[pending]}</p>
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void decide()}>
              {yes[pending]}
            </button>
            <button type="button" onClick={() => setPending(null)}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
    </div>
  );
}

/** The review queue for those who review: others are told who may, rather than offered forms the server refuses. */
export default function ReviewDeskPage() {
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  usePageTitle(t.reviewDesk);
  if (viewer.loading) return <p aria-busy="true">{t.loading}</p>;
  const role = viewer.data?.viewer?.role;
  if (!role) return <SignInFirst title={t.reviewDesk} />;
  if (role !== 'EXPERT' && !isMethodist(role)) {
    return (
      <div className="material">
        <h1>{t.reviewDesk}</h1>
        <p>{t.reviewOnly}</p>
      </div>
    );
  }
  return <ReviewQueue />;
}

/** The review queue: an expert scores what is assigned to them; a methodist assigns, publishes or returns. */
function ReviewQueue() {
  const { data, loading, error, refetch } = useQuery<ReviewDeskQueryQuery>(DESK_QUERY, { fetchPolicy: 'network-only' });
  const [published, setPublished] = useState<Published | null>(null);
  // A refetch after an action keeps the queue on screen (and each item's confirmation with it).
  if ((loading && !data) || error) return <QueryState loading={loading && !data} error={error} onRetry={refetch} />;
  if (!data?.viewer) return <SignInFirst title={t.reviewDesk} />;
  const isExpert = data.viewer.role === 'EXPERT';
  const editor = isMethodist(data.viewer.role);
  // An expert's queue is what is assigned to them (they also see their own submissions, not theirs to review).
  const items = isExpert ? data.materials.nodes.filter((item) => item.assignedExpert?.id === data.viewer!.id) : data.materials.nodes;
  return (
    <div className="material">
      <h1>{t.reviewDesk}</h1>
      {published && (
        <p role="status" className="banner success">
          {t.publishedNotice(published.title, published.registrationNumber ?? '')} <Link href={`/materials/${published.id}`}>{t.open}</Link>
          {published.certificateUrl && (
            <>
              {' '}
              · <a href={published.certificateUrl}>{t.certificate}</a>
            </>
          )}
        </p>
      )}
      {items.length === 0 && <p>{isExpert ? expertReview.queueEmpty : t.queueEmpty}</p>}
      {items.map((item) => (
        <section key={item.id} className="result" aria-label={item.title}>
          <h2>
            <Link href={`/materials/${item.id}`}>{item.title}</Link>
          </h2>
          <p className="meta">
            {item.authors.map((a) => a.fullName).join(', ')} · {t.kinds[item.kind] ?? item.kind} ·{' '}
            {item.assignedExpert ? `${t.expert.toLowerCase()}: ${item.assignedExpert.name}` : desk.noExpert} ·{' '}
            {item.reviews.length ? desk.reviewed : t.noReviews}
            {item.assignedExpert && (
              <>
                {' '}
                · <DueDay day={item.reviewDueOn} open={item.reviews.length === 0} />
              </>
            )}
          </p>
          <ReviewConclusions reviews={item.reviews} />
          {isExpert && (
            <p>
              <Link className="button" href={`/review/${item.id}`}>
                {expertReview.openReview}
              </Link>
            </p>
          )}
          {editor && (
            <MethodistActions
              item={item}
              dueDefault={data.reviewDueDefault}
              done={(result) => {
                setPublished(result ?? null);
                void refetch();
              }}
            />
          )}
        </section>
      ))}
    </div>
  );
}
