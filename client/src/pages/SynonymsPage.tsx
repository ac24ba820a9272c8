import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { t } from '../app/i18n.ts';
import { synonyms } from '../app/texts/synonyms.ts';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import type {
  CreateSearchSynonymMutationMutation,
  CreateSearchSynonymMutationMutationVariables,
  DeleteSearchSynonymMutationMutation,
  SynonymsPageQueryQuery,
  UpdateSearchSynonymMutationMutation,
  UpdateSearchSynonymMutationMutationVariables,
  ViewerQueryQuery,
} from '../gql/graphql.ts';
import { QueryState } from '../components/QueryState.tsx';

const SYNONYMS_QUERY = gql`
  query SynonymsPageQuery {
    searchSynonyms {
      id
      kind
      term
      variants
    }
  }
`;
const CREATE = gql`
  mutation CreateSearchSynonymMutation($input: SearchSynonymInput!) {
    createSearchSynonym(input: $input) {
      id
      kind
      term
      variants
    }
  }
`;
const UPDATE = gql`
  mutation UpdateSearchSynonymMutation($id: ID!, $input: SearchSynonymInput!) {
    updateSearchSynonym(id: $id, input: $input) {
      id
      kind
      term
      variants
    }
  }
`;
const DELETE = gql`
  mutation DeleteSearchSynonymMutation($id: ID!) {
    deleteSearchSynonym(id: $id)
  }
`;

type Entry = SynonymsPageQueryQuery['searchSynonyms'][number];
type Kind = Entry['kind'];
const KINDS: Kind[] = ['ABBREVIATION', 'WORDING'] as Kind[];
const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
const matches = (entry: Entry, filter: string) =>
  [entry.term, ...entry.variants].some((text) => text.toLowerCase().replace(/ё/g, 'е').includes(filter));

/** One entry's form: a new entry, or an existing one being edited. A refusal names its field, the draft stays. */
function EntryForm({ entry, done }: { entry?: Entry; done: (term?: string) => void }) {
  const [kind, setKind] = useState<Kind>(entry?.kind ?? KINDS[0]!);
  const [term, setTerm] = useState(entry?.term ?? '');
  const [variants, setVariants] = useState(entry?.variants.join('\n') ?? '');
  const refetchQueries = [{ query: SYNONYMS_QUERY }];
  const [create, created] = useMutation<CreateSearchSynonymMutationMutation, CreateSearchSynonymMutationMutationVariables>(CREATE, {
    refetchQueries,
  });
  const [update, updated] = useMutation<UpdateSearchSynonymMutationMutation, UpdateSearchSynonymMutationMutationVariables>(UPDATE, {
    refetchQueries,
  });
  const error = created.error ?? updated.error;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { kind, term, variants: lines(variants) };
    const ok = await (entry ? update({ variables: { id: entry.id, input } }) : create({ variables: { input } })).catch(() => null);
    if (ok) done(term.trim());
  };
  return (
    <form className="form" aria-label={entry ? `${synonyms.edit}: ${entry.term}` : synonyms.add} onSubmit={submit}>
      <label>
        {synonyms.kind}
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {synonyms.kinds[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {synonyms.term}
        <input required maxLength={100} value={term} onChange={(e) => setTerm(e.target.value)} />
      </label>
      <label>
        {synonyms.variants}
        <textarea required rows={3} value={variants} onChange={(e) => setVariants(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div>
        <button type="submit" disabled={created.loading || updated.loading}>
          {entry ? synonyms.save : synonyms.add}
        </button>{' '}
        <button type="button" className="link" onClick={() => done()}>
          {synonyms.cancel}
        </button>
      </div>
    </form>
  );
}

function Thesaurus() {
  const { data, loading, error, refetch } = useQuery<SynonymsPageQueryQuery>(SYNONYMS_QUERY);
  const [remove] = useMutation<DeleteSearchSynonymMutationMutation>(DELETE, { refetchQueries: [{ query: SYNONYMS_QUERY }] });
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const done = (term?: string) => {
    setEditing(null);
    setSaved(term ?? null);
  };
  if (error || loading || !data) return <QueryState loading={!error} error={error} onRetry={refetch} />;
  const wanted = filter.trim().toLowerCase().replace(/ё/g, 'е');
  const shown = data.searchSynonyms.filter((entry) => !wanted || matches(entry, wanted));
  return (
    <>
      {saved && (
        <p className="banner success" role="status">
          {synonyms.saved(saved)}
        </p>
      )}
      {editing === 'new' ? (
        <EntryForm done={done} />
      ) : (
        <button
          type="button"
          onClick={() => {
            setSaved(null);
            setEditing('new');
          }}
        >
          {synonyms.add}
        </button>
      )}
      <p>
        <label>
          {synonyms.filter} <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>{' '}
        <span className="count">{synonyms.count(shown.length)}</span>
      </p>
      <table>
        <thead>
          <tr>
            <th>{synonyms.term}</th>
            <th>{synonyms.variants}</th>
            <th>{synonyms.kind}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((entry) =>
            editing === entry.id ? (
              <tr key={entry.id}>
                <td colSpan={4}>
                  <EntryForm entry={entry} done={done} />
                </td>
              </tr>
            ) : (
              <tr key={entry.id}>
                <td>
                  <strong>{entry.term}</strong>
                </td>
                <td>
                  <ul className="variants">
                    {entry.variants.map((v) => (
                      <li key={v}>{v}</li>
                    ))}
                  </ul>
                </td>
                <td>{synonyms.kinds[entry.kind]}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="link"
                    aria-label={`${synonyms.edit}: ${entry.term}`}
                    onClick={() => {
                      setSaved(null);
                      setEditing(entry.id);
                    }}
                  >
                    {synonyms.edit}
                  </button>{' '}
                  <button
                    type="button"
                    className="link"
                    aria-label={`${synonyms.remove}: ${entry.term}`}
                    onClick={() => window.confirm(synonyms.confirmRemove(entry.term)) && remove({ variables: { id: entry.id } })}
                  >
                    {synonyms.remove}
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </>
  );
}

/** The search thesaurus for methodists: abbreviations and teachers' words with what they stand for. */
export default function SynonymsPage() {
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  if (viewer.loading) return <p aria-busy="true">{t.loading}</p>;
  return (
    <section className="synonyms">
      <h1>{synonyms.title}</h1>
      <p>{synonyms.intro}</p>
      {isMethodist(viewer.data?.viewer?.role) ? <Thesaurus /> : <p role="alert">{synonyms.forbidden}</p>}
    </section>
  );
}
