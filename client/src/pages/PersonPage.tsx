import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { t } from '../app/i18n.ts';
import { Link } from '../app/router.tsx';
import { MaterialList } from '../components/MaterialList.tsx';
import type { PersonPageQueryQuery, PersonPageQueryQueryVariables } from '../gql/graphql.ts';

const PERSON_QUERY = gql`
  query PersonPageQuery($id: ID!) {
    person(id: $id) {
      id fullName position qualificationCategory experienceYears youngSpecialist
      organization { id name municipality }
      subjects { id name }
      materials(first: 100) { totalCount nodes { ...MaterialList_item } }
    }
  }
`;

/** The author's portfolio: what attestation asks for, on one page. */
export default function PersonPage({ id }: { id: string }) {
  const { data, loading, error, refetch } = useQuery<PersonPageQueryQuery, PersonPageQueryQueryVariables>(PERSON_QUERY, { variables: { id } });
  if (loading) return <p aria-busy="true">{t.loading}</p>;
  if (error) return <p role="alert">{t.error} <button type="button" onClick={() => refetch()}>{t.retry}</button></p>;
  const p = data?.person;
  if (!p) return <p>{t.notFoundPerson} <Link href="/">{t.back}</Link></p>;
  return (
    <article className="material">
      <p><Link href="/">{t.back}</Link></p>
      <h1>{p.fullName}</h1>
      <dl className="facts">
        {p.position && <><dt>{t.position}</dt><dd>{p.position}</dd></>}
        {p.organization && <><dt>{t.organization}</dt><dd><Link href={`/organizations/${p.organization.id}`}>{p.organization.name}</Link>, {p.organization.municipality}</dd></>}
        {p.subjects.length > 0 && <><dt>{t.subjects}</dt><dd>{p.subjects.map((s) => s.name).join(', ')}</dd></>}
        <dt>{t.category}</dt><dd>{t.categories[p.qualificationCategory]}</dd>
        {p.experienceYears !== null && <><dt>{t.experience}</dt><dd>{t.years(p.experienceYears)}{p.youngSpecialist ? ` · ${t.youngSpecialist}` : ''}</dd></>}
      </dl>
      <h2>{t.materialsCount(p.materials.totalCount)}</h2>
      <MaterialList items={p.materials.nodes} />
    </article>
  );
}
