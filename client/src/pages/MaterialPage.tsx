import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { apollo } from '../app/apollo.ts';
import { longDate } from '../app/format.ts';
import { t } from '../app/i18n.ts';
import { life } from '../app/texts/life.ts';
import { work } from '../app/texts/work.ts';
import { matchPage } from '../app/paths.ts';
import { Link } from '../app/router.tsx';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { BackToSearch } from '../components/BackToSearch.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { citation } from '../features/materials/citation.ts';
import { Markdown } from '../components/Markdown.tsx';
import { MaterialList } from '../components/MaterialList.tsx';
import { FileList } from '../features/files/FileList.tsx';
import { ClassificationFacts } from '../features/materials/ClassificationFacts.tsx';
import { KindFacts } from '../features/materials/KindFacts.tsx';
import { ArchiveAction } from '../features/lifecycle/ArchiveAction.tsx';
import { WorkflowNote } from '../features/workflow/WorkflowNote.tsx';
import type {
  MaterialPageQueryQuery,
  MaterialPageQueryQueryVariables,
  MaterialWorkflowQueryQuery,
  MaterialWorkflowQueryQueryVariables,
  ViewerQueryQuery,
} from '../gql/graphql.ts';
import { QueryState } from '../components/QueryState.tsx';
import { MATERIAL_QUERY } from '../features/materials/material.query.ts';

// The material's query leaves as soon as this chunk runs (main.tsx runs it before React mounts), not
// after the first render; the page's useQuery then shares the request in flight.
const opened = matchPage(location.pathname);
if (opened?.page === 'material')
  apollo
    .query<MaterialPageQueryQuery, MaterialPageQueryQueryVariables>({ query: MATERIAL_QUERY, variables: { id: opened.param } })
    .catch(() => undefined);

/** Where an unpublished material stands: asked only for those (their readers are their insiders). */
const WORKFLOW_QUERY = gql`
  query MaterialWorkflowQuery($id: ID!) {
    material(id: $id) {
      id
      ...WorkflowNote_material
    }
  }
`;

type Material = NonNullable<MaterialPageQueryQuery['material']>;

const UNPUBLISHED_BANNERS: Record<string, string> = {
  DRAFT: work.draftBanner,
  IN_REVIEW: work.inReviewBanner,
  REJECTED: work.rejectedBanner,
};

/** An unpublished material's page says so, with the status in words and why it came back. */
function Unpublished({ m }: { m: Material }) {
  const workflow = useQuery<MaterialWorkflowQueryQuery, MaterialWorkflowQueryQueryVariables>(WORKFLOW_QUERY, { variables: { id: m.id } });
  const note = workflow.data?.material;
  return (
    <div className="unpublished">
      <p className="banner">
        <strong>{UNPUBLISHED_BANNERS[m.status] ?? work.archived}</strong>
        {m.status === 'DRAFT' && (
          <>
            {' '}
            <Link href={`/my/materials/${m.id}`}>{t.edit}</Link>
          </>
        )}
      </p>
      {note && <WorkflowNote material={note} />}
    </div>
  );
}

/**
 * The material's life for those who keep it: a methodist edits it (published too), reads its history
 * and withdraws it with a reason; the author of an unpublished one reads its history. Readers see nothing.
 */
function MaterialTools({ m, onArchived }: { m: Material; onArchived: () => void }) {
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  const role = viewer.data?.viewer?.role;
  const methodist = isMethodist(role);
  // Only insiders see an unpublished material; a published one's history is the methodists'.
  if (!role || (!methodist && m.status === 'PUBLISHED')) return null;
  return (
    <section className="material-tools" aria-label={methodist ? life.tools : life.history}>
      {methodist && m.status === 'PUBLISHED' && <Link href={`/my/materials/${m.id}`}>{t.edit}</Link>}
      <Link href={`/my/materials/${m.id}/history`}>{life.history}</Link>
      {methodist && <ArchiveAction material={m} done={onArchived} />}
    </section>
  );
}

