import { gql } from '@apollo/client';
import { useLazyQuery, useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { t } from '../../app/i18n.ts';
import { RequiredMark } from './RequiredMark.tsx';
import type { AuthorSearchQueryQuery, AuthorSearchQueryQueryVariables, CreateCoauthorMutationMutation, CreateCoauthorMutationMutationVariables } from '../../gql/graphql.ts';

const SEARCH_PEOPLE = gql`
  query AuthorSearchQuery($query: String!) {
    people(first: 8, filter: { query: $query }) { nodes { id fullName position organization { name } } }
  }
`;
const CREATE_PERSON = gql`
  mutation CreateCoauthorMutation($input: PersonInput!) {
    createPerson(input: $input) { id fullName position }
  }
`;

export interface Author {
  id: string;
  fullName: string;
  position?: string | null;
}

/** Authors in print order: find a teacher in the directory by name, or add one who is not there yet. */
export function AuthorsPicker({ id, authors, onChange, error, required }: { id?: string; authors: Author[]; onChange: (authors: Author[]) => void; error?: string; required?: boolean }) {
  const [query, setQuery] = useState('');
  const [search, found] = useLazyQuery<AuthorSearchQueryQuery, AuthorSearchQueryQueryVariables>(SEARCH_PEOPLE);
  const [create, creating] = useMutation<CreateCoauthorMutationMutation, CreateCoauthorMutationMutationVariables>(CREATE_PERSON);
  const [adding, setAdding] = useState<{ fullName: string; position: string } | null>(null);
  const chosen = new Set(authors.map((a) => a.id));
  const results = query.trim().length >= 2 ? (found.data?.people.nodes ?? []).filter((p) => !chosen.has(p.id)) : [];
  const add = (author: Author) => {
    onChange([...authors, author]);
    setQuery('');
  };
  return (
    <fieldset className="authors-picker" id={id} aria-describedby={error ? 'authors-error' : undefined}>
      <legend>{t.authors}<RequiredMark on={required} spoken /></legend>
      <ol>
        {authors.map((a, i) => (
          <li key={a.id}>
            {a.fullName}{a.position ? `, ${a.position}` : ''}{' '}
            <button type="button" className="link" onClick={() => onChange(authors.filter((_, k) => k !== i))} aria-label={t.removeAuthor(a.fullName)}>{t.remove}</button>
          </li>
        ))}
      </ol>
      <label>
        {t.findAuthor}
        <input
          type="search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            if (e.target.value.trim().length >= 2) void search({ variables: { query: e.target.value.trim() } });
          }}
        />
      </label>
      {results.length > 0 && (
        <ul className="picker-results" aria-label={t.findAuthor}>
          {results.map((p) => (
            <li key={p.id}>
              <button type="button" className="link" onClick={() => add(p)}>{p.fullName}</button>
              <span className="muted"> {[p.position, p.organization?.name].filter(Boolean).join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
      {adding ? (
        <div className="inline-form">
          <label>{t.fullName}<input value={adding.fullName} onChange={(e) => setAdding({ ...adding, fullName: e.target.value })} /></label>
          <label>{t.position}<input value={adding.position} onChange={(e) => setAdding({ ...adding, position: e.target.value })} /></label>
          <button
            type="button"
            disabled={adding.fullName.trim().split(/\s+/).length < 2 || creating.loading}
            onClick={async () => {
              const result = await create({ variables: { input: { fullName: adding.fullName.trim(), position: adding.position.trim() || null } } }).catch(() => null);
              if (result?.data) {
                add(result.data.createPerson);
                setAdding(null);
              }
            }}
          >
            {t.addPerson}
          </button>
          <button type="button" className="link" onClick={() => setAdding(null)}>{t.cancel}</button>
          {creating.error && <span role="alert" className="error">{creating.error.message}</span>}
        </div>
      ) : (
        <button type="button" className="link" onClick={() => setAdding({ fullName: query, position: '' })}>{t.newPerson}</button>
      )}
      {error && <span id="authors-error" className="error">{error}</span>}
    </fieldset>
  );
}
