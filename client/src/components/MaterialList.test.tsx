// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { MaterialList } from './MaterialList.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Counts what builds an ICU date formatter: the first one on a page costs a phone a few hundred ms. */
function countDateFormatters(): { built: () => number; restore: () => void } {
  const original = {
    DateTimeFormat: Intl.DateTimeFormat,
    toLocaleDateString: Date.prototype.toLocaleDateString,
    toLocaleString: Date.prototype.toLocaleString,
  };
  let built = 0;
  Intl.DateTimeFormat = new Proxy(original.DateTimeFormat, {
    construct: (target, args) => (built++, Reflect.construct(target, args)),
    apply: (target, self, args) => (built++, Reflect.apply(target, self, args)),
  });
  Date.prototype.toLocaleDateString = function (this: Date, ...args: Parameters<Date['toLocaleDateString']>) {
    built++;
    return original.toLocaleDateString.apply(this, args);
  };
  Date.prototype.toLocaleString = function (this: Date, ...args: Parameters<Date['toLocaleString']>) {
    built++;
    return original.toLocaleString.apply(this, args);
  };
  return {
    built: () => built,
    restore: () => {
      Intl.DateTimeFormat = original.DateTimeFormat;
      Date.prototype.toLocaleDateString = original.toLocaleDateString;
      Date.prototype.toLocaleString = original.toLocaleString;
    },
  };
}

const host = document.createElement('div');
afterEach(() => host.replaceChildren());

describe('material list', () => {
  it("names each material's kind and month without building a date formatter", () => {
    const items = Array.from({ length: 15 }, (_, i) => ({
      __typename: 'Publication' as const,
      id: `m${i}`,
      title: `Материал ${i}`,
      kind: 'PUBLICATION',
      publishedAt: new Date(2026, i % 12, 15).toISOString(),
    }));
    const counter = countDateFormatters();
    const root = createRoot(host);
    try {
      act(() => root.render(<MaterialList items={items as never} />));
    } finally {
      counter.restore();
    }
    expect(host.querySelectorAll('li')[7]!.textContent).toBe('Материал 7Публикация · август 2026 г.');
    expect(counter.built()).toBe(0);
    act(() => root.unmount());
  });
});
