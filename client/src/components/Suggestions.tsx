import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { t } from '../app/i18n.ts';
import { Link } from '../app/router.tsx';
import type { SuggestQueryQuery, SuggestQueryQueryVariables } from '../gql/graphql.ts';

const SUGGEST_QUERY = gql`
  query SuggestQuery($query: String!) {
    suggest(query: $query) { materials { id title } people { id fullName } }
  }
`;

/** Search-as-you-type: titles and people for what is being typed, after a short pause. */
export function Suggestions({ text, onPick }: { text: string; onPick: () => void }) {
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 150);
    return () => clearTimeout(timer);
  }, [text]);
  const { data } = useQuery<SuggestQueryQuery, SuggestQueryQueryVariables>(SUGGEST_QUERY, {
    variables: { query },
    skip: query.length < 3,
  });
  const s = data?.suggest;
  if (query.length < 3 || !s || (!s.materials.length && !s.people.length)) return null;
  return (
    <nav className="suggestions" aria-label={t.suggestions}>
      <ul>
        {s.materials.map((m) => <li key={m.id}><Link href={`/materials/${m.id}`} onClick={onPick}>{m.title}</Link></li>)}
        {s.people.map((p) => <li key={p.id} className="person"><Link href={`/people/${p.id}`} onClick={onPick}>{p.fullName}</Link></li>)}
      </ul>
    </nav>
  );
}
