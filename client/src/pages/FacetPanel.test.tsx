// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { parseSearchState } from '../features/search/search-state.ts';
import { domRootPerTest } from '../test/dom-root.ts';
import { FacetPanel } from './SearchPage.tsx';

const FACETS = [
  {
    name: 'SUBJECT',
    values: [
      { value: 's1', label: 'Математика', count: 42 },
      { value: 's2', label: 'Физика', count: 7 },
    ],
  },
  { name: 'LEVEL', values: [{ value: 'l1', label: 'Основное общее', count: 30 }] },
  { name: 'YEAR', values: [] },
];

const dom = domRootPerTest();
const render = (query: string) => dom.render(<FacetPanel facets={FACETS as never} state={parseSearchState(new URLSearchParams(query))} />);
const box = (label: string) =>
  [...dom.host().querySelectorAll('label')].find((l) => l.textContent?.includes(label))!.querySelector('input')!;

describe('facet panel', () => {
  it('shows each value with its count under the facet name, and hides empty facets', () => {
    render('q=дроби');
    expect([...dom.host().querySelectorAll('legend')].map((l) => l.textContent)).toEqual(['Предмет', 'Уровень образования']);
    expect(dom.host().textContent).toContain('Математика 42');
    expect(dom.host().textContent).not.toContain('Сбросить фильтры');
  });

  it('puts a ticked value into the URL, keeping the query, and clears all at once', () => {
    history.replaceState(null, '', '/?q=дроби');
    render('q=дроби');
    act(() => box('Физика').click());
    const url = new URL(location.href);
    expect(url.searchParams.get('q')).toBe('дроби');
    expect(url.searchParams.getAll('subject')).toEqual(['s2']);

    render(url.search.slice(1));
    expect(box('Физика').checked).toBe(true);
    const clear = [...dom.host().querySelectorAll('button')].find((b) => b.textContent === 'Сбросить фильтры')!;
    act(() => clear.click());
    expect(new URL(location.href).searchParams.getAll('subject')).toEqual([]);
  });

  it('folds behind one button that says how many filters are on (phones)', () => {
    render('subject=s1&level=l1');
    const toggle = dom.host().querySelector<HTMLButtonElement>('.facets-toggle')!;
    expect(toggle.textContent).toBe('Фильтры (2)');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    act(() => toggle.click());
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(dom.host().querySelector('.facets')!.classList.contains('open')).toBe(true);
  });

  it('draws no filter on a phone until the panel is opened (on a wide screen, as the tests above, always)', () => {
    const viewport = (window as unknown as { happyDOM: { setViewport(size: { width: number; height: number }): void } }).happyDOM;
    viewport.setViewport({ width: 360, height: 740 });
    try {
      render('q=дроби');
      expect(dom.host().querySelectorAll('input[type=checkbox]').length).toBe(0);
      expect(dom.host().querySelector('#facet-groups')).not.toBeNull();
      act(() => dom.host().querySelector<HTMLButtonElement>('.facets-toggle')!.click());
      expect(dom.host().querySelectorAll('input[type=checkbox]').length).toBe(3);
    } finally {
      viewport.setViewport({ width: 1024, height: 768 });
    }
  });

  it('shows the top values, then all of them with «Показать все» and a filter that finds any by a part of its name', () => {
    const many = [
      {
        name: 'SUBJECT',
        values: Array.from({ length: 12 }, (_, i) => ({
          value: `s${i}`,
          label: i === 11 ? 'Изобразительное искусство' : `Предмет ${i}`,
          count: 20 - i,
        })),
      },
    ];
    dom.render(<FacetPanel facets={many as never} state={parseSearchState(new URLSearchParams('subject=s10'))} />);
    // The top eight, and a ticked value further down stays in sight.
    expect(dom.host().querySelectorAll('input[type=checkbox]')).toHaveLength(9);
    const more = [...dom.host().querySelectorAll('button')].find((b) => b.textContent === 'Показать все (12)')!;
    act(() => more.click());
    expect(dom.host().querySelectorAll('input[type=checkbox]')).toHaveLength(12);
    const filter = dom.host().querySelector<HTMLInputElement>('input[type=search]')!;
    expect(filter.getAttribute('aria-label')).toBe('Найти в списке «Предмет»');
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(filter, 'искусств');
      filter.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // The match, and the ticked value.
    expect([...dom.host().querySelectorAll('label')].map((l) => l.textContent)).toEqual(['Предмет 10 10', 'Изобразительное искусство 9']);
  });
});
