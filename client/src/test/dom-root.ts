import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach } from 'vitest';

// React's act() warns unless it is told it runs in a test.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/**
 * A fresh element in the page and a React root in it for each test of the file (a happy-dom test),
 * unmounted and removed after it: `host()` is the element to query, `render` draws into it.
 */
export function domRootPerTest() {
  let root: Root | undefined;
  let host: HTMLElement | undefined;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root!.unmount());
    host!.remove();
  });
  return {
    host: () => host!,
    render: (node: ReactNode) => act(() => root!.render(node)),
  };
}
