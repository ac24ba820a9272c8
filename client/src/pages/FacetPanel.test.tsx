// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSearchState } from '../features/search/search-state.ts';
import { FacetPanel } from './SearchPage.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

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

let root: Root;
let host: HTMLElement;
beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

const render = (query: string) =>
  act(() => root.render(<FacetPanel facets={FACETS as never} state={parseSearchState(new URLSearchParams(query))} />));
const box = (label: string) => [...host.querySelectorAll('label')].find((l) => l.textContent?.includes(label))!.querySelector('input')!;

describe('facet panel', () => {
  it('shows each value with its count under the facet name, and hides empty facets', () => {
    render('q=дроби');
    expect([...host.querySelectorAll('legend')].map((l) => l.textContent)).toEqual(['Предмет', 'Уровень образования']);
    expect(host.textContent).toContain('Математика 42');
    expect(host.textContent).not.toContain('Сбросить фильтры');
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
    const clear = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Сбросить фильтры')!;
    act(() => clear.click());
    expect(new URL(location.href).searchParams.getAll('subject')).toEqual([]);
  });

  it('folds behind one button that says how many filters are on (phones)', () => {
    render('subject=s1&level=l1');
    const toggle = host.querySelector<HTMLButtonElement>('.facets-toggle')!;
    expect(toggle.textContent).toBe('Фильтры (2)');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    act(() => toggle.click());
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(host.querySelector('.facets')!.classList.contains('open')).toBe(true);
  });

  it('draws no filter on a phone until the panel is opened (on a wide screen, as the tests above, always)', () => {
    const viewport = (window as unknown as { happyDOM: { setViewport(size: { width: number; height: number }): void } }).happyDOM;
    viewport.setViewport({ width: 360, height: 740 });
    try {
      render('q=дроби');
      expect(host.querySelectorAll('input[type=checkbox]').length).toBe(0);
      expect(host.querySelector('#facet-groups')).not.toBeNull();
      act(() => host.querySelector<HTMLButtonElement>('.facets-toggle')!.click());
      expect(host.querySelectorAll('input[type=checkbox]').length).toBe(3);
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
    act(() => root.render(<FacetPanel facets={many as never} state={parseSearchState(new URLSearchParams('subject=s10'))} />));
    // The top eight, and a ticked value further down stays in sight.
    expect(host.querySelectorAll('input[type=checkbox]')).toHaveLength(9);
    const more = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Показать все (12)')!;
    act(() => more.click());
    expect(host.querySelectorAll('input[type=checkbox]')).toHaveLength(12);
    const filter = host.querySelector<HTMLInputElement>('input[type=search]')!;
    expect(filter.getAttribute('aria-label')).toBe('Найти в списке «Предмет»');
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(filter, 'искусств');
      filter.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // The match, and the ticked value.
    expect([...host.querySelectorAll('label')].map((l) => l.textContent)).toEqual(['Предмет 10 10', 'Изобразительное искусство 9']);
  });
});
