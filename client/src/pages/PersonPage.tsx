import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { t } from '../app/i18n.ts';
import { Link } from '../app/router.tsx';
import { usePageTitle } from '../app/title.ts';
import { BackToSearch } from '../components/BackToSearch.tsx';
import { MaterialList } from '../components/MaterialList.tsx';
import { NotFound } from '../components/NotFound.tsx';
import type { PersonPageQueryQuery, PersonPageQueryQueryVariables } from '../gql/graphql.ts';
import { QueryState } from '../components/QueryState.tsx';

const PERSON_QUERY = gql`
  query PersonPageQuery($id: ID!) {
    person(id: $id) {
      id
      fullName
      position
      qualificationCategory
      experienceYears
      youngSpecialist
      organization {
        id
        name
        municipality
      }
      subjects {
        id
        name
      }
      materials(first: 100) {
        totalCount
        nodes {
          ...MaterialList_item
          registrationNumber
          certificateUrl
          ... on BestPractice {
            expertLevel
          }
        }
      }
    }
  }
`;

/** The author's portfolio: what attestation asks for, on one page — materials, certificates, recommendation levels. */
export default function PersonPage({ id }: { id: string }) {
  const { data, loading, error, refetch } = useQuery<PersonPageQueryQuery, PersonPageQueryQueryVariables>(PERSON_QUERY, {
    variables: { id },
  });
  const p = data?.person;
  usePageTitle(p?.fullName ?? (loading || error ? null : t.notFoundPerson));
  if (loading || error || !p)
    return <QueryState loading={loading} error={error} onRetry={refetch} notFound={<NotFound title={t.notFoundPerson} />} />;
  const certified = p.materials.nodes.filter((m) => m.certificateUrl);
  const recommended = p.materials.nodes.filter((m) => 'expertLevel' in m && m.expertLevel);
  return (
    <article className="material">
      <BackToSearch />
      <h1>{p.fullName}</h1>
      <dl className="facts">
        {p.position && (
          <>
            <dt>{t.position}</dt>
            <dd>{p.position}</dd>
          </>
        )}
        {p.organization && (
          <>
            <dt>{t.organization}</dt>
            <dd>
              <Link href={`/organizations/${p.organization.id}`}>{p.organization.name}</Link>, {p.organization.municipality}
            </dd>
          </>
        )}
        {p.subjects.length > 0 && (
          <>
            <dt>{t.subjects}</dt>
            <dd>{p.subjects.map((s) => s.name).join(', ')}</dd>
          </>
        )}
        <dt>{t.category}</dt>
        <dd>{t.categories[p.qualificationCategory]}</dd>
        {p.experienceYears !== null && (
          <>
            <dt>{t.experience}</dt>
            <dd>
              {t.years(p.experienceYears)}
              {p.youngSpecialist ? ` · ${t.youngSpecialist}` : ''}
            </dd>
          </>
        )}
      </dl>
      {recommended.length > 0 && (
        <section aria-labelledby="recommended-title">
          <h2 id="recommended-title">{t.recommended}</h2>
          <ul className="plain">
            {recommended.map((m) => (
              <li key={m.id}>
                <Link href={`/materials/${m.id}`}>{m.title}</Link> —{' '}
                {'expertLevel' in m && m.expertLevel ? t.expertLevelBadges[m.expertLevel] : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
      {certified.length > 0 && (
        <section aria-labelledby="certificates-title">
          <h2 id="certificates-title">{t.certificates}</h2>
          <ul className="plain">
            {certified.map((m) => (
              <li key={m.id}>
                <a href={m.certificateUrl!}>{t.certificateOf(m.title)}</a>
                {m.registrationNumber ? `, № ${m.registrationNumber}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2>{t.materialsCount(p.materials.totalCount)}</h2>
      <MaterialList items={p.materials.nodes} />
    </article>
  );
}
