import { describe, expect, it } from 'vitest';
import { parseSearchState, toFilter, toggle, toSearchParams } from './search-state.ts';

describe('search state ↔ URL', () => {
  it('round-trips query, facets and sort through the URL', () => {
    const url = new URLSearchParams('q=ОВЗ 8 класс&subject=abc&subject=def&grade=5&sort=NEWEST&ignore=grade:8');
    const state = parseSearchState(url);
    expect(state).toEqual({
      query: 'ОВЗ 8 класс',
      selected: { SUBJECT: ['abc', 'def'], GRADE: ['5'] },
      sort: 'NEWEST',
      ignore: ['grade:8'],
    });
    expect(parseSearchState(toSearchParams(state))).toEqual(state);
  });

  it('turns the state into the API filter with numbers where numbers belong, and toggles values', () => {
    const state = toggle(toggle(parseSearchState(new URLSearchParams('year=2025')), 'SUBJECT', 'x'), 'YEAR', '2025');
    expect(state.selected).toEqual({ SUBJECT: ['x'] });
    expect(toFilter({ ...state, selected: { ...state.selected, GRADE: ['7'] } })).toEqual({ subjectIds: ['x'], grades: [7] });
  });

  it('ignores an unknown sort and empty values', () => {
    expect(parseSearchState(new URLSearchParams('sort=DROP&subject=&ignore='))).toEqual({
      query: '',
      selected: {},
      sort: 'RELEVANCE',
      ignore: [],
    });
  });
});
