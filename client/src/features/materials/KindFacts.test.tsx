// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KindFacts } from './KindFacts.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

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

const labels = () => [...host.querySelectorAll('dt')].map((dt) => dt.textContent);

describe('kind facts', () => {
  const material = { __typename: 'MethodologicalMaterial', materialType: 'LESSON_PLAN' };

  it("shows a kind's own fields in Russian, and leaves out those the page shows elsewhere", () => {
    act(() => root.render(<KindFacts m={material} />));
    expect(labels()).toEqual(['Тип материала']);
    expect(host.textContent).toContain('конспект урока');
    act(() => root.render(<KindFacts m={material} except={['materialType']} />));
    expect(host.querySelector('dl')).toBeNull();
  });
});
