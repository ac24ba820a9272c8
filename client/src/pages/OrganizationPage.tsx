import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { t } from '../app/i18n.ts';
import { Link } from '../app/router.tsx';
import { usePageTitle } from '../app/title.ts';
import { BackToSearch } from '../components/BackToSearch.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { MaterialList } from '../components/MaterialList.tsx';
import type { OrganizationPageQueryQuery, OrganizationPageQueryQueryVariables } from '../gql/graphql.ts';
import { QueryState } from '../components/QueryState.tsx';

const ORGANIZATION_QUERY = gql`
  query OrganizationPageQuery($id: ID!) {
    organization(id: $id) {
      id
      name
      municipality
      address
      website
      people(first: 100) {
        totalCount
        nodes {
          id
          fullName
          position
        }
      }
      materials(first: 50) {
        totalCount
        nodes {
          ...MaterialList_item
        }
      }
    }
  }
`;

export default function OrganizationPage({ id }: { id: string }) {
  const { data, loading, error, refetch } = useQuery<OrganizationPageQueryQuery, OrganizationPageQueryQueryVariables>(ORGANIZATION_QUERY, {
    variables: { id },
  });
  const o = data?.organization;
  usePageTitle(o?.name ?? (loading || error ? null : t.notFoundOrganization));
  if (loading || error || !o)
    return <QueryState loading={loading} error={error} onRetry={refetch} notFound={<NotFound title={t.notFoundOrganization} />} />;
  return (
    <article className="material">
      <BackToSearch />
      <h1>{o.name}</h1>
      <p>
        {[o.municipality, o.address].filter(Boolean).join(', ')}
        {o.website && (
          <>
            {' '}
            · <a href={o.website}>{o.website}</a>
          </>
        )}
      </p>
      <h2>{t.peopleCount(o.people.totalCount)}</h2>
      <ul className="people">
        {o.people.nodes.map((p) => (
          <li key={p.id}>
            <Link href={`/people/${p.id}`}>{p.fullName}</Link>
            {p.position ? `, ${p.position}` : ''}
          </li>
        ))}
      </ul>
      <h2>{t.materialsCount(o.materials.totalCount)}</h2>
      <MaterialList items={o.materials.nodes} />
    </article>
  );
}
