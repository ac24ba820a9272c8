import { gql } from '@apollo/client';
import { useLazyQuery, useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { t } from '../../app/i18n.ts';
import { DirectorySearch } from './DirectorySearch.tsx';
import { RequiredMark } from './RequiredMark.tsx';
import type {
  AuthorSearchQueryQuery,
  AuthorSearchQueryQueryVariables,
  CreateCoauthorMutationMutation,
  CreateCoauthorMutationMutationVariables,
} from '../../gql/graphql.ts';

/** Teachers in the directory by part of the name (the dictionaries' leader picker asks it too). */
export const SEARCH_PEOPLE = gql`
  query AuthorSearchQuery($query: String!) {
    people(first: 8, filter: { query: $query }) {
      nodes {
        id
        fullName
        position
        organization {
          name
        }
      }
    }
  }
`;
const CREATE_PERSON = gql`
  mutation CreateCoauthorMutation($input: PersonInput!) {
    createPerson(input: $input) {
      id
      fullName
      position
    }
  }
`;

export interface Author {
  id: string;
  fullName: string;
  position?: string | null;
}

/** Authors in print order: find a teacher in the directory by name, or add one who is not there yet. */
export function AuthorsPicker({
  id,
  authors,
  onChange,
  error,
  required,
}: {
  id?: string;
  authors: Author[];
  onChange: (authors: Author[]) => void;
  error?: string;
  required?: boolean;
}) {
  const [query, setQuery] = useState('');
  const [search, found] = useLazyQuery<AuthorSearchQueryQuery, AuthorSearchQueryQueryVariables>(SEARCH_PEOPLE);
  const [create, creating] = useMutation<CreateCoauthorMutationMutation, CreateCoauthorMutationMutationVariables>(CREATE_PERSON);
  const [adding, setAdding] = useState<{ fullName: string; position: string } | null>(null);
  const chosen = new Set(authors.map((a) => a.id));
  const results = (found.data?.people.nodes ?? []).filter((p) => !chosen.has(p.id));
  const add = (author: Author) => {
    onChange([...authors, author]);
    setQuery('');
  };
  return (
    <fieldset className="authors-picker" id={id} aria-describedby={error ? 'authors-error' : undefined}>
      <legend>
        {t.authors}
        <RequiredMark on={required} spoken />
      </legend>
      <ol>
        {authors.map((a, i) => (
          <li key={a.id}>
            {a.fullName}
            {a.position ? `, ${a.position}` : ''}{' '}
            <button
              type="button"
              className="link"
              onClick={() => onChange(authors.filter((_, k) => k !== i))}
              aria-label={t.removeAuthor(a.fullName)}
            >
              {t.remove}
            </button>
          </li>
        ))}
      </ol>
      <DirectorySearch
        label={t.findAuthor}
        query={query}
        onQuery={setQuery}
        onSearch={(text) => void search({ variables: { query: text } })}
        results={results}
        pick={add}
        name={(p) => p.fullName}
        detail={(p) => [p.position, p.organization?.name].filter(Boolean).join(', ')}
      />
      {adding ? (
        <div className="inline-form">
          <label>
            {t.fullName}
            <input value={adding.fullName} onChange={(e) => setAdding({ ...adding, fullName: e.target.value })} />
          </label>
          <label>
            {t.position}
            <input value={adding.position} onChange={(e) => setAdding({ ...adding, position: e.target.value })} />
          </label>
          <button
            type="button"
            disabled={adding.fullName.trim().split(/\s+/).length < 2 || creating.loading}
            onClick={async () => {
              const result = await create({
                variables: { input: { fullName: adding.fullName.trim(), position: adding.position.trim() || null } },
              }).catch(() => null);
              if (result?.data) {
                add(result.data.createPerson);
                setAdding(null);
              }
            }}
          >
            {t.addPerson}
          </button>
          <button type="button" className="link" onClick={() => setAdding(null)}>
            {t.cancel}
          </button>
          {creating.error && (
            <span role="alert" className="error">
              {creating.error.message}
            </span>
          )}
        </div>
      ) : (
        <button type="button" className="link" onClick={() => setAdding({ fullName: query, position: '' })}>
          {t.newPerson}
        </button>
      )}
      {error && (
        <span id="authors-error" className="error">
          {error}
        </span>
      )}
    </fieldset>
  );
}
