// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { domRootPerTest } from '../../test/dom-root.ts';
import { KindFacts } from './KindFacts.tsx';

const dom = domRootPerTest();
const labels = () => [...dom.host().querySelectorAll('dt')].map((dt) => dt.textContent);

describe('kind facts', () => {
  const material = { __typename: 'MethodologicalMaterial', materialType: 'LESSON_PLAN' };

  it("shows a kind's own fields in Russian, and leaves out those the page shows elsewhere", () => {
    dom.render(<KindFacts m={material} />);
    expect(labels()).toEqual(['Тип материала']);
    expect(dom.host().textContent).toContain('конспект урока');
    dom.render(<KindFacts m={material} except={['materialType']} />);
    expect(dom.host().querySelector('dl')).toBeNull();
  });
});
