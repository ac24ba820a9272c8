import { gql } from '@apollo/client';
import { useLazyQuery } from '@apollo/client/react';
import { useState } from 'react';
import { t } from '../../app/i18n.ts';
import type { OrganizationSearchQueryQuery, OrganizationSearchQueryQueryVariables } from '../../gql/graphql.ts';

const SEARCH_ORGANIZATIONS = gql`
  query OrganizationSearchQuery($query: String!) {
    organizations(first: 8, filter: { query: $query }) { nodes { id name municipality } }
  }
`;

export interface ChosenOrganization {
  id: string;
  name: string;
  municipality?: string | null;
}

/** The material's organization: found in the directory by a part of its name. */
export function OrganizationPicker({ value, onChange, disabled }: { value: ChosenOrganization | null; onChange: (organization: ChosenOrganization) => void; disabled?: boolean }) {
  const [query, setQuery] = useState('');
  const [search, found] = useLazyQuery<OrganizationSearchQueryQuery, OrganizationSearchQueryQueryVariables>(SEARCH_ORGANIZATIONS);
  const results = query.trim().length >= 2 ? (found.data?.organizations.nodes ?? []).filter((o) => o.id !== value?.id) : [];
  return (
    <fieldset className="authors-picker" id="f-organizationId">
      <legend>{t.organization}</legend>
      <p className="chosen">{value ? `${value.name}${value.municipality ? `, ${value.municipality}` : ''}` : t.work.noOrganization}</p>
      {!disabled && (
        <label>
          {value ? t.work.changeOrganization : t.work.findOrganization}
          <input
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              if (e.target.value.trim().length >= 2) void search({ variables: { query: e.target.value.trim() } });
            }}
          />
        </label>
      )}
      {results.length > 0 && (
        <ul className="picker-results" aria-label={t.work.findOrganization}>
          {results.map((o) => (
            <li key={o.id}>
              <button type="button" className="link" onClick={() => { onChange(o); setQuery(''); }}>{o.name}</button>
              <span className="muted"> {o.municipality}</span>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
