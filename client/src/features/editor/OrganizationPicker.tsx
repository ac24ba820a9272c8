import { gql } from '@apollo/client';
import { useLazyQuery } from '@apollo/client/react';
import { useState } from 'react';
import { t } from '../../app/i18n.ts';
import { work } from '../../app/texts/work.ts';
import { DirectorySearch } from './DirectorySearch.tsx';
import type { OrganizationSearchQueryQuery, OrganizationSearchQueryQueryVariables } from '../../gql/graphql.ts';

const SEARCH_ORGANIZATIONS = gql`
  query OrganizationSearchQuery($query: String!) {
    organizations(first: 8, filter: { query: $query }) {
      nodes {
        id
        name
        municipality
      }
    }
  }
`;

export interface ChosenOrganization {
  id: string;
  name: string;
  municipality?: string | null;
}

/** The material's organization: found in the directory by a part of its name. */
export function OrganizationPicker({
  value,
  onChange,
  disabled,
}: {
  value: ChosenOrganization | null;
  onChange: (organization: ChosenOrganization) => void;
  disabled?: boolean;
}) {
  const [query, setQuery] = useState('');
  const [search, found] = useLazyQuery<OrganizationSearchQueryQuery, OrganizationSearchQueryQueryVariables>(SEARCH_ORGANIZATIONS);
  const results = (found.data?.organizations.nodes ?? []).filter((o) => o.id !== value?.id);
  return (
    <fieldset className="authors-picker" id="f-organizationId">
      <legend>{t.organization}</legend>
      <p className="chosen">{value ? `${value.name}${value.municipality ? `, ${value.municipality}` : ''}` : work.noOrganization}</p>
      <DirectorySearch
        label={value ? work.changeOrganization : work.findOrganization}
        listLabel={work.findOrganization}
        query={query}
        onQuery={setQuery}
        onSearch={(text) => void search({ variables: { query: text } })}
        results={results}
        pick={(o) => {
          onChange(o);
          setQuery('');
        }}
        name={(o) => o.name}
        detail={(o) => o.municipality}
        hidden={disabled}
      />
    </fieldset>
  );
}