const date = (iso?: string) => (iso ? longDate(new Date(iso)) : '');

export default function MaterialPage({ id }: { id: string }) {
  const { data, loading, error, refetch } = useQuery<MaterialPageQueryQuery, MaterialPageQueryQueryVariables>(MATERIAL_QUERY, {
    variables: { id },
  });
  const [archived, setArchived] = useState(false);
  const m = data?.material;
  usePageTitle(m?.title ?? (loading || error ? null : t.materialNotFound));
  if (loading || error || !m)
    return (
      <QueryState
        loading={loading}
        error={error}
        onRetry={refetch}
        notFound={<NotFound title={t.materialNotFound} hint={t.materialNotFoundHint} />}
      />
    );
  // A draft is nobody's source yet: no neighbours, no reference with an empty date.
  const published = m.status === 'PUBLISHED';
  const year = ('year' in m && m.year) || (m.publishedAt ? new Date(m.publishedAt).getFullYear() : null);
  const reference = citation(
    { title: m.title, authors: m.authors.map((a) => a.fullName), year },
    t.appName,
    `${location.origin}/materials/${m.id}`,
    new Date(),
  );
  return (
    <article className="material">
      <BackToSearch />
      <h1>{m.title}</h1>
      {archived && (
        <p role="status" className="banner success">
          {life.archivedNotice(m.title)}
        </p>
      )}
      {!published && <Unpublished m={m} />}
      <MaterialTools
        m={m}
        onArchived={() => {
          setArchived(true);
          void refetch();
        }}
      />
      <dl className="facts">
        <dt>{t.kind}</dt>
        <dd>{t.kinds[m.kind] ?? m.kind}</dd>
        {'materialType' in m && m.materialType && (
          <>
            <dt>{t.materialType}</dt>
            <dd>{t.materialTypes[m.materialType]}</dd>
          </>
        )}
        {m.authors.length > 0 && (
          <>
            <dt>{t.authors}</dt>
            <dd>
              {m.authors.map((a, i) => (
                <span key={a.id}>
                  {i > 0 && '; '}
                  <Link href={`/people/${a.id}`}>{a.fullName}</Link>
                  {a.position ? `, ${a.position}` : ''}
                </span>
              ))}
            </dd>
          </>
        )}
        {m.organization && (
          <>
            <dt>{t.organization}</dt>
            <dd>
              <Link href={`/organizations/${m.organization.id}`}>{m.organization.name}</Link>, {m.organization.municipality}
            </dd>
          </>
        )}
        <ClassificationFacts m={m} />
        {m.publishedAt && (
          <>
            <dt>{t.published}</dt>
            <dd>{date(m.publishedAt)}</dd>
          </>
        )}
        {m.registrationNumber && (
          <>
            <dt>{t.registrationNumber}</dt>
            <dd>{m.registrationNumber}</dd>
          </>
        )}
        {published && (
          <>
            <dt>{t.views}</dt>
            <dd>{m.viewCount}</dd>
          </>
        )}
        {published && (
          <>
            <dt>{t.downloads}</dt>
            <dd>{m.downloadCount}</dd>
          </>
        )}
      </dl>
      {m.certificateUrl && (
        <p>
          <a href={m.certificateUrl}>{t.certificate}</a>
        </p>
      )}
      {/* The material's type is among the facts above, beside its kind. */}
      <KindFacts m={m} except={['materialType']} />
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
      {published && m.related.length > 0 && (
        <section aria-labelledby="related-title">
          <h2 id="related-title">{t.related}</h2>
          <MaterialList items={m.related} />
        </section>
      )}
      {published && (
        <section aria-labelledby="cite-title">
          <h2 id="cite-title">{t.howToCite}</h2>
          <p className="cite">{reference}</p>
          <p className="muted">{t.citationNote}</p>
        </section>
      )}
    </article>
  );
}
