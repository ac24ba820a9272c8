import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { t } from '../app/i18n.ts';
import type { SuggestQueryQuery, SuggestQueryQueryVariables } from '../gql/graphql.ts';

const SUGGEST_QUERY = gql`
  query SuggestQuery($query: String!) {
    suggest(query: $query) {
      materials {
        id
        title
      }
      people {
        id
        fullName
      }
    }
  }
`;

export interface Suggestion {
  id: string;
  label: string;
  href: string;
  person: boolean;
}

export const SUGGESTIONS_ID = 'suggestions';
export const optionId = (index: number) => `suggestion-${index}`;

/** Search-as-you-type: titles and people for what is being typed, after a short pause. */
export function useSuggestions(text: string): Suggestion[] {
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 150);
    return () => clearTimeout(timer);
  }, [text]);
  const { data } = useQuery<SuggestQueryQuery, SuggestQueryQueryVariables>(SUGGEST_QUERY, { variables: { query }, skip: query.length < 3 });
  const s = data?.suggest;
  if (query.length < 3 || text.trim().length < 3 || !s) return [];
  return [
    ...s.materials.map((m) => ({ id: m.id, label: m.title, href: `/materials/${m.id}`, person: false })),
    ...s.people.map((p) => ({ id: p.id, label: p.fullName, href: `/people/${p.id}`, person: true })),
  ];
}

/**
 * The list under the search box (the ARIA combobox pattern): the box keeps the focus, arrows move
 * the highlighted option (`aria-activedescendant`), Enter opens it, Escape closes the list.
 */
export function SuggestionList({ items, active, onPick }: { items: Suggestion[]; active: number; onPick: (item: Suggestion) => void }) {
  if (!items.length) return null;
  return (
    <ul className="suggestions" role="listbox" id={SUGGESTIONS_ID} aria-label={t.suggestions}>
      {items.map((item, i) => (
        // eslint-disable-next-line jsx-a11y/click-events-have-key-events -- the keyboard stays in the search box (combobox pattern), whose Enter picks the active option.
        <li
          key={item.id}
          id={optionId(i)}
          role="option"
          aria-selected={i === active}
          className={item.person ? 'person' : undefined}
          // Before the box's blur: the click still lands on the option.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onPick(item)}
        >
          {item.label}
        </li>
      ))}
    </ul>
  );
}
